#!/usr/bin/env bash
# A thousand organisations with crm-core on one node and its embedded PostgreSQL: how long creating them
# takes, the catalog they make, start-up time, heap and RSS with every organisation used, the time to
# upgrade a package in all of them, and a request mix spread over all of them.
#
#   bench/tenants.sh                       # 1,000 organisations (about 20-30 minutes on 2 cores)
#   TENANTS=50 bench/tenants.sh            # a quick look
#
# Needs curl, wrk and psql (Debian: apt-get install curl wrk postgresql-client); jcmd from the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${TENANTS:-1000}
PAR=${TENANTS_PARALLEL:-2}
PORT=${TENANTS_PORT:-18300}
for tool in curl wrk psql; do
  command -v "$tool" >/dev/null || { echo "tenants: $tool is needed" >&2; exit 1; }
done
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
WORK=$(mktemp -d /tmp/atrium-tenants.XXXXXX)
DATA="$WORK/data"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -z "${TENANTS_KEEP:-}" ] && rm -rf "$WORK"
  true
}
trap cleanup EXIT
REPORT="$WORK/report.md"
say() { echo "$*" | tee -a "$REPORT"; }
export ATRIUM_SECURE_COOKIES=false
now_ms() { date +%s%3N; }

./atrium build >/dev/null
./atrium tenant create ops --data-dir "$DATA" >/dev/null 2>&1
ATRIUM_PASSWORD=ops-secret-2026 ./atrium user create --tenant ops --email ops@ops.test --admin --data-dir "$DATA" \
  >/dev/null 2>&1
./atrium user operator --tenant ops --email ops@ops.test --data-dir "$DATA" >/dev/null 2>&1

start() {
  ./atrium serve --data-dir "$DATA" --port "$PORT" > "$WORK/node.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do grep -q "running at" "$WORK/node.log" 2>/dev/null && return 0; sleep 0.2; done
  echo "tenants: the node did not start" >&2; tail "$WORK/node.log" >&2; exit 1
}
stop() { kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
BASE="http://127.0.0.1:$PORT"
token_for() { # slug email password -> an API token
  local login csrf
  login=$(curl -s -c "$WORK/c-$1" -H 'Content-Type: application/json' \
    -d "{\"tenant\":\"$1\",\"email\":\"$2\",\"password\":\"$3\"}" "$BASE/api/v1/auth/login")
  csrf=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$login")
  curl -s -b "$WORK/c-$1" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    "$BASE/api/v1/auth/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
  rm -f "$WORK/c-$1"
}
heap_after_gc() { # MB of live heap, after a full collection
  "$JCMD" "$(pgrep -f "atrium.jar serve --data-dir $DATA" | head -n1)" GC.run >/dev/null 2>&1 || true
  curl -s -H "Authorization: Bearer $OPS" "$BASE/api/v1/metrics" \
    | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {printf "%.0f", s / 1048576}'
}
rss_mb() { echo $(( $(ps -o rss= -p "$(pgrep -f "atrium.jar serve --data-dir $DATA" | head -n1)") / 1024 )); }

start
OPS=$(token_for ops ops@ops.test ops-secret-2026)
[ -n "$OPS" ] || { echo "tenants: no operator token" >&2; exit 1; }
say "# $N organisations with crm-core on one node ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
say ""

create_one() { # i
  local t0 code
  t0=$(date +%s%3N)
  code=$(curl -s -o "$WORK/create-$1.json" -w '%{http_code}' -H "Authorization: Bearer $OPS" \
    -H 'Content-Type: application/json' \
    -d "{\"slug\":\"org$1\",\"admin\":{\"email\":\"admin@org$1.test\",\"password\":\"org$1-secret-2026\"},\"packages\":[{\"id\":\"crm-core\"}]}" \
    "$BASE/api/v1/operator/tenants")
  echo "$1 $code $(( $(date +%s%3N) - t0 ))" >> "$WORK/created.txt"
  [ "$code" = 201 ] && rm -f "$WORK/create-$1.json"
}
export -f create_one
export WORK OPS BASE
t0=$(now_ms)
seq 1 "$N" | xargs -P "$PAR" -I{} bash -c 'create_one {}'
elapsed=$(( $(now_ms) - t0 ))
ok=$(awk '$2 == 201' "$WORK/created.txt" | wc -l)
read -r p50 p99 <<<"$(awk '$2 == 201 {print $3}' "$WORK/created.txt" | sort -n \
  | awk '{a[NR] = $1} END {printf "%d %d", a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1]}')"
say "Created $ok of $N organisations with crm-core in $((elapsed / 1000)) s, $PAR at a time through" \
    "POST /api/v1/operator/tenants: $(( elapsed * PAR / (N > 0 ? N : 1) )) ms each (p50 $p50 ms, p99 $p99 ms)."
[ "$ok" = "$N" ] || { say "Refused: $(ls "$WORK"/create-*.json | head -3 | xargs cat)"; }

PGPORT=$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$WORK/node.log" | tail -n1)
export PGPASSWORD=$(cat "$DATA/pg-password")
PSQL=(psql -q -X -t -A -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
say "Catalog: $("${PSQL[@]}" -c "SELECT count(*) FROM pg_class") relations" \
    "($("${PSQL[@]}" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 't\_%' AND c.relkind = 'r'") tables in organisations' schemas)," \
    "$("${PSQL[@]}" -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pg_catalog'") of system catalogs," \
    "database $("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_database_size('postgres'))")."

# tokens for the request mix (one per organisation; logins are deliberately slow to hash)
: > "$WORK/tokens.txt"
for i in $(seq 1 "$N"); do
  echo "$(token_for "org$i" "admin@org$i.test" "org$i-secret-2026")" >> "$WORK/tokens.txt"
done

stop
t0=$(now_ms); start; ready=$(( $(now_ms) - t0 ))
say "Restart: $(sed -n 's/.*started in \([0-9]*\) ms.*/\1/p' "$WORK/node.log") ms to serve" \
    "($ready ms from the command, JVM start included)."
PGPORT=$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$WORK/node.log" | tail -n1)
PSQL=(psql -q -X -t -A -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
say "Memory after start: live heap $(heap_after_gc) MB after a full GC, RSS $(rss_mb) MB."

touch_all() {
  while read -r tok; do
    curl -s -o /dev/null -H "Authorization: Bearer $tok" "$BASE/api/v1/records/account?limit=5"
  done < "$WORK/tokens.txt"
}
t0=$(now_ms); touch_all; first=$(( $(now_ms) - t0 ))
say "Every organisation used once (a list of accounts each, metadata loaded on first use): $first ms in all."
say "Memory then: live heap $(heap_after_gc) MB after a full GC, RSS $(rss_mb) MB (metadata cache bound:" \
    "${ATRIUM_METADATA_CACHE:-1000} organisations)."

cat > "$WORK/mix.lua" <<'LUA'
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local paths = {"/api/v1/records/account?limit=20", "/api/v1/records/contact?limit=20",
               "/api/v1/records/opportunity?limit=20&sort=-amount", "/api/v1/metadata/entities"}
request = function()
  local t = tokens[math.random(#tokens)]
  return wrk.format("GET", paths[math.random(#paths)], {["Authorization"] = "Bearer " .. t}, nil)
end
LUA
TOKENS="$WORK/tokens.txt" wrk -t2 -c16 -d30s -s "$WORK/mix.lua" --latency "$BASE" > "$WORK/wrk.txt" 2>&1
say "Request mix over all $N organisations (random organisation per request; lists of accounts, contacts," \
    "opportunities and the entity list; 16 connections, 30 s): $(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt")" \
    "req/s, p50 $(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt"), p99 $(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")," \
    "$(grep -E 'Non-2xx' "$WORK/wrk.txt" | sed 's/^ *//' || echo 'no errors')."
say "Memory after the mix: live heap $(heap_after_gc) MB after a full GC, RSS $(rss_mb) MB."

# a change deployed to every organisation: crm-core upgraded with a new field, resumable, one at a time
NEXT="$WORK/crm-core-next"
cp -r industry-templates/crm-core "$NEXT"
sed -i 's/"version": "1.2.0"/"version": "1.2.1"/' "$NEXT/package.json"
python3 - "$NEXT/entities/account.json" <<'PY'
import json, sys
p = sys.argv[1]
e = json.load(open(p))
e["fields"].append({"id": "fld_account_loyalty_tier", "name": "loyalty_tier", "type": "text"})
json.dump(e, open(p, "w"), indent=2)
PY
t0=$(now_ms)
./atrium package upgrade "$NEXT" --all-tenants --data-dir "$DATA" > "$WORK/upgrade.txt" 2>&1 || true
up=$(( $(now_ms) - t0 ))
have=$("${PSQL[@]}" -c "SELECT count(*) FROM information_schema.columns WHERE column_name = 'loyalty_tier'")
say "crm-core 1.2.1 (one new field) upgraded in all organisations from the command line beside the running node:" \
    "$((up / 1000)) s, $(( up / (N > 0 ? N : 1) )) ms each; the column exists in $have schemas."

mkdir -p bench/results
cp "$REPORT" "bench/results/tenants-$(date -u +%Y-%m-%d).md"
