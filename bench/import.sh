#!/usr/bin/env bash
# The YesWiki import benchmark (issue #22): generates a YesWiki dump (10,000 pages, 100,000
# revisions, 2,000 Bazar entries; bench/yeswiki-dump.py), starts coopwiki on a fresh durable
# private cluster, imports the dump beside it with `coopwiki import yeswiki` (the release
# binary, under /usr/bin/time for its peak memory), then, as the reference from the same run,
# has PostgreSQL load the same revisions itself (`\copy` into a table with a primary key) on
# the same cluster. Prints one table, with the import process's own CPU time (the rest of its
# time is PostgreSQL's, or waiting) and the load average.
#
#   bench/import.sh            full size
#   bench/import.sh --quick    1,000 pages, 10,000 revisions, 200 entries: a smoke run
#   COOPWIKI_BIN=path bench/import.sh --quick    that binary instead of this tree's build
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pages=10000 revisions=100000 entries=2000
case "${1:-}" in
    --quick) pages=1000 revisions=10000 entries=200 ;;
    "") ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
work=${BENCH_DIR:-$root/target/bench-import}
mkdir -p "$work"

for tool in psql curl /usr/bin/time; do
    if ! command -v "$tool" >/dev/null; then
        if [ "$(id -u)" = 0 ]; then
            apt-get install -y -qq postgresql-client curl time >/dev/null
        else
            echo "$tool is missing: apt-get install postgresql-client curl time" >&2
            exit 1
        fi
    fi
done

if [ -n "${COOPWIKI_BIN:-}" ]; then
    bin=$COOPWIKI_BIN
else
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    bin=$root/target/release/coopwiki
fi

dump=$work/site-$revisions.sql tsv=$work/site-$revisions.tsv
if [ ! -s "$dump" ]; then
    echo "generating the dump ($pages pages, $revisions revisions, $entries entries)"
    python3 "$root/bench/yeswiki-dump.py" "$pages" "$revisions" "$entries" "$tsv" >"$dump"
fi

data=$work/data
rm -rf "$data"
mkdir -p "$data"
# The private cluster must be reachable by the postgres user when we are root.
chmod 755 "$work" "$data"
port=18093
"$bin" --data-dir "$data" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/-/health" >/dev/null 2>&1 && break
    sleep 0.2
done

# PostgreSQL's CPU seconds so far: the postmaster, its live processes, and those it reaped.
pg_cpu() {
    local postmaster
    postmaster=$(head -1 "$data/pg/postmaster.pid")
    {
        awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat"
        for child in $(pgrep -P "$postmaster"); do
            awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || true
        done
    } | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.2f", s / hz}'
}

socket=$(sed -n 5p "$data/pg/postmaster.pid")
psql_url="host=$socket dbname=coopwiki user=postgres"
# WAL written (MB, of which full-page images) and checkpoints begun, so far.
wal() {
    psql "$psql_url" -Atc "SELECT round(wal_bytes / 1048576), wal_fpi, (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) FROM pg_stat_wal"
}

IFS='|' read -r wal_before fpi_before checkpoints_before < <(wal)
pg_before=$(pg_cpu)
start=$(date +%s.%N)
/usr/bin/time -f "%M %U %S" -o "$work/rss.txt" \
    "$bin" --data-dir "$data" import yeswiki "$dump" >"$work/report.txt"
end=$(date +%s.%N)
import_seconds=$(echo "$end - $start" | bc -l)
pg_seconds=$(echo "$(pg_cpu) - $pg_before" | bc -l)
IFS='|' read -r wal_after fpi_after checkpoints_after < <(wal)
read -r rss_kb user_seconds system_seconds < <(tail -1 "$work/rss.txt")
rss_mb=$(( rss_kb / 1024 ))
cpu_seconds=$(echo "$user_seconds + $system_seconds" | bc -l)
written=$(awk '/revisions written/ {print $1}' "$work/report.txt")
# The running wiki's own peak (its indexer built the imported pages' documents meanwhile).
server_mb=$(( $(awk '/VmHWM/ {print $2}' "/proc/$server/status") / 1024 ))

psql "$psql_url" -qc "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (tag text, time timestamp, body text, PRIMARY KEY (tag, time))"
start=$(date +%s.%N)
psql "$psql_url" -qc "\\copy bench_copy FROM '$tsv'"
end=$(date +%s.%N)
copy_seconds=$(echo "$end - $start" | bc -l)
rows=$(wc -l <"$tsv")
psql "$psql_url" -qc "DROP TABLE bench_copy"

import_rate=$(echo "$written / $import_seconds" | bc -l)
copy_rate=$(echo "$rows / $copy_seconds" | bc -l)
printf '\n| measure | coopwiki import | reference: PostgreSQL \\copy | ratio |\n|---|---:|---:|---:|\n'
printf '| revisions per second (%s written, %.1f s) | %.0f | %.0f | %.3f× |\n' \
    "$written" "$import_seconds" "$import_rate" "$copy_rate" "$(echo "$import_rate / $copy_rate" | bc -l)"
printf '| peak memory of the import | %s MB | limit 300 MB | %.2f× |\n' "$rss_mb" "$(echo "$rss_mb / 300" | bc -l)"
printf '| peak memory of the running wiki | %s MB | limit 300 MB | %.2f× |\n' "$server_mb" "$(echo "$server_mb / 300" | bc -l)"
printf '| CPU of the import process (user + system) | %.1f s | | %.0f%% of its time |\n' \
    "$cpu_seconds" "$(echo "100 * $cpu_seconds / $import_seconds" | bc -l)"
printf '| CPU of PostgreSQL meanwhile (every process, the wiki'"'"'s indexer included) | %.1f s | | |\n' "$pg_seconds"
printf '| WAL written by the import (full-page images) | %s MB (%s) | %s checkpoints | |\n' \
    "$((wal_after - wal_before))" "$((fpi_after - fpi_before))" "$((checkpoints_after - checkpoints_before))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
head -20 "$work/report.txt"
