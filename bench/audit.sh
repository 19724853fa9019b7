#!/usr/bin/env bash
# What capturing the audit trail costs a write, option by option, measured side by side on the same
# embedded PostgreSQL (durable: fsync and synchronous commit on, as the platform runs it):
#   none    the deal table with no capture at all (the floor)
#   row     today's trigger (atrium.audit_row: a row trigger, plpgsql, the diff built key by key)
#   rowset  the same row trigger with the diff as one query over jsonb_each
#   hstore  a row trigger whose diff hstore computes in C (values become text)
#   stmt    a statement trigger reading transition tables, one INSERT ... SELECT per statement
#   compiled  a row trigger generated for the table from its columns (column compared with column)
#   wal     no trigger: the whole old row in the WAL (REPLICA IDENTITY FULL) and the request's context as
#           a logical message, decoded after commit (wal_level=logical; the decoding is timed apart)
# Each option gets its own copy of the deal table and writes into a table of the audit trail's shape
# (bench/audit-capture.sql). Workloads through pgbench, the statements shaped as the platform sends them
# (the audit context set inside the write): one-row update and insert at 16 connections, and an update of
# 100 rows in one statement (a bulk edit or an import batch) at 4, each connection in its own quarter of
# the table (no lock waits).
#
#   bench/audit.sh                    # 100,000 rows, 10 s per workload and option, 2 rounds
#   AUDIT_ROWS=20000 AUDIT_SECONDS=3 AUDIT_ROUNDS=1 bench/audit.sh
#
# Needs pgbench and psql (apt-get install postgresql-client). Writes bench/results/audit-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROWS=${AUDIT_ROWS:-100000}
SECONDS_PER=${AUDIT_SECONDS:-10}
ROUNDS=${AUDIT_ROUNDS:-2}
STEP_ROWS=${AUDIT_STEP_ROWS:-20000}
PORT=${BENCH_PORT:-18190}
for tool in pgbench psql; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install postgresql-client)" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/atrium-audit.XXXXXX)
DATA="$WORK/data"
SERVER_PID=""
cleanup() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; [ -z "${BENCH_KEEP:-}" ] && rm -rf "$WORK"; true; }
trap cleanup EXIT

./atrium build >/dev/null
./atrium tenant create bench --data-dir "$DATA" >/dev/null 2>&1
mkdir -p "$WORK/meta" && cp bench/deal.entity.json "$WORK/meta/"
./atrium metadata deploy --tenant bench --data-dir "$DATA" "$WORK/meta" >/dev/null

start_server() { # the server keeps the embedded PostgreSQL up; nothing here goes through HTTP
  ./atrium serve --data-dir "$DATA" --port "$PORT" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do grep -q "running at" "$WORK/server.log" 2>/dev/null && break; sleep 0.5; done
  grep -q "running at" "$WORK/server.log" || { echo "bench: the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  PGPORT=$(sed -n 's/.*Embedded PostgreSQL started on port \([0-9]*\).*/\1/p' "$WORK/server.log")
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
start_server
export PGPASSWORD=$(cat "$DATA/pg-password")
psql_() { psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres "$@"; }
TENANT=$(psql_ -tA -c "SELECT id FROM atrium.tenants WHERE schema_name = 't_bench'")
CTX="{\"tenant\":\"$TENANT\",\"actor\":\"00000000-0000-7000-8000-000000000001\",\"ip\":\"127.0.0.1\",\"ua\":\"bench/audit.sh\",\"request\":\"bench\"}"

echo "Loading $ROWS deal rows into seven copies of the table..."
psql_ <<SQL
SET session_replication_role = replica;
INSERT INTO t_bench.deal ("id", "owner_id", "created_by", "updated_by", "name", "amount", "amount__currency", "stage", "close_date", "probability", "owner", "account_name", "email", "notes")
SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, u, u, u, 'Deal ' || n, (n * 7919 % 20000)::numeric, 'EUR',
       (ARRAY['prospect', 'proposal', 'won', 'lost'])[1 + n % 4], date '2026-01-01' + (n % 365), n % 100, 'owner ' || n % 50,
       'Account ' || n % 5000, 'deal' || n || '@example.com', 'notes for deal ' || n
FROM generate_series(1, $ROWS) n, (SELECT '00000000-0000-7000-8000-000000000001'::uuid AS u) x;
SQL
psql_ -f bench/audit-capture.sql
psql_ -c "VACUUM (ANALYZE)" -c CHECKPOINT

# the statements, as the platform shapes them: the audit context set in a FROM item of the write itself
# (the "wal" option emits it as a transactional logical message instead)
context_item() { [ "$1" = wal ] && echo "(SELECT pg_logical_emit_message(true, 'atrium', '$CTX')) actx" \
  || echo "(SELECT set_config('atrium.ctx', '$CTX', true)) actx"; }
COLS='"id", "owner_id", "created_by", "updated_by", "name", "amount", "amount__currency", "stage", "close_date", "probability", "owner", "account_name", "email", "notes"'
write_scripts() { # option
  local t="public.deal_$1" from; from=$(context_item "$1")
  cat > "$WORK/update-$1.sql" <<SQL
\set n random(1, :rows)
\set p random(0, 99)
UPDATE $t t SET "updated_at" = now(), "updated_by" = '00000000-0000-7000-8000-000000000001', "version" = t."version" + 1, "probability" = :p, "notes" = 'updated ' || :p FROM $from WHERE t."id" = ('00000000-0000-7000-8000-' || lpad(to_hex(:n::bigint), 12, '0'))::uuid AND t."deleted_at" IS NULL RETURNING t."id", t."version";
SQL
  cat > "$WORK/insert-$1.sql" <<SQL
\set n random(1, 1000000000)
INSERT INTO $t ($COLS) SELECT gen_random_uuid(), '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000001', 'Bench deal ' || :n, 1000 + :n % 9000, 'EUR', 'proposal', '2027-01-15', 40, 'bench', 'Acme ' || :n % 500, 'deal' || :n || '@example.com', 'created by pgbench' FROM $from RETURNING "id", "version";
SQL
  cat > "$WORK/batch-$1.sql" <<SQL
\set n :client_id * (:rows / 4) + random(1, :rows / 4 - 100)
\set p random(0, 99)
UPDATE $t t SET "updated_at" = now(), "version" = t."version" + 1, "probability" = :p, "notes" = 'bulk ' || :p FROM $from WHERE t."id" IN (SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid FROM generate_series(:n::bigint, :n::bigint + 99) g) AND t."deleted_at" IS NULL;
SQL
}
for o in none row rowset hstore stmt compiled wal; do write_scripts "$o"; done

# Same entries as today's trigger? A fixed set of changes on each option's table, compared with "row".
same_entries() {
  for o in row rowset hstore stmt compiled; do
    psql_ -o /dev/null <<SQL
BEGIN;
SELECT set_config('atrium.ctx', '$CTX', true);
UPDATE public.deal_$o SET "probability" = 7, "notes" = NULL, "version" = "version" + 1 WHERE "id" IN (SELECT "id" FROM public.deal_$o ORDER BY "id" LIMIT 20);
UPDATE public.deal_$o SET "deleted_at" = '2026-12-01' WHERE "id" IN (SELECT "id" FROM public.deal_$o ORDER BY "id" DESC LIMIT 5);
UPDATE public.deal_$o SET "version" = "version" + 1 WHERE "id" IN (SELECT "id" FROM public.deal_$o ORDER BY "id" LIMIT 3);
INSERT INTO public.deal_$o ("id", "name", "amount", "stage") VALUES ('00000000-0000-7000-9000-000000000001', 'Check', 12.5, 'won');
COMMIT;
SQL
  done
  psql_ -tA <<'SQL'
WITH e AS (SELECT substr(entity, 6) AS o, md5(string_agg(record_id || action || changes::text || encode(changes_hash, 'hex'), ','
                    ORDER BY record_id, action)) AS h, count(*) AS n
             FROM public.audit_capture GROUP BY entity)
SELECT e.o || ': ' || e.n || ' entries, ' || CASE WHEN e.h = r.h THEN 'the same as today''s trigger'
       ELSE 'NOT the same as today''s trigger' || CASE WHEN e.o = 'hstore' THEN ' (its values are text)' ELSE '' END END
  FROM e, e r WHERE r.o = 'row' ORDER BY e.o;
SQL
}
echo "Checking each option writes the entries today's trigger writes..."
SAME=$(same_entries)
echo "$SAME"

echo "Timing today's trigger step by step (one backend, $STEP_ROWS rows per statement, best of three)..."
psql_ -v rows="$STEP_ROWS" -f bench/audit-steps.sql
psql_ -c "SET bench.ctx = '$CTX'" -c "CALL public.time_steps($STEP_ROWS)"
STEPS=$(psql_ -tA -F ' | ' <<'SQL'
SELECT '| ' || CASE step WHEN 'none' THEN 'the update alone, no trigger'
                         WHEN 'step_call' THEN '+ a row trigger that does nothing'
                         WHEN 'step_json' THEN '+ both rows as JSON (to_jsonb)'
                         WHEN 'step_diff' THEN '+ the diff, key by key, and its hash'
                         WHEN 'step_insert' THEN '+ the entry into a plain table'
                         WHEN 'cap_row' THEN '+ into the audit trail''s shape (partitioned, four indexes): today'
                         ELSE 'instead: the trigger compiled from the columns, the same entry' END,
       round(micros_per_row::numeric, 2),
       coalesce(round((micros_per_row - lag(micros_per_row) OVER (ORDER BY id))::numeric, 2)::text, '') || ' |'
  FROM public.step_times ORDER BY id;
SQL
)
echo "$STEPS"

run() { # workload option connections -> "tps wal-bytes-per-transaction entries-per-transaction"
  local wal0 wal1 n0 n1 tps tx
  psql_ -c CHECKPOINT
  wal0=$(psql_ -tA -c "SELECT pg_current_wal_insert_lsn() - '0/0'")
  n0=$(psql_ -tA -c "SELECT count(*) FROM public.audit_capture")
  pgbench -n -M prepared -c "$3" -j 2 -T "$SECONDS_PER" -D rows="$ROWS" -f "$WORK/$1-$2.sql" \
    -h 127.0.0.1 -p "$PGPORT" -U postgres postgres > "$WORK/pgbench.txt" 2>&1 || { cat "$WORK/pgbench.txt" >&2; exit 1; }
  wal1=$(psql_ -tA -c "SELECT pg_current_wal_insert_lsn() - '0/0'")
  n1=$(psql_ -tA -c "SELECT count(*) FROM public.audit_capture")
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/pgbench.txt" | head -n1)
  tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.txt")
  awk -v t="$tps" -v w=$((wal1 - wal0)) -v x="$tx" -v n=$((n1 - n0)) 'BEGIN { printf "%.0f %.0f %.1f\n", t, w / x, n / x }'
}

declare -A TPS WAL
measure() { # options...
  for round in $(seq 1 "$ROUNDS"); do
    local order=("$@")
    [ $((round % 2)) = 0 ] && order=($(printf '%s\n' "$@" | tac))
    for o in "${order[@]}"; do
      for w in update:16 insert:16 batch:4; do
        read -r tps wal entries < <(run "${w%%:*}" "$o" "${w##*:}")
        echo "  round $round, $o, ${w%%:*}: $tps tps, $wal WAL bytes per transaction, $entries entries"
        TPS[$o,${w%%:*}]="${TPS[$o,${w%%:*}]:-} $tps"; WAL[$PHASE,$o,${w%%:*}]="${WAL[$PHASE,$o,${w%%:*}]:-} $wal"
      done
    done
  done
}
mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF }' <<<"$1"; }

echo "Measuring the trigger options (wal_level=replica, as the platform runs)..."
PHASE=replica
measure none row rowset hstore stmt compiled
echo "Restarting PostgreSQL with wal_level=logical for the WAL option..."
psql_ -c "ALTER SYSTEM SET wal_level = logical"
stop_server; start_server
psql_ -c "SELECT pg_create_logical_replication_slot('bench_audit', 'test_decoding')" >/dev/null
declare -A REPLICA_TPS
for k in "${!TPS[@]}"; do REPLICA_TPS[$k]=${TPS[$k]}; done
TPS=()
PHASE=logical
measure none wal
# the decoder's side: every change of the WAL option's runs, read back and timed
t0=$(date +%s%N)
DECODED=$(psql_ -tA -c "SELECT count(*) FROM pg_logical_slot_get_changes('bench_audit', NULL, NULL)")
t1=$(date +%s%N)
psql_ -c "SELECT pg_drop_replication_slot('bench_audit')" >/dev/null
DECODE_US=$(awk -v ns=$((t1 - t0)) -v n="$DECODED" 'BEGIN { printf "%.1f", ns / 1000 / n }')

TABLE="| option | update tps | vs none | WAL B/tx | insert tps | vs none | WAL B/tx | 100-row update tps | vs none | WAL B/tx |
|---|---|---|---|---|---|---|---|---|---|
"
row_of() { # option tps-array-name phase -> a table row
  local o=$1 line="| $1 |" t base; local -n src=$2
  for w in update insert batch; do
    t=$(mean "${src[$o,$w]}"); base=$(mean "${src[none,$w]}")
    line+=" $t | $(awk -v a="$t" -v b="$base" 'BEGIN { printf "%.0f%%", 100 * a / b }') | $(mean "${WAL[$3,$o,$w]}") |"
  done
  echo "$line"
}
for o in none row rowset hstore stmt compiled; do TABLE+="$(row_of "$o" REPLICA_TPS replica)
"; done
TABLE+="| none, wal_level=logical | $(row_of none TPS logical | cut -d'|' -f3-)
| wal | $(row_of wal TPS logical | cut -d'|' -f3-)
"
REPORT="## Audit capture options $(date -u +%Y-%m-%dT%H:%MZ)

Machine: $(nproc) cores; $ROWS deal rows per option's table; ${SECONDS_PER}s per workload, $ROUNDS rounds (order
reversed every other round), mean tps; update and insert at 16 connections, the 100-row update at 4.
\"vs none\": against the same table without capture, on the same wal_level. WAL bytes per transaction (mean
of the rounds) include the capture's own rows and index entries, and full-page images after the
checkpoint each workload starts with.

$TABLE
Today's trigger step by step (one backend, an update of $STEP_ROWS rows in one statement, best of three):

| step | µs per row | added |
|---|---|---|
$STEPS

Entries (a fixed set of changes on each table, compared with today's trigger):
$(sed 's/^/- /' <<<"$SAME")

Decoding (wal): $DECODED changes and messages read back through test_decoding at $DECODE_US µs each (after
the runs, one backend), before any entry is written.
"
mkdir -p bench/results
echo "$REPORT" | tee "bench/results/audit-$(date -u +%Y%m%d-%H%M).md"
