#!/usr/bin/env bash
# The load benchmark (issue #9): builds the release binary, generates a wiki (100,000 pages,
# 1,000,000 revisions, 10,000 method sheets) and a small one (100 pages), serves both with
# coopwiki on private durable PostgreSQL clusters, serves the ~20 KB method page as a static
# file with nginx, then measures each over loopback with wrk for a bounded time and prints one
# table, every figure next to its reference from the same run.
#
#   bench/load.sh            full size, 10 s per measurement (generation: once, ~10 minutes)
#   bench/load.sh --quick    20,000 pages, 3 s per measurement: a smoke run
#
# Generated wikis are kept in target/bench-load/ (BENCH_DIR) and reused by the next run; delete
# that directory to generate again. Needs wrk and nginx (installed with apt-get when missing
# and run as root), and the PostgreSQL server binaries, like `cargo run`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=full
pages=100000 revisions=1000000 sheets=10000 history=10000 seconds=10
case "${1:-}" in
    --quick) mode=quick pages=20000 revisions=100000 sheets=300 history=1000 seconds=3 ;;
    "") ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
# The generated wikis: $work/full or $work/quick, and $work/small (the same for both modes).
work=${BENCH_DIR:-$root/target/bench-load}
mkdir -p "$work"

for tool in wrk nginx curl psql; do
    if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "installing wrk, nginx-light, curl and postgresql-client"
            apt-get install -y -qq wrk nginx-light curl postgresql-client >/dev/null
        else
            echo "$tool is missing: apt-get install wrk nginx-light curl postgresql-client" >&2
            exit 1
        fi
    fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "building the release binary"
(cd "$root" && cargo build --release --quiet)
bin=$root/target/release/coopwiki

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "${nginx_dir:-}" ]; then rm -rf "$nginx_dir"; fi
}
trap cleanup EXIT

# generate DIR PAGES REVISIONS SHEETS HISTORY
generate() {
    echo "generating (or reusing) the wiki in $1"
    RUST_LOG=warn "$bin" --data-dir "$1" bench-wiki --pages "$2" --revisions "$3" \
        --sheets "$4" --history "$5" --session-file "$1/session" --names-file "$1/names"
}

# serve DIR PORT: starts coopwiki and waits until it answers; sets $server_pid.
serve() {
    # The comment limit is a person's rate: the benchmark's one user posts far more.
    RUST_LOG=warn "$bin" --data-dir "$1" --listen "127.0.0.1:$2" --comment-limit 1000000000 \
        >"$1/server.log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 600); do
        if curl -sf "http://127.0.0.1:$2/-/health" >/dev/null; then return; fi
        sleep 0.1
    done
    echo "coopwiki did not start; see $1/server.log" >&2
    exit 1
}

big=$work/$mode
generate "$big" "$pages" "$revisions" "$sheets" "$history"
generate "$work/small" 100 1000 10 100
full_port=$(free_port)
serve "$big" "$full_port"
full_pid=$server_pid
small_port=$(free_port)
serve "$work/small" "$small_port"

# The previous run's saves left dead rows and stale statistics: autovacuum and autoanalyze would
# start during the read measurements (an ANALYZE of the search documents took a core for seconds
# and put the anonymous view's p99 at 131 ms). Done now, before anything is measured.
# A discussion of 500 comments (a reply to every fourth) on the history page, once.
psql -h "$big/pg" -p 5432 -U postgres -d coopwiki -qc "
    INSERT INTO comments (page_id, author_name, body, created_at)
    SELECT p.id, 'bench', 'Comment ' || i || ': we tried it with **' || i || '** people, see [[Bench method]].',
           now() - (1000 - i) * interval '1 minute'
    FROM pages p, generate_series(1, 400) AS i
    WHERE p.name = 'Bench history' AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.page_id = p.id);
    INSERT INTO comments (page_id, reply_to, author_name, body, created_at)
    SELECT c.page_id, c.id, 'bench', 'A reply to ' || c.id, c.created_at + interval '1 second'
    FROM comments c JOIN pages p ON p.id = c.page_id
    WHERE p.name = 'Bench history' AND c.reply_to IS NULL AND c.id % 4 = 0
      AND (SELECT count(*) FROM comments x WHERE x.page_id = p.id) = 400" >/dev/null
for dir in "$big" "$work/small"; do
    psql -h "$dir/pg" -p 5432 -U postgres -d coopwiki -qc 'VACUUM ANALYZE' >/dev/null
done
# The saves' reference: pgbench's TPC-B on the wiki's own cluster (same settings, same disk), in
# a database of its own, initialised once at scale 10.
pgbench_bin=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | sort -V | tail -1)
if ! psql -h "$big/pg" -p 5432 -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'pgbench'" | grep -q 1; then
    psql -h "$big/pg" -p 5432 -U postgres -d postgres -qc 'CREATE DATABASE pgbench' >/dev/null
    "$pgbench_bin" -h "$big/pg" -p 5432 -U postgres -i -q -s 10 pgbench >/dev/null 2>&1
fi

# A returning visitor's CSRF cookie (any 43 characters will do: the server takes them as its
# token), and the benchmark user's session.
csrf=benchbenchbenchbenchbenchbenchbenchbenchben
session=$(cat "$big/session")
# A signed-in visitor's forms carry the token derived from their session (`tokens::session_csrf_token`).
session_csrf=$(python3 -c 'import base64, hashlib, sys
digest = hashlib.sha256(b"coopwiki csrf token\0" + sys.argv[1].encode()).digest()
print(base64.urlsafe_b64encode(digest).decode().rstrip("="))' "$session")
anonymous=(-H "Cookie: csrf=$csrf")
signed_in=(-H "Cookie: csrf=$csrf; session=$session")
page=/Bench_method

# The static reference: the very HTML coopwiki serves a returning anonymous visitor.
nginx_dir=$(mktemp -d /tmp/coopwiki-nginx-XXXXXX)
chmod 755 "$nginx_dir"
mkdir -p "$nginx_dir/www" "$nginx_dir/tmp"
curl -sf "${anonymous[@]}" "http://127.0.0.1:$full_port$page" >"$nginx_dir/www/page.html"
chmod 644 "$nginx_dir/www/page.html"
nginx_port=$(free_port)
sed -e "s|@PORT@|$nginx_port|g" -e "s|@DIR@|$nginx_dir|g" "$root/bench/nginx.conf.in" \
    >"$nginx_dir/nginx.conf"
"$nginx_bin" -c "$nginx_dir/nginx.conf" -p "$nginx_dir" &
pids+=("$!")
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$nginx_port/" >/dev/null && break
    sleep 0.1
done
page_bytes=$(wc -c <"$nginx_dir/www/page.html")

# measure NAME CONNECTIONS URL [wrk options...]: one bounded wrk run; keeps its RESULT line.
declare -A result
measure() {
    local name=$1 connections=$2 url=$3
    shift 3
    local threads=2
    [ "$connections" -lt 2 ] && threads=1
    local line
    line=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
        -s "$root/bench/report.lua" "$@" "$url" | grep '^RESULT' || true)
    if [ -z "$line" ]; then
        echo "wrk failed for $name" >&2
        exit 1
    fi
    result[$name]=${line#RESULT }
    printf '  %-22s %s\n' "$name" "${result[$name]}"
}

# field NAME INDEX: 1 requests/s, 2 p50, 3 p95, 4 p99 (ms), 5 errors, 6 requests.
field() { echo "${result[$1]}" | cut -d' ' -f"$2"; }

# wrk takes one script: the request scripts get report.lua's done() appended.
cat "$root/bench/save.lua" "$root/bench/report.lua" >"$big/save-run.lua"
cat "$root/bench/search.lua" "$root/bench/report.lua" >"$big/search-run.lua"
cat "$root/bench/comment.lua" "$root/bench/report.lua" >"$big/comment-run.lua"

echo "measuring ($mode, ${seconds} s each, page of $page_bytes bytes; load average $(cut -d' ' -f1-3 /proc/loadavg))"
local_url=http://127.0.0.1
curl -sf "${anonymous[@]}" "$local_url:$small_port$page" >/dev/null
curl -sf "${signed_in[@]}" "$local_url:$full_port$page" >/dev/null
measure nginx 50 "$local_url:$nginx_port$page"
measure anonymous 50 "$local_url:$full_port$page" "${anonymous[@]}"
measure anonymous_small 50 "$local_url:$small_port$page" "${anonymous[@]}"
measure first_visit 50 "$local_url:$full_port$page"
measure signed_in 50 "$local_url:$full_port$page" "${signed_in[@]}"
measure nginx2 50 "$local_url:$nginx_port$page"
measure anonymous2 50 "$local_url:$full_port$page" "${anonymous[@]}"
measure anonymous_small2 50 "$local_url:$small_port$page" "${anonymous[@]}"
measure catalogue 1 \
    "$local_url:$full_port/-/methods?lang=en&group_size=12&duration=45&purposes=decide&modality=online&modality=hybrid" \
    "${anonymous[@]}"
measure search 1 "$local_url:$full_port" -s "$big/search-run.lua" "${anonymous[@]}"
measure history 1 "$local_url:$full_port/Bench_history/history" "${anonymous[@]}"
measure diff 1 "$local_url:$full_port/Bench_diff/diff?from=1&to=2" "${anonymous[@]}"
# The last hundred threads of a 500-comment discussion, rendered at each request (the page
# itself shows twenty, from the view cache).
measure thread 1 "$local_url:$full_port/Bench_history/discussion?page=4" "${anonymous[@]}"
# The saves come last: each run rewrites some 11,000 pages with the same English text, which
# changes what the search and catalogue lines would read (run on a wiki reused many times,
# their figures drift: delete $work to generate it again).
# pgbench's TPC-B with as many clients as editors, just before them: what the cluster commits
# when the work is PostgreSQL's alone. tps, then the mean latency in ms.
pgbench_tpcb=$("$pgbench_bin" -h "$big/pg" -p 5432 -U postgres -n -c 16 -j 2 -T "$seconds" pgbench \
    2>/dev/null | awk '/^tps/ {tps = $3} /^latency average/ {lat = $4} END {print tps, lat}')
printf '  %-22s %s\n' "pgbench TPC-B" "$pgbench_tpcb"
export BENCH_NAMES="$big/names" BENCH_CSRF=$session_csrf
# While the 16 save, a probe saves a page with a unique word every quarter second and times
# how soon search finds it (bench/freshness.py).
python3 "$root/bench/freshness.py" --url "$local_url:$full_port" --names "$big/names" \
    --cookie "csrf=$csrf; session=$session" --csrf "$session_csrf" --seconds "$seconds" \
    >"$big/freshness.out" &
freshness_pid=$!
measure save 16 "$local_url:$full_port" -s "$big/save-run.lua" "${signed_in[@]}"
# Saves queue their pages for the search indexer, which yields to editors while they save: the
# backlog it has left, and how long it takes to catch up once they stop.
queued() { psql -h "$big/pg" -p 5432 -U postgres -d coopwiki -tAc 'SELECT count(*) FROM search_queue'; }
backlog=$(queued)
drain_start=$(date +%s.%N)
while [ "$(queued)" != 0 ]; do sleep 0.1; done
drain_seconds=$(awk -v a="$drain_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
printf '  %-22s %s pages queued, indexed %s s later\n' "search backlog" "$backlog" "$drain_seconds"
wait "$freshness_pid"
# count p50 p95 p99 max missed, in seconds.
freshness=$(sed -n 's/^FRESHNESS //p' "$big/freshness.out")
printf '  %-22s %s\n' "search freshness" "$freshness"
# One person commenting, each time on another page (after the saves: the view cache is cold).
measure comment 1 "$local_url:$full_port" -s "$big/comment-run.lua" "${signed_in[@]}"
# The 16 editors again, on the pages after those of the first burst, with one person searching
# meanwhile: search's latency while the wiki is busy writing.
offset=$(($(field save 6) * 9 / 8 + 16))
wrk -t1 -c1 -d"${seconds}s" --timeout 10s -s "$big/search-run.lua" "${anonymous[@]}" \
    "$local_url:$full_port" >"$big/search-busy.out" &
search_busy_pid=$!
BENCH_OFFSET=$offset measure save_busy 16 "$local_url:$full_port" -s "$big/save-run.lua" \
    "${signed_in[@]}"
wait "$search_busy_pid"
result[search_busy]=$(sed -n 's/^RESULT //p' "$big/search-busy.out")
printf '  %-22s %s\n' "search_busy" "${result[search_busy]}"
while [ "$(queued)" != 0 ]; do sleep 0.1; done
# One editor alone, on pages neither burst touched: a save's own latency, without queueing.
BENCH_OFFSET=$((offset + $(field save_busy 6) * 9 / 8 + 16)) measure save_alone 1 "$local_url:$full_port" \
    -s "$big/save-run.lua" "${signed_in[@]}"
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$full_pid/status")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$full_pid/status")

# first_answer DIR PORT: starts coopwiki on DIR and prints the seconds until its front page
# answers 200, then stops it (a fast shutdown, as Ctrl-C does).
first_answer() {
    local started pid
    started=$(date +%s.%N)
    RUST_LOG=warn "$bin" --data-dir "$1" --listen "127.0.0.1:$2" >>"$1.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$2/"; do
        if ! kill -0 "$pid" 2>/dev/null; then echo "coopwiki did not start; see $1.log" >&2; exit 1; fi
        sleep 0.005
    done
    awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'
    kill -INT "$pid"
    wait "$pid" || true
}
# A cold start: an empty data directory (initdb, migrations, the starter catalogue), then a
# restart of the same, on the disk the wikis are on.
cold=$work/cold
rm -rf "$cold" "$cold.log"
cold_port=$(free_port)
cold_start=$(first_answer "$cold" "$cold_port")
restart=$(first_answer "$cold" "$cold_port")
printf '  %-22s %s s, restart %s s\n' "cold start" "$cold_start" "$restart"

avg() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (a + b) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" \
    'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "MISSED" }'; }

nginx_rps=$(avg "$(field nginx 1)" "$(field nginx2 1)")
nginx_p50=$(avg "$(field nginx 2)" "$(field nginx2 2)")
nginx_p99=$(avg "$(field nginx 4)" "$(field nginx2 4)")
anon_rps=$(avg "$(field anonymous 1)" "$(field anonymous2 1)")
anon_p50=$(avg "$(field anonymous 2)" "$(field anonymous2 2)")
anon_p99=$(avg "$(field anonymous 4)" "$(field anonymous2 4)")
small_rps=$(avg "$(field anonymous_small 1)" "$(field anonymous_small2 1)")
errors=0
for name in "${!result[@]}"; do errors=$((errors + $(field "$name" 5))); done

echo
echo "coopwiki load benchmark, $mode: $pages pages, $revisions revisions, $sheets sheets;"
echo "wrk over loopback, ${seconds} s per line, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
row() { printf '| %-44s | %12s | %-26s | %7s | %-9s | %-6s |\n' "$@"; }
row "measure" "coopwiki" "reference (same run)" "ratio" "target" "result"
row "--------------------------------------------" "------------" "--------------------------" \
    "-------" "---------" "------"
r=$(ratio "$anon_rps" "$nginx_rps")
row "anonymous view, req/s (50 connections)" "$anon_rps" "nginx static $nginx_rps" "$r" ">= 0.9" \
    "$(verdict "$r" '>=' 0.9)"
row "anonymous view, p50 ms" "$anon_p50" "nginx $nginx_p50" "$(ratio "$anon_p50" "$nginx_p50")" "" ""
r=$(ratio "$anon_p99" "$nginx_p99")
row "anonymous view, p99 ms" "$anon_p99" "nginx $nginx_p99" "$r" "<= 1.2" "$(verdict "$r" '<=' 1.2)"
r=$(ratio "$(field first_visit 1)" "$nginx_rps")
row "first visit (no cookie: new CSRF), req/s" "$(field first_visit 1)" "nginx $nginx_rps" "$r" "" ""
r=$(ratio "$(field signed_in 1)" "$nginx_rps")
row "signed-in view, req/s" "$(field signed_in 1)" "nginx $nginx_rps" "$r" ">= 0.85" \
    "$(verdict "$r" '>=' 0.85)"
r=$(ratio "$(field signed_in 4)" "$nginx_p99")
row "signed-in view, p99 ms" "$(field signed_in 4)" "nginx $nginx_p99" "$r" "<= 1.5" \
    "$(verdict "$r" '<=' 1.5)"
pgbench_tps=${pgbench_tpcb%% *}
r=$(ratio "$(field save 1)" "$pgbench_tps")
row "save, 16 editors, distinct pages: saves/s" "$(field save 1)" "pgbench TPC-B $pgbench_tps tps" \
    "$r" ">= 0.6" "$(verdict "$r" '>=' 0.6)"
row "save, 16 editors: median ms" "$(field save 2)" "pgbench mean ${pgbench_tpcb##* }" "" "< 6 ms" \
    "$(verdict "$(field save 2)" '<' 6)"
row "save, 16 editors: p99 ms" "$(field save 4)" "" "" "< 25 ms" "$(verdict "$(field save 4)" '<' 25)"
read -r fresh_count fresh_p50 fresh_p95 fresh_p99 fresh_max fresh_missed <<<"$freshness"
row "saved during the burst to found, p95 s" "$fresh_p95" "$fresh_count probes, p50 $fresh_p50" "" \
    "< 1 s" "$( [ "$fresh_missed" = 0 ] && verdict "$fresh_p95" '<' 1 || echo MISSED)"
row "saved during the burst to found, p99 s" "$fresh_p99" "max $fresh_max, $fresh_missed missed" "" \
    "< 2 s" "$( [ "$fresh_missed" = 0 ] && verdict "$fresh_p99" '<' 2 || echo MISSED)"
row "search backlog after the 16 editors, pages" "$backlog" "indexed $drain_seconds s later" "" "" ""
row "save, one editor alone: median ms" "$(field save_alone 2)" \
    "$(field save_alone 1) saves/s, p99 $(field save_alone 4)" "" "" ""
row "catalogue filter with counts, p95 ms" "$(field catalogue 3)" "median $(field catalogue 2)" "" \
    "< 30 ms" "$(verdict "$(field catalogue 3)" '<' 30)"
row "search (6 kinds of query), p95 ms" "$(field search 3)" "median $(field search 2)" "" \
    "< 15 ms" "$(verdict "$(field search 3)" '<' 15)"
row "search during the 16 editors' saves, p95 ms" "$(field search_busy 3)" \
    "median $(field search_busy 2)" "" "< 15 ms" "$(verdict "$(field search_busy 3)" '<' 15)"
row "history of a page of $history revisions, p95 ms" "$(field history 3)" \
    "median $(field history 2)" "" "" ""
row "diff of two ~60 KB revisions, p95 ms" "$(field diff 3)" "median $(field diff 2)" "" "" ""
row "discussion of 500 comments, 100 threads, p95 ms" "$(field thread 3)" "median $(field thread 2)" "" \
    "< 50 ms" "$(verdict "$(field thread 3)" '<' 50)"
row "post a comment, one person, p95 ms" "$(field comment 3)" \
    "$(field comment 1) comments/s, median $(field comment 2)" "" "< 20 ms" \
    "$(verdict "$(field comment 3)" '<' 20)"
r=$(ratio "$anon_rps" "$small_rps")
row "view at $pages pages vs 100 pages, req/s" "$anon_rps" "100 pages: $small_rps" "$r" ">= 0.9" \
    "$(verdict "$r" '>=' 0.9)"
row "cold start: empty data directory to a 200, s" "$cold_start" "" "" "< 1.5 s" \
    "$(verdict "$cold_start" '<' 1.5)"
row "restart to a 200, s" "$restart" "" "" "< 0.2 s" "$(verdict "$restart" '<' 0.2)"
row "server memory after the run: VmHWM, MB" "$((hwm / 1024))" "VmRSS $((rss / 1024)) MB" "" \
    "< 150 MB" "$(verdict "$((hwm / 1024))" '<' 150)"
echo
echo "nginx runs: $(field nginx 1) and $(field nginx2 1) req/s; anonymous runs: $(field anonymous 1) and $(field anonymous2 1); 100 pages: $(field anonymous_small 1) and $(field anonymous_small2 1)."
echo "Errors (status >= 400, socket errors) over all runs: $errors."
