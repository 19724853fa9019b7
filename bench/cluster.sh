#!/usr/bin/env bash
# Two Atrium nodes on one durable PostgreSQL (the system's, fsync on) behind nginx on loopback, the way an
# operator runs them, with faults injected under load from wrk:
#   1. a deployment and a token revocation on node A, seen through node B (how long it took);
#   2. kill -9 of node A under create load: every acknowledged create is in the database, none twice;
#   3. a rolling restart (SIGTERM A, start A, SIGTERM B, start B) under mixed load: no failed request;
#   4. PostgreSQL restarted under load: answers are 2xx or 503 (never 500), nodes recover on their own.
#
#   bench/cluster.sh            # prints a report and writes it to bench/results/cluster-<date>.md
#
# Needs wrk, nginx, curl, psql and a PostgreSQL server (Debian: apt-get install wrk nginx curl postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
for tool in wrk nginx psql curl; do
  command -v "$tool" >/dev/null || { echo "cluster: $tool is needed (apt-get install wrk nginx postgresql curl)" >&2; exit 1; }
done
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$PGBIN/initdb" ] || { echo "cluster: a PostgreSQL server is needed (apt-get install postgresql)" >&2; exit 1; }
PGPORT=${CLUSTER_PG_PORT:-55432}
LB=${CLUSTER_LB_PORT:-18280}
PORT_A=18281
PORT_B=18282
WORK=$(mktemp -d /tmp/atrium-cluster.XXXXXX)
chmod 755 "$WORK"
SHARED="$WORK/shared"   # attachments and plugins: one directory both nodes see (a shared volume in production)
mkdir -p "$SHARED" "$WORK/out"
declare -A PID
REPORT="$WORK/report.md"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for n in A B; do [ -n "${PID[$n]:-}" ] && kill -9 "${PID[$n]}" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -z "${CLUSTER_KEEP:-}" ] && rm -rf "$WORK"
  true
}
trap cleanup EXIT
say() { echo "$*" | tee -a "$REPORT"; }

# --- PostgreSQL: a real server, durable settings (fsync and synchronous_commit on, the defaults)
mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
PSQL=(psql -q -X -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE atrium"
export ATRIUM_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/atrium" ATRIUM_DB_USER=postgres ATRIUM_DB_PASSWORD=unused
export ATRIUM_SECURE_COOKIES=false ATRIUM_DRAIN_SECONDS=20

./atrium build >/dev/null
./atrium tenant create cluster --data-dir "$SHARED" >/dev/null 2>&1
ATRIUM_PASSWORD=cluster-secret-2026 ./atrium user create --tenant cluster --email ops@cluster.test --admin \
  --data-dir "$SHARED" >/dev/null 2>&1

start_node() { # name port
  ATRIUM_LOG_FORMAT=json ./atrium serve --data-dir "$SHARED" --port "$2" >> "$WORK/node-$1.log" 2>&1 &
  PID[$1]=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$2/api/v1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "${PID[$1]}" 2>/dev/null || break
    sleep 0.25
  done
  echo "cluster: node $1 did not start:" >&2; tail -20 "$WORK/node-$1.log" >&2; exit 1
}
stop_node() { # name: SIGTERM, wait for the drain to end
  kill -TERM "${PID[$1]}"; wait "${PID[$1]}" 2>/dev/null || true; PID[$1]=""
}
start_node A $PORT_A
start_node B $PORT_B

mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<NGINX
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  upstream atrium {
    server 127.0.0.1:$PORT_A max_fails=0;
    server 127.0.0.1:$PORT_B max_fails=0;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$LB;
    location / {
      proxy_pass http://atrium;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Request-Id \$request_id;
      # creates carry an Idempotency-Key, so a retry on the other node is safe even for POST
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
    }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK/nginx"
LBURL="http://127.0.0.1:$LB"

login=$(curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"tenant":"cluster","email":"ops@cluster.test","password":"cluster-secret-2026"}' "$LBURL/api/v1/auth/login")
CSRF=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$login")
session() { curl -s -b "$WORK/cookies" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' "$@"; }
tok=$(session -d '{"name":"load"}' "$LBURL/api/v1/auth/tokens")
export ATRIUM_TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$tok")
[ -n "$ATRIUM_TOKEN" ] || { echo "cluster: no API token: $login $tok" >&2; exit 1; }
api() { # port method path [body]
  curl -s -o "$WORK/last.json" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $ATRIUM_TOKEN" \
    -H 'Content-Type: application/json' ${4:+-d "$4"} "http://127.0.0.1:$1$3"
}
now_ms() { date +%s%3N; }

say "# Two nodes behind nginx ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, PostgreSQL $("${PSQL[@]}" -d atrium -c 'SHOW server_version'), fsync $("${PSQL[@]}" -d atrium -c 'SHOW fsync'))"
say ""

# --- 1. metadata and revocations cross nodes
code=$(api $PORT_A POST /api/v1/metadata/deployments \
  '{"entities":[{"name":"tick","fields":[{"name":"key","type":"text"}]}]}')
[ "$code" = 201 ] || { echo "cluster: deployment failed: $(cat "$WORK/last.json")" >&2; exit 1; }
t0=$(now_ms)
code=$(api $PORT_A POST /api/v1/metadata/deployments \
  '{"entities":[{"name":"tick","fields":[{"name":"key","type":"text"},{"name":"extra","type":"text"}]}]}')
[ "$code" = 201 ] || { echo "cluster: deployment failed: $(cat "$WORK/last.json")" >&2; exit 1; }
until [ "$(api $PORT_B POST /api/v1/records/tick '{"key":"probe","extra":"seen on B"}')" = 201 ]; do
  [ $(( $(now_ms) - t0 )) -gt 10000 ] && { echo "cluster: node B never saw the new field" >&2; exit 1; }
done
say "1. A field deployed on node A was usable on node B after $(( $(now_ms) - t0 )) ms (deployment included)."
spare=$(session -d '{"name":"spare"}' "$LBURL/api/v1/auth/tokens")
SPARE=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$spare")
SPARE_ID=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$spare")
curl -s -o /dev/null -H "Authorization: Bearer $SPARE" "http://127.0.0.1:$PORT_B/api/v1/records/tick?limit=1"
t0=$(now_ms)
session -o /dev/null -X DELETE "http://127.0.0.1:$PORT_A/api/v1/auth/tokens/$SPARE_ID"
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $SPARE" \
  "http://127.0.0.1:$PORT_B/api/v1/records/tick?limit=1")" = 401 ]; do
  [ $(( $(now_ms) - t0 )) -gt 10000 ] && { echo "cluster: node B kept honouring a revoked token" >&2; exit 1; }
done
say "   A token revoked on node A was refused by node B after $(( $(now_ms) - t0 )) ms."

check_acked() { # phase label: every acknowledged create is in the database, and no key twice
  cat "$WORK/out"/acked-*.txt > "$WORK/acked-$1.txt" 2>/dev/null || true
  local acked missing dupes
  acked=$(wc -l < "$WORK/acked-$1.txt")
  "${PSQL[@]}" -d atrium -c "CREATE TEMP TABLE acked (id uuid, key text)" \
    -c "\\copy acked FROM '$WORK/acked-$1.txt' WITH (DELIMITER ' ')" \
    -c "SELECT count(*) FROM acked a LEFT JOIN t_cluster.tick t ON t.id = a.id WHERE t.id IS NULL" > "$WORK/missing"
  missing=$(tail -n1 "$WORK/missing")
  dupes=$("${PSQL[@]}" -d atrium -c "SELECT count(*) - count(DISTINCT key) FROM t_cluster.tick WHERE key LIKE '$1-%'")
  say "   acknowledged creates: $acked; missing from the database: $missing; created twice: $dupes"
  [ "$missing" = 0 ] && [ "$dupes" = 0 ] || FAILED=1
}
failures() { # phase label: non-2xx answers by status, and wrk's socket errors
  local statuses
  statuses=$(cat "$WORK/out"/failed-*.txt 2>/dev/null | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
  say "   wrk: $(grep -E '^Requests/sec' "$WORK/wrk-$1.txt" | awk '{print $2}') req/s;" \
      "non-2xx: ${statuses:-none}; $(grep -E 'Socket errors' "$WORK/wrk-$1.txt" | sed 's/^ *//' || echo 'no socket errors')"
}
load() { # phase label, mix, seconds (in the background)
  rm -f "$WORK/out"/*.txt
  CLUSTER_OUT="$WORK/out" CLUSTER_RUN="$1" CLUSTER_MIX="$2" \
    wrk -t2 -c8 -d"$3"s -s bench/wrk/cluster.lua "$LBURL" > "$WORK/wrk-$1.txt" 2>&1 &
  LOAD=$!
}
FAILED=0

# --- 2. kill -9 of a node under write load
load kill writes 20
sleep 6
kill -9 "${PID[A]}"; wait "${PID[A]}" 2>/dev/null || true; PID[A]=""
say "2. kill -9 of node A, 6 s into 20 s of creates through nginx (2 threads, 8 connections):"
wait $LOAD
failures kill
check_acked kill
start_node A $PORT_A
say "   node A started again on the same data directory."

# --- 3. rolling restart under mixed load
load rolling mixed 40
sleep 4
t0=$(now_ms); stop_node A; start_node A $PORT_A; ta=$(( $(now_ms) - t0 ))
sleep 2
t0=$(now_ms); stop_node B; start_node B $PORT_B; tb=$(( $(now_ms) - t0 ))
wait $LOAD
say "3. Rolling restart under 40 s of creates and lists (SIGTERM, drain, start; A took $ta ms, B $tb ms):"
failures rolling
check_acked rolling
[ -z "$(cat "$WORK/out"/failed-*.txt 2>/dev/null)" ] && ! grep -q "Socket errors" "$WORK/wrk-rolling.txt" || FAILED=1

# --- 4. PostgreSQL restarted under load
load pgrestart mixed 20
sleep 5
t0=$(now_ms)
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null
sleep 3
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
wait $LOAD
say "4. PostgreSQL stopped for 3 s (fast shutdown) 5 s into 20 s of mixed load:"
failures pgrestart
grep -q '^500$' "$WORK/out"/failed-*.txt 2>/dev/null && FAILED=1
for p in $PORT_A $PORT_B; do
  code=$(api $p GET "/api/v1/records/tick?limit=1")
  say "   node on port $p afterwards, without a restart: $code"
  [ "$code" = 200 ] || FAILED=1
done
check_acked pgrestart

# --- 5. the whole platform backed up with pg_dump and restored into a fresh database
"$PGBIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres -Fc -f "$WORK/atrium.dump" atrium
"${PSQL[@]}" -d postgres -c "CREATE DATABASE restored"
"$PGBIN/pg_restore" -h 127.0.0.1 -p "$PGPORT" -U postgres -d restored --exit-on-error "$WORK/atrium.dump"
ATRIUM_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/restored" start_node C 18283
before=$("${PSQL[@]}" -d atrium -c "SELECT count(*) FROM t_cluster.tick")
code=$(api 18283 GET "/api/v1/records/tick?limit=1&count=true")
total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$WORK/last.json")
code2=$(api 18283 GET /api/v1/audit/verify)
verified=$(cat "$WORK/last.json")
say "5. pg_dump of the whole platform ($(du -h "$WORK/atrium.dump" | cut -f1)) restored into a fresh database, a node"
say "   started on it: the same API token $code, $total of $before records, audit chain $code2 $verified"
[ "$code" = 200 ] && [ "$total" = "$before" ] && [ "$code2" = 200 ] && grep -q '"valid":true' <<<"$verified" \
  || FAILED=1
stop_node C

mkdir -p bench/results
cp "$REPORT" "bench/results/cluster-$(date -u +%Y-%m-%d).md"
if [ "$FAILED" = 0 ]; then say ""; say "All held."; else say ""; say "SOMETHING DID NOT HOLD (see above)."; exit 1; fi
