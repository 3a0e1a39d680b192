#!/usr/bin/env bash
# Makes the screenshots of docs/screenshots/ from a fresh wiki: its starter method sheets,
# the home page, an editor with its toolbar, a printable card. Headless Chromium, at a laptop's
# width (1280 px) and a phone's (390 px).
#
#   docs/screenshots/make.sh [BINARY]     (default: target/release/coopwiki)
#
# The wiki runs on its own private PostgreSQL cluster in a temporary directory, with anonymous
# editing on so that the editor can be shown without signing in; nothing else is touched.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
binary="${1:-target/release/coopwiki}"
port=18480
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
# The private cluster runs as the `postgres` user when started by root: it must enter here.
chmod o+x "$work"
trap 'kill "$wiki" 2> /dev/null || true; wait "$wiki" 2> /dev/null || true; rm -rf "$work"' EXIT

"$binary" --listen "127.0.0.1:$port" --data-dir "$work/data" --anonymous-editing \
  > "$work/wiki.log" 2>&1 &
wiki=$!
for _ in $(seq 1 120); do
  if curl -fsS "$base/-/ready" > /dev/null 2>&1; then break; fi
  sleep 0.5
done
if ! curl -fsS "$base/-/ready" > /dev/null; then
  echo "the wiki did not start:" >&2
  tail -n 20 "$work/wiki.log" >&2
  exit 1
fi

shot() { # NAME WIDTH HEIGHT PATH
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size="$2,$3" --screenshot="$here/$1.png" "$base$4" > /dev/null 2>&1
  echo "docs/screenshots/$1.png: $4 at $2 px"
}
shot home 1280 900 /
shot catalogue 1280 1000 /-/methods
shot method-sheet 1280 1100 /Consent_Decision-Making
shot editor 1280 900 /Consent_Decision-Making/edit?raw=1
shot catalogue-phone 390 844 /-/methods
shot method-sheet-phone 390 844 /Consent_Decision-Making
