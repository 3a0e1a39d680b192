#!/usr/bin/env python3
"""How soon a saved page is found by search, while editors keep saving (issue #26).

Part of `bench/load.sh`, started beside the 16 editors' burst. Every INTERVAL seconds for
SECONDS seconds it saves one page of its own (from the end of the names file, pages the editors
do not reach) with a word no other page holds, then polls search for that word every 50 ms, on
a thread of its own, until the page is among the results. At most four probes wait at a time
(a new one is saved when one is found), so that the probe stays one person's load however far
search lags. A probe's figure is the time from
the save's answer to the first search that finds it: what a person who just saved waits before
a colleague finds the page. Probes still unanswered 120 s after their save are counted missed.

Prints one line for load.sh: `FRESHNESS count p50 p95 p99 max missed`, times in seconds.
"""

import argparse
import random
import string
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

GIVE_UP_AFTER = 120.0
POLL_EVERY = 0.05
AT_MOST_WAITING = 4


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A save answers 303 to the page: the answer is what counts, not the page after it."""

    def redirect_request(self, *args, **kwargs):
        return None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--names", required=True)
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--csrf", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--interval", type=float, default=0.25)
    args = parser.parse_args()

    with open(args.names) as names:
        pages = [line.split() for line in names if line.strip()]
    # From the end: the editors start at the first name, the editor alone at the middle.
    pages.reverse()
    opener = urllib.request.build_opener(NoRedirect)
    random.seed()
    latencies, missed = [], []
    lock = threading.Lock()

    def watch(path, word, saved_at):
        query = urllib.parse.urlencode({"q": word})
        needle = f'class="search-hit" href="{path}"'.encode()
        while time.monotonic() - saved_at < GIVE_UP_AFTER:
            request = urllib.request.Request(
                f"{args.url}/-/search?{query}", headers={"Cookie": args.cookie}
            )
            with urllib.request.urlopen(request) as answer:
                if needle in answer.read():
                    with lock:
                        latencies.append(time.monotonic() - saved_at)
                    return
            time.sleep(POLL_EVERY)
        with lock:
            missed.append(path)

    watchers = []
    started = time.monotonic()
    for path, base in pages:
        while sum(w.is_alive() for w in watchers) >= AT_MOST_WAITING:
            time.sleep(POLL_EVERY)
        if time.monotonic() - started >= args.seconds:
            break
        word = "fresh" + "".join(random.choices(string.ascii_lowercase, k=12))
        body = urllib.parse.urlencode(
            {
                "csrf": args.csrf,
                "base": base,
                "summary": "freshness probe",
                "body": f"A page saved during the burst, found by the word {word}.\n",
            }
        ).encode()
        request = urllib.request.Request(
            f"{args.url}{path}/edit",
            data=body,
            headers={
                "Cookie": args.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            opener.open(request).close()
            raise SystemExit(f"the probe's save of {path} was not answered with a redirect")
        except urllib.error.HTTPError as answer:
            if answer.code != 303:
                raise SystemExit(f"the probe's save of {path} answered {answer.code}")
        watcher = threading.Thread(target=watch, args=(path, word, time.monotonic()))
        watcher.start()
        watchers.append(watcher)
        time.sleep(args.interval)
    for watcher in watchers:
        watcher.join()

    if not latencies:
        print(f"FRESHNESS 0 - - - - {len(missed)}")
        return
    print(
        "FRESHNESS %d %.3f %.3f %.3f %.3f %d"
        % (
            len(latencies),
            percentile(latencies, 0.50),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
            max(latencies),
            len(missed),
        )
    )


if __name__ == "__main__":
    main()
