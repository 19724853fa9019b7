#!/usr/bin/env bash
# Import benchmark: a CSV file imported through the API (upload, start, the job writing batch by batch
# through the normal write path: validation, rules, audit trail) against PostgreSQL's COPY of the same
# file into a plain table with the same columns, on the same server, in one run.
#
#   bench/import.sh                  # 100,000 rows
#   BENCH_ROWS=20000 bench/import.sh
#
# Needs psql and curl. Uses a throwaway data directory; writes the report to bench/results/import-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${BENCH_ROWS:-100000}
PORT=${BENCH_PORT:-18182}
for tool in psql curl; do command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }; done
WORK=$(mktemp -d /tmp/atrium-bench-import.XXXXXX)
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
PGPORT=$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$WORK/server.log")
export PGPASSWORD=$(cat "$DATA/pg-password")
PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres)
BASE="http://127.0.0.1:$PORT"
login=$(curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"tenant":"bench","email":"bench@bench.test","password":"bench-secret-2026"}' "$BASE/api/v1/auth/login")
CSRF=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$login")
tok=$(curl -s -b "$WORK/cookies" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$BASE/api/v1/auth/tokens")
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$tok")
AUTH=(-H "Authorization: Bearer $TOKEN")

curl -s -o /dev/null -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"entities": [{"name": "company",
  "titleField": "name", "fields": [{"name": "name", "type": "text", "required": true}, {"name": "code", "type": "text", "unique": true},
  {"name": "revenue", "type": "decimal"}, {"name": "founded", "type": "date"}]}]}' "$BASE/api/v1/metadata/deployments" | grep -q 201

echo "Writing $ROWS rows..."
awk -v n="$ROWS" 'BEGIN { print "Name,Code,Revenue,Founded"; for (i = 1; i <= n; i++) printf "Company %d,K%d,%d.%02d,20%02d-%02d-%02d\n", i, i, i % 100000, i % 100, i % 25, 1 + i % 12, 1 + i % 28 }' > "$WORK/companies.csv"

echo "Import through the API..."
start=$(date +%s.%N)
id=$(curl -s "${AUTH[@]}" -H 'Content-Type: text/csv' --data-binary @"$WORK/companies.csv" "$BASE/api/v1/imports?entity=company&name=companies.csv" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
curl -s -o /dev/null "${AUTH[@]}" -X POST -H 'Content-Type: application/json' -d '{}' "$BASE/api/v1/imports/$id/start"
while :; do
  status=$(curl -s "${AUTH[@]}" "$BASE/api/v1/imports/$id" | sed -n 's/.*"progress":{"status":"\([a-z]*\)".*/\1/p')
  [ "$status" = done ] && break
  sleep 0.5
done
end=$(date +%s.%N)
API_S=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
created=$(curl -s "${AUTH[@]}" "$BASE/api/v1/imports/$id" | sed -n 's/.*"created":\([0-9]*\).*/\1/p')

echo "COPY of the same file..."
"${PSQL[@]}" -c "CREATE TABLE bench_copy (name text, code text UNIQUE, revenue numeric, founded date)"
start=$(date +%s.%N)
"${PSQL[@]}" -c "\\copy bench_copy FROM '$WORK/companies.csv' WITH (FORMAT csv, HEADER true)"
end=$(date +%s.%N)
COPY_S=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')

REPORT="## Atrium import benchmark $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; $ROWS rows (name, unique code, amount, date).

| path | seconds | rows/s | ratio |
|---|---|---|---|
| Atrium import (API: upload, batches through the write path, audit trail) | $API_S | $(awk -v r="$created" -v s="$API_S" 'BEGIN { printf "%.0f", r / s }') | $(awk -v a="$API_S" -v b="$COPY_S" 'BEGIN { printf "%.1f%%", 100 * b / a }') |
| PostgreSQL COPY into a plain table | $COPY_S | $(awk -v r="$ROWS" -v s="$COPY_S" 'BEGIN { printf "%.0f", r / s }') | 100% |

Rows created by the import: $created of $ROWS.
"
mkdir -p bench/results
echo "$REPORT" | tee "bench/results/import-$(date -u +%Y%m%d-%H%M).md"
