#!/usr/bin/env bash
# Makes the fixture UpgradeIT upgrades: an organisation written by an earlier Atrium (a git commit),
# dumped as plain SQL. Run it when a release is cut, with that release's commit:
#
#   platform-core/src/test/upgrade/make-fixture.sh <commit>
#
# Needs a PostgreSQL server and its pg_dump (Debian: apt-get install postgresql) and a JDK 21+.
set -euo pipefail
COMMIT=${1:?usage: make-fixture.sh <commit>}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
OUT="$ROOT/platform-core/src/test/resources/upgrade"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
WORK=$(mktemp -d /tmp/atrium-fixture.XXXXXX)
chmod 755 "$WORK"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  git -C "$ROOT" worktree remove --force "$WORK/src" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
git -C "$ROOT" worktree add --detach "$WORK/src" "$COMMIT" >/dev/null
(cd "$WORK/src" && mvn -B -q -o package -DskipTests -Dspotless.check.skip=true >/dev/null)
mkdir "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" -o "-p 55499 -k /tmp -c listen_addresses=127.0.0.1" start \
  >/dev/null
psql -q -h 127.0.0.1 -p 55499 -U postgres -d postgres -c "CREATE DATABASE fixture"
export ATRIUM_DB_URL=jdbc:postgresql://127.0.0.1:55499/fixture ATRIUM_DB_USER=postgres ATRIUM_DB_PASSWORD=unused
cd "$WORK/src"
./atrium tenant create veteran --data-dir "$WORK/data" >/dev/null 2>&1
ATRIUM_PASSWORD=veteran-secret-2026 ./atrium user create --tenant veteran --email admin@veteran.test --admin \
  --data-dir "$WORK/data" >/dev/null 2>&1
./atrium package install crm-core --tenant veteran --data-dir "$WORK/data" >/dev/null 2>&1
# records written through the old version's write path (audit trail, numbering, rules)
{ echo "name,industry,website"; for i in $(seq 1 60); do echo "Veteran account $i,manufacturing,https://a$i.example.com"; done; } \
  > "$WORK/accounts.csv"
{ echo "first_name,last_name,email"; for i in $(seq 1 40); do echo "Vera,Veteran $i,vera$i@example.com"; done; } \
  > "$WORK/contacts.csv"
./atrium import --tenant veteran --as admin@veteran.test --entity account --file "$WORK/accounts.csv" \
  --data-dir "$WORK/data" >/dev/null 2>&1
./atrium import --tenant veteran --as admin@veteran.test --entity contact --file "$WORK/contacts.csv" \
  --data-dir "$WORK/data" >/dev/null 2>&1
mkdir -p "$OUT"
"$PGBIN/pg_dump" -h 127.0.0.1 -p 55499 -U postgres --no-owner --no-privileges --inserts --rows-per-insert=200 \
  fixture | grep -v '^\\' | gzip -9 > "$OUT/previous.sql.gz"  # without psql meta-commands (\restrict)
echo "$COMMIT" > "$OUT/previous.commit"
echo "wrote $OUT/previous.sql.gz ($(du -h "$OUT/previous.sql.gz" | cut -f1)) from $COMMIT"
