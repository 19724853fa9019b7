#!/usr/bin/env bash
# Atrium benchmark: the full stack (HTTP, auth, validation, metadata, SQL, audit trail) against the same
# SQL run through pgbench on the same PostgreSQL, in one run: on a bare copy of the table (same columns
# and indexes, no trigger) and on the audited table itself. Prints req/s and p50/p99 side by side with
# both ratios and the server's RSS, then checks an online column add on a 1,000,000-row entity while
# reads keep flowing. ATRIUM_JAVA_OPTS passes JVM options to the server (a JFR recording, say).
#
#   bench/run.sh                     # 200,000 rows, 16 connections, 15 s per scenario
#   BENCH_ROWS=50000 BENCH_SECONDS=5 BENCH_WARMUP=3 bench/run.sh
#
# Each scenario first runs wrk unmeasured for BENCH_WARMUP seconds (default 10) so the JIT has compiled
# the hot path; pgbench needs no warm-up.
#
# Needs wrk, pgbench and psql (Debian: apt-get install wrk postgresql-client). Uses a throwaway data
# directory; writes the report to bench/results/<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROWS=${BENCH_ROWS:-200000}
SECONDS_PER=${BENCH_SECONDS:-15}
WARMUP=${BENCH_WARMUP:-10}
CONN=${BENCH_CONNECTIONS:-16}
BIG_ROWS=${BENCH_BIG_ROWS:-1000000}
WIDTH_ROWS=${BENCH_WIDTH_ROWS:-5000}
PORT=${BENCH_PORT:-18180}
for tool in wrk pgbench psql curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install wrk postgresql-client curl)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/atrium-bench.XXXXXX)
DATA="$WORK/data"
SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; [ -z "${BENCH_KEEP:-}" ] && rm -rf "$WORK"; true; }
trap cleanup EXIT
KEEP=${BENCH_KEEP:-}

./atrium build >/dev/null
./atrium tenant create bench --data-dir "$DATA" >/dev/null 2>&1
ATRIUM_PASSWORD=bench-secret-2026 ./atrium user create --tenant bench --email bench@bench.test --admin --data-dir "$DATA" >/dev/null 2>&1

start_server() {
  # plain HTTP on loopback: cookies without Secure, so curl keeps the session
  ATRIUM_SECURE_COOKIES=false ./atrium serve --data-dir "$DATA" --port "$PORT" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do grep -q "running at" "$WORK/server.log" 2>/dev/null && return 0; sleep 0.5; done
  echo "bench: the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}
start_server
COLD_MS=$(sed -n 's/.*started in \([0-9]*\) ms.*/\1/p' "$WORK/server.log")
PGPORT=$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$WORK/server.log")
# the embedded PostgreSQL needs the password Atrium generated into the data directory
export PGPASSWORD=$(cat "$DATA/pg-password")
PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
BASE="http://127.0.0.1:$PORT"

login=$(curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"tenant":"bench","email":"bench@bench.test","password":"bench-secret-2026"}' "$BASE/api/v1/auth/login")
CSRF=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$login")
tok=$(curl -s -b "$WORK/cookies" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$BASE/api/v1/auth/tokens")
export ATRIUM_TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$tok")
api() { curl -s -o "$WORK/last.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $ATRIUM_TOKEN" -H 'Content-Type: application/json' "$@"; }

# a 10-field and a 1,000-field entity for the width scenario (ten text fields filled, the rest empty)
width_entity() { python3 -c "import json,sys; n=int(sys.argv[2]); print(json.dumps({'name': sys.argv[1], 'fields': [{'name': 'f%d' % i, 'type': 'text'} for i in range(n)]}))" "$@"; }
printf '{"entities":[%s,%s,%s,%s]}' "$(cat bench/deal.entity.json)" \
  '{"id":"ent_big","name":"big","fields":[{"id":"fld_big_name","name":"name","type":"text"},{"id":"fld_big_n","name":"n","type":"integer"}]}' \
  "$(width_entity narrow 10)" "$(width_entity wide 1000)" > "$WORK/deploy.json"
read -r code _ < <(api -d @"$WORK/deploy.json" "$BASE/api/v1/metadata/deployments")
[ "$code" = 201 ] || { echo "bench: deployment failed: $(cat "$WORK/last.json")" >&2; exit 1; }

TEN=$(seq -s, -f '"f%g"' 0 9)
echo "Loading $ROWS deal rows and $BIG_ROWS big rows (SQL, through the platform's own tables)..."
"${PSQL[@]}" <<SQL
-- a DBA's bulk load: bypass the audit trigger for the seed rows (the benchmarked writes are audited)
SET session_replication_role = replica;
INSERT INTO t_bench.deal ("id", "owner_id", "created_by", "updated_by", "name", "amount", "amount__currency", "stage", "close_date", "probability", "owner", "account_name", "email", "notes")
SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, u, u, u, 'Deal ' || n, (n * 7919 % 20000)::numeric, 'EUR',
       (ARRAY['prospect', 'proposal', 'won', 'lost'])[1 + n % 4], date '2026-01-01' + (n % 365), n % 100, 'owner ' || n % 50,
       'Account ' || n % 5000, 'deal' || n || '@example.com', 'notes for deal ' || n
FROM generate_series(1, $ROWS) n, (SELECT '00000000-0000-7000-8000-000000000001'::uuid AS u) x;
INSERT INTO t_bench.big ("id", "name", "n") SELECT gen_random_uuid(), 'row ' || n, n FROM generate_series(1, $BIG_ROWS) n;
INSERT INTO t_bench.narrow ("id", "owner_id", "created_by", "updated_by", $TEN)
SELECT gen_random_uuid(), u, u, u, $(printf "'value ' || n%.0s," $(seq 10) | sed 's/,$//')
FROM generate_series(1, $WIDTH_ROWS) n, (SELECT '00000000-0000-7000-8000-000000000001'::uuid AS u) x;
INSERT INTO t_bench.wide ("id", "owner_id", "created_by", "updated_by", $TEN)
SELECT "id", "owner_id", "created_by", "updated_by", $TEN FROM t_bench.narrow;
SQL
# what pgbench does before it measures: freshly loaded pages get their hint bits and visibility map now,
# not from the first scenario's readers (and autovacuum), and the load's dirty pages are written
"${PSQL[@]}" -c "VACUUM (ANALYZE) t_bench.deal" -c "VACUUM (ANALYZE) t_bench.big" \
  -c "VACUUM (ANALYZE) t_bench.narrow" -c "VACUUM (ANALYZE) t_bench.wide"
"${PSQL[@]}" <<SQL
-- the bare baseline: the same columns, defaults and indexes, no audit trigger, outside any tenant
CREATE TABLE public.deal_bare (LIKE t_bench.deal INCLUDING DEFAULTS INCLUDING INDEXES);
INSERT INTO public.deal_bare SELECT * FROM t_bench.deal;
VACUUM (ANALYZE) public.deal_bare;
CHECKPOINT;
SQL

export BENCH_DIR="$ROOT/bench" BENCH_ROWS="$ROWS"
MAX_RSS=0
sample_rss() { while kill -0 "$SERVER_PID" 2>/dev/null; do r=$(ps -o rss= -p "$SERVER_PID" | tr -d ' '); echo "$r"; sleep 1; done > "$WORK/rss.txt"; }

to_ms() { # wrk latency like 1.23ms / 850.00us / 1.02s -> ms
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v } else { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}
pct() { sort -n "$1" | awk -v p="$2" '{ a[NR] = $1 } END { i = int(NR * p); if (i < 1) i = 1; printf "%.2f", a[i] / 1000 }'; }

RESULTS="| operation | Atrium req/s | p50 ms | p99 ms | bare table tps | p50 ms | p99 ms | Atrium / bare | audited table tps | Atrium / audited | errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
pgb() { # op table label -> "tps p50 p99" for the same SQL on that table
  rm -f "$WORK"/pgb-"$3".*
  sed "s/t_bench\.deal/$2/g" "$ROOT/bench/pgbench/$1.sql" > "$WORK/$3.sql"
  (cd "$WORK" && pgbench -n -M prepared -c "$CONN" -j 2 -T "$SECONDS_PER" -D rows="$ROWS" -f "$WORK/$3.sql" \
     -l --log-prefix="pgb-$3" -h 127.0.0.1 -p "$PGPORT" -U postgres postgres > "pgbench-$3.txt" 2>&1)
  cat "$WORK"/pgb-"$3".* | awk '{ print $3 }' > "$WORK/lat-$3.txt"
  echo "$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/pgbench-$3.txt" | head -n1) $(pct "$WORK/lat-$3.txt" 0.50) $(pct "$WORK/lat-$3.txt" 0.99)"
}
sample_rss & RSS_PID=$!
for op in read list update create; do
  echo "Scenario $op: ${WARMUP}s JIT warm-up, wrk ${SECONDS_PER}s x $CONN connections, then pgbench the same SQL on the bare and the audited table"
  [ "$WARMUP" -gt 0 ] && wrk -t2 -c"$CONN" -d"${WARMUP}s" -s "bench/wrk/$op.lua" "$BASE" > /dev/null
  wrk -t2 -c"$CONN" -d"${SECONDS_PER}s" --latency -s "bench/wrk/$op.lua" "$BASE" > "$WORK/wrk-$op.txt"
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-$op.txt")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk-$op.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk-$op.txt")")
  errors=$(awk '/Non-2xx/ { print $5 } /Socket errors/ { print }' "$WORK/wrk-$op.txt" | tr '\n' ' ')
  read -r bare b50 b99 < <(pgb "$op" public.deal_bare "bare-$op")
  [ "$op" = read ] && bare_read=$bare
  read -r audited _ _ < <(pgb "$op" t_bench.deal "audited-$op")
  r_bare=$(awk -v a="$rps" -v b="$bare" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  r_aud=$(awk -v a="$rps" -v b="$audited" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  RESULTS+="| $op | $rps | $p50 | $p99 | $bare | $b50 | $b99 | $r_bare | $audited | $r_aud | ${errors:-none} |\n"
done
# what the durable view log costs: the read again, with every view written before the read is answered
read -r code _ < <(api -X PUT -d '{"durable":true}' "$BASE/api/v1/audit/view-log")
[ "$code" = 200 ] || { echo "bench: could not switch to durable views: $(cat "$WORK/last.json")" >&2; exit 1; }
wrk -t2 -c"$CONN" -d"${SECONDS_PER}s" --latency -s bench/wrk/read.lua "$BASE" > "$WORK/wrk-read-durable.txt"
rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-read-durable.txt")
p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk-read-durable.txt")")
p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk-read-durable.txt")")
r_bare=$(awk -v a="$rps" -v b="$bare_read" 'BEGIN { printf "%.0f%%", 100 * a / b }')
RESULTS+="| read, durable views | $rps | $p50 | $p99 | $bare_read | | | $r_bare | | | |\n"
api -X PUT -d '{"durable":false}' "$BASE/api/v1/audit/view-log" > /dev/null
kill "$RSS_PID" 2>/dev/null || true
MAX_RSS=$(sort -n "$WORK/rss.txt" | tail -n1)

echo "Latency below saturation: read, list and update at 4 connections (16 keep both cores busy)"
for op in read list update; do
  wrk -t2 -c4 -d"${SECONDS_PER}s" --latency -s "bench/wrk/$op.lua" "$BASE" > "$WORK/wrk-$op-4.txt"
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-$op-4.txt")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk-$op-4.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk-$op-4.txt")")
  errors=$(awk '/Non-2xx/ { print $5 } /Socket errors/ { print }' "$WORK/wrk-$op-4.txt" | tr '\n' ' ')
  RESULTS+="| $op, 4 connections | $rps | $p50 | $p99 | | | | | | | ${errors:-none} |\n"
done

echo "Floor: the same read by id from a bare Vert.x service on the same libraries (bench/Floor.java)"
JAVA_BIN="$(dirname "$(readlink -f "$(command -v java)")")"
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -x "$home/bin/java" ] && "$home/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && JAVA_BIN="$home/bin" && break
done
FLOOR_PORT=$((PORT + 1))
"$JAVA_BIN/java" -Xmx256m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp platform-core/target/atrium.jar \
  bench/Floor.java "$FLOOR_PORT" "$PGPORT" "$PGPASSWORD" > "$WORK/floor.log" 2>&1 &
FLOOR_PID=$!
for _ in $(seq 1 120); do grep -q "floor listening" "$WORK/floor.log" 2>/dev/null && break; sleep 0.5; done
echo 'request = function() return wrk.format("GET", "/deal/" .. random_id()) end' | cat bench/wrk/common.lua - > "$WORK/floor.lua"
[ "$WARMUP" -gt 0 ] && wrk -t2 -c"$CONN" -d"${WARMUP}s" -s "$WORK/floor.lua" "http://127.0.0.1:$FLOOR_PORT" > /dev/null
wrk -t2 -c"$CONN" -d"${SECONDS_PER}s" --latency -s "$WORK/floor.lua" "http://127.0.0.1:$FLOOR_PORT" > "$WORK/wrk-floor.txt"
kill "$FLOOR_PID"; wait "$FLOOR_PID" 2>/dev/null || true
rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-floor.txt")
p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$WORK/wrk-floor.txt")")
p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk-floor.txt")")
r_bare=$(awk -v a="$rps" -v b="$bare_read" 'BEGIN { printf "%.0f%%", 100 * a / b }')
errors=$(awk '/Non-2xx/ { print $5 } /Socket errors/ { print }' "$WORK/wrk-floor.txt" | tr '\n' ' ')
RESULTS+="| read, a bare Vert.x service (floor) | $rps | $p50 | $p99 | $bare_read | | | $r_bare | | | ${errors:-none} |\n"

echo "Width: the default list (50 newest) of a 10-field and a 1,000-field entity, through Atrium and as SQL alone"
WIDTH="| entity | Atrium req/s | p99 ms | its SQL alone, pgbench tps |\n|---|---|---|---|\n"
for e in narrow wide; do
  echo "request = function() return wrk.format('GET', '/api/v1/records/$e?limit=50') end" \
    | cat bench/wrk/common.lua - > "$WORK/$e.lua"
  [ "$WARMUP" -gt 0 ] && wrk -t2 -c8 -d"${WARMUP}s" -s "$WORK/$e.lua" "$BASE" > /dev/null
  wrk -t2 -c8 -d"${SECONDS_PER}s" --latency -s "$WORK/$e.lua" "$BASE" > "$WORK/wrk-$e.txt"
  n=$([ $e = narrow ] && echo 10 || echo 1000)
  echo "SELECT id, version, owner_id, created_at, created_by, updated_at, updated_by, deleted_at, $(seq -s, -f '"f%g"' 0 $((n - 1)))
    FROM t_bench.$e WHERE deleted_at IS NULL ORDER BY created_at DESC, id LIMIT 51;" > "$WORK/$e.sql"
  sql_tps=$(pgbench -n -M prepared -c 8 -j 2 -T "$SECONDS_PER" -f "$WORK/$e.sql" -h 127.0.0.1 -p "$PGPORT" -U postgres postgres 2>&1 \
    | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-$e.txt")
  [ $e = narrow ] && { narrow_rps=$rps; narrow_sql=$sql_tps; }
  WIDTH+="| $e ($n fields) | $rps | $(to_ms "$(awk '$1 == "99%" { print $2 }' "$WORK/wrk-$e.txt")") | $sql_tps |\n"
done
WIDTH+="\n1,000 fields against 10: Atrium $(awk -v a="$rps" -v b="$narrow_rps" 'BEGIN { printf "%.1f%%", 100 * a / b }'), \
the SQL alone $(awk -v a="$sql_tps" -v b="$narrow_sql" 'BEGIN { printf "%.1f%%", 100 * a / b }')\n"

echo "Online column add on $BIG_ROWS rows while wrk reads deals..."
wrk -t1 -c8 -d8s --latency -s bench/wrk/read.lua "$BASE" > "$WORK/wrk-during.txt" &
WRK_PID=$!
sleep 3
printf '{"entities":[{"id":"ent_big","name":"big","fields":[{"id":"fld_big_name","name":"name","type":"text"},{"id":"fld_big_n","name":"n","type":"integer"},{"id":"fld_big_new","name":"extra","type":"text"}]}]}' > "$WORK/add.json"
read -r code add_s < <(api -d @"$WORK/add.json" "$BASE/api/v1/metadata/deployments")
wait "$WRK_PID"
ADD_MS=$(awk -v s="$add_s" 'BEGIN { printf "%.0f", s * 1000 }')
DURING_RPS=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk-during.txt")
DURING_ERR=$(awk '/Non-2xx|Socket errors/' "$WORK/wrk-during.txt" | tr '\n' ' ')

kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
start_server
WARM_MS=$(sed -n 's/.*started in \([0-9]*\) ms.*/\1/p' "$WORK/server.log")

REPORT="## Atrium benchmark $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; $ROWS deal rows; $CONN connections; ${SECONDS_PER}s per scenario after ${WARMUP}s warm-up; wrk and pgbench on the same host as the server and PostgreSQL.

$(printf "%b" "$RESULTS")

$(printf "%b" "$WIDTH")
- Online add of a nullable field to an entity with $BIG_ROWS rows: HTTP $code in ${ADD_MS} ms (whole deployment request), while wrk read deals at ${DURING_RPS} req/s; errors during it: ${DURING_ERR:-none}
- Start-up (embedded PostgreSQL + migrations + HTTP): first start ${COLD_MS} ms, restart on existing data ${WARM_MS} ms
- Server RSS: at most $((MAX_RSS / 1024)) MB during the scenarios
"
mkdir -p bench/results
echo "$REPORT" | tee "bench/results/$(date -u +%Y%m%d-%H%M).md"
