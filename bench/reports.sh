#!/usr/bin/env bash
# Analytics benchmark: each report of a 1,000,000-row entity through the full stack (HTTP, auth, the
# report compiler, record access, shaping) against the same aggregation written by hand and run through
# pgbench on the same PostgreSQL, in one run; then a dashboard of 8 reports, computed afresh.
#
#   bench/reports.sh                         # 1,000,000 rows, 2 connections, 10 s per report
#   BENCH_ROWS=200000 BENCH_SECONDS=5 bench/reports.sh
#
# Needs wrk, pgbench and psql (Debian: apt-get install wrk postgresql-client). Uses a throwaway data
# directory; writes the report to bench/results/reports-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROWS=${BENCH_ROWS:-1000000}
SECONDS_PER=${BENCH_SECONDS:-10}
CONN=${BENCH_CONNECTIONS:-2}
PORT=${BENCH_PORT:-18181}
for tool in wrk pgbench psql curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install wrk postgresql-client curl)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/atrium-bench-reports.XXXXXX)
DATA="$WORK/data"
SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; [ -z "${BENCH_KEEP:-}" ] && rm -rf "$WORK"; true; }
trap cleanup EXIT

./atrium build >/dev/null
./atrium tenant create bench --data-dir "$DATA" >/dev/null 2>&1
ATRIUM_PASSWORD=bench-secret-2026 ./atrium user create --tenant bench --email bench@bench.test --admin --data-dir "$DATA" >/dev/null 2>&1
ATRIUM_SECURE_COOKIES=false ./atrium serve --data-dir "$DATA" --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do grep -q "running at" "$WORK/server.log" 2>/dev/null && break; sleep 0.5; done
grep -q "running at" "$WORK/server.log" || { echo "bench: the server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }
PGPORT=$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$WORK/server.log")
export PGPASSWORD=$(cat "$DATA/pg-password")
PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
BASE="http://127.0.0.1:$PORT"
login=$(curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"tenant":"bench","email":"bench@bench.test","password":"bench-secret-2026"}' "$BASE/api/v1/auth/login")
CSRF=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$login")
tok=$(curl -s -b "$WORK/cookies" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$BASE/api/v1/auth/tokens")
export ATRIUM_TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$tok")
api() { curl -s -o "$WORK/last.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $ATRIUM_TOKEN" -H 'Content-Type: application/json' "$@"; }

read -r code _ < <(api -d @bench/sale.entity.json "$BASE/api/v1/metadata/deployments")
[ "$code" = 201 ] || { echo "bench: deployment failed: $(cat "$WORK/last.json")" >&2; exit 1; }

echo "Loading $ROWS sale rows (SQL)..."
"${PSQL[@]}" <<SQL
SET session_replication_role = replica;
INSERT INTO t_bench.sale ("id", "owner_id", "created_by", "updated_by", "name", "amount", "stage", "region", "close_date", "account_name")
SELECT gen_random_uuid(), u, u, u, 'Sale ' || n, (n::bigint * 7919 % 20000)::numeric,
       (ARRAY['prospect', 'proposal', 'won', 'lost'])[1 + n % 4], (ARRAY['north', 'south', 'east', 'west', 'central'])[1 + n % 5],
       date '2024-01-01' + (n % 1095), 'Account ' || n % 5000
FROM generate_series(1, $ROWS) n, (SELECT '00000000-0000-7000-8000-000000000001'::uuid AS u) x;
ANALYZE t_bench.sale;
SQL

T="t_bench.sale"
W="\"deleted_at\" IS NULL"
declare -A HAND=(
  [by_stage]="SELECT stage, count(*), sum(amount) FROM $T WHERE $W GROUP BY ROLLUP (stage);"
  [by_region]="SELECT region, avg(amount), max(amount) FROM $T WHERE $W GROUP BY ROLLUP (region);"
  [by_month]="SELECT date_trunc('month', close_date)::date AS m, sum(amount) FROM $T WHERE $W GROUP BY ROLLUP (m);"
  [won_by_quarter]="SELECT date_trunc('quarter', close_date)::date AS q, sum(amount) FROM $T WHERE $W AND stage = 'won' GROUP BY ROLLUP (q);"
  [region_by_year]="SELECT region, date_trunc('year', close_date)::date AS y, sum(amount) FROM $T WHERE $W GROUP BY GROUPING SETS ((region, y), (region), (y), ());"
  [stage_by_region]="SELECT stage, region, count(*) FROM $T WHERE $W GROUP BY ROLLUP (stage, region);"
  [fiscal]="SELECT (date_trunc('year', close_date - interval '3 months') + interval '3 months')::date AS fy, sum(amount) FROM $T WHERE $W GROUP BY ROLLUP (fy);"
  [top_accounts]="SELECT account_name, sum(amount) AS s FROM $T WHERE $W AND stage = 'won' GROUP BY ROLLUP (account_name);"
)
RESULTS="| report | Atrium req/s | hand-written SQL tps | ratio | Atrium p50 ms | Atrium p99 ms | SQL p50 ms |\n|---|---|---|---|---|---|---|\n"
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); printf "%.1f", v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.1f", v } else { sub(/s$/, "", v); printf "%.1f", v * 1000 } }'; }
for r in by_stage by_region by_month won_by_quarter region_by_year stage_by_region fiscal top_accounts; do
  echo "Report $r: warm-up, wrk ${SECONDS_PER}s x $CONN, then pgbench the hand-written SQL"
  for _ in 1 2 3; do api "$BASE/api/v1/reports/sale/$r" > /dev/null; done
  printf 'wrk.headers["Authorization"] = "Bearer %s"\nrequest = function() return wrk.format("GET", "/api/v1/reports/sale/%s") end\n' "$ATRIUM_TOKEN" "$r" > "$WORK/r.lua"
  wrk -t1 -c"$CONN" -d"${SECONDS_PER}s" --latency -s "$WORK/r.lua" "$BASE" > "$WORK/wrk-$r.txt"
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-$r.txt")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk-$r.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk-$r.txt")")
  errors=$(awk '/Non-2xx/ { print $5 }' "$WORK/wrk-$r.txt")
  [ -z "$errors" ] || { echo "bench: $r answered $errors non-2xx" >&2; exit 1; }
  echo "${HAND[$r]}" > "$WORK/$r.sql"
  pgbench -n -M prepared -c "$CONN" -j 1 -T "$SECONDS_PER" -f "$WORK/$r.sql" -h 127.0.0.1 -p "$PGPORT" -U postgres postgres > "$WORK/pgbench-$r.txt" 2>&1
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/pgbench-$r.txt" | head -n1)
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$WORK/pgbench-$r.txt")
  ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  RESULTS+="| $r | $rps | $tps | $ratio | $p50 | $p99 | $lat |\n"
done

echo "Dashboard of 8 reports, computed afresh (refresh=true), 5 times; then from its cache"
times=()
for _ in 1 2 3 4 5; do read -r code s < <(api "$BASE/api/v1/dashboards/sale/all?refresh=true"); [ "$code" = 200 ] || { echo "bench: dashboard $code" >&2; exit 1; }; times+=("$s"); done
DASH_MS=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", a[int((NR + 1) / 2)] * 1000 }')
read -r code s < <(api "$BASE/api/v1/dashboards/sale/all")
CACHED_MS=$(awk -v s="$s" 'BEGIN { printf "%.0f", s * 1000 }')
single=()
for _ in 1 2 3 4 5; do read -r code s < <(api "$BASE/api/v1/reports/sale/by_stage"); single+=("$s"); done
SUM_MS=$(printf '%s\n' "${single[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", a[int((NR + 1) / 2)] * 1000 }')

REPORT="## Atrium analytics benchmark $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; $ROWS rows; $CONN connections; ${SECONDS_PER}s per report after 3 warm-up runs; wrk and pgbench on the same host as the server and PostgreSQL. The hand-written SQL is what a DBA would write for the same numbers (with the same subtotals).

$(printf "%b" "$RESULTS")
- A grouped count and sum over all $ROWS rows (by_stage), one request, warm: median ${SUM_MS} ms
- A dashboard of 8 reports computed afresh: median ${DASH_MS} ms; served from its cache: ${CACHED_MS} ms
"
mkdir -p bench/results
echo "$REPORT" | tee "bench/results/reports-$(date -u +%Y%m%d-%H%M).md"
