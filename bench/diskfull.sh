#!/usr/bin/env bash
# The data directory's disk fills up under writes: answers say so clearly (507 problem+json, never a 500),
# nothing acknowledged is lost or damaged, and once space is freed the node goes on without a restart.
# The node runs with its defaults (embedded PostgreSQL in the data directory, attachments beside it) on a
# small tmpfs; a ballast file leaves it a few MB; records (29 KB of text each) and attachments (256 KB
# each) are written one after another until twenty are refused; the ballast is removed; every
# acknowledged record and file is read back and compared.
#
#   sudo bench/diskfull.sh      # mounting the tmpfs needs root
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "diskfull: run as root (it mounts a tmpfs)" >&2; exit 1; }
for tool in curl sha256sum fallocate; do
  command -v "$tool" >/dev/null || { echo "diskfull: $tool is needed" >&2; exit 1; }
done
PORT=${DISKFULL_PORT:-18290}
WORK=$(mktemp -d /tmp/atrium-diskfull.XXXXXX)
DISK="$WORK/disk"
mkdir -p "$DISK" "$WORK/files"
mount -t tmpfs -o size=400m tmpfs "$DISK"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  umount "$DISK" 2>/dev/null || umount -l "$DISK" 2>/dev/null || true
  [ -z "${DISKFULL_KEEP:-}" ] && rm -rf "$WORK"
  true
}
trap cleanup EXIT
DATA="$DISK/data"
export ATRIUM_SECURE_COOKIES=false
./atrium build >/dev/null
./atrium tenant create full --data-dir "$DATA" >/dev/null 2>&1
ATRIUM_PASSWORD=full-secret-2026 ./atrium user create --tenant full --email ops@full.test --admin \
  --data-dir "$DATA" >/dev/null 2>&1
./atrium serve --data-dir "$DATA" --port "$PORT" > "$WORK/node.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
BASE="http://127.0.0.1:$PORT"
login=$(curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"tenant":"full","email":"ops@full.test","password":"full-secret-2026"}' "$BASE/api/v1/auth/login")
CSRF=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$login")
tok=$(curl -s -b "$WORK/cookies" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d '{"name":"fill"}' \
  "$BASE/api/v1/auth/tokens")
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$tok")
AUTH=(-H "Authorization: Bearer $TOKEN")
code=$(curl -s -o "$WORK/last" -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' \
  -d '{"entities":[{"name":"blob","fields":[{"name":"key","type":"text"},{"name":"body","type":"long_text"}]}]}' \
  "$BASE/api/v1/metadata/deployments")
[ "$code" = 201 ] || { echo "diskfull: deployment failed: $(cat "$WORK/last")" >&2; exit 1; }

free_kb() { df -k --output=avail "$DISK" | tail -n1 | tr -d ' '; }
fallocate -l "$(( ( $(free_kb) - 24 * 1024 ) * 1024 ))" "$DISK/ballast"
echo "Disk: $(df -h --output=size,used,avail "$DISK" | tail -n1) after the ballast"

: > "$WORK/records"; : > "$WORK/files.txt"; : > "$WORK/statuses"
refused=0; n=0; last=""
while [ "$refused" -lt 20 ] && [ "$n" -lt 3000 ]; do
  n=$((n + 1))
  if [ $((n % 2)) = 1 ] || [ -z "$last" ]; then
    body=$(head -c 22000 /dev/urandom | base64 -w0)
    printf '{"key":"k%d","body":"%s"}' "$n" "$body" > "$WORK/req.json"
    code=$(curl -s -o "$WORK/last" -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: k$n" --data-binary @"$WORK/req.json" "$BASE/api/v1/records/blob")
    if [ "$code" = 201 ]; then
      last=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$WORK/last" | head -n1)
      echo "$last k$n $(printf '%s' "$body" | sha256sum | cut -c1-64)" >> "$WORK/records"
    fi
  else
    head -c 262144 /dev/urandom > "$WORK/files/f$n"
    code=$(curl -s -o "$WORK/last" -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/octet-stream' \
      --data-binary @"$WORK/files/f$n" "$BASE/api/v1/records/blob/$last/attachments?name=f$n.bin")
    if [ "$code" = 201 ]; then
      fid=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$WORK/last" | head -n1)
      echo "$fid $(sha256sum < "$WORK/files/f$n" | cut -c1-64)" >> "$WORK/files.txt"
    fi
  fi
  echo "$code" >> "$WORK/statuses"
  if [ "${code:0:1}" != 2 ]; then
    refused=$((refused + 1))
    [ "$refused" = 1 ] && { echo "first refusal after $n writes: $code $(head -c 400 "$WORK/last")"; }
  fi
done
echo "Writes: $n; answers: $(sort "$WORK/statuses" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
echo "Last refusal: $(head -c 400 "$WORK/last")"
echo "Log lines while full: $(wc -l < "$WORK/node.log") in all; $(grep -c 'disk is full' "$WORK/node.log" || true) saying the disk is full"

rm -f "$DISK/ballast"
echo "Ballast removed: $(df -h --output=avail "$DISK" | tail -n1 | tr -d ' ') free"
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/health/ready")" = 200 ] && break; sleep 0.5
done
FAILED=0
code=$(curl -s -o "$WORK/last" -w '%{http_code}' "${AUTH[@]}" -H 'Content-Type: application/json' \
  -d '{"key":"after","body":"written once space was freed"}' "$BASE/api/v1/records/blob")
echo "A write after freeing space, same node, no restart: $code"
[ "$code" = 201 ] || FAILED=1
bad=0
while read -r id key sum; do
  got=$(curl -s "${AUTH[@]}" "$BASE/api/v1/records/blob/$id" | sed -n 's/.*"body":"\([^"]*\)".*/\1/p' | tr -d '\n' \
    | sha256sum | cut -c1-64)
  [ "$got" = "$sum" ] || bad=$((bad + 1))
done < "$WORK/records"
echo "Acknowledged records: $(wc -l < "$WORK/records"); missing or different: $bad"
badf=0
while read -r fid sum; do
  got=$(curl -s "${AUTH[@]}" "$BASE/api/v1/files/$fid" | sha256sum | cut -c1-64)
  [ "$got" = "$sum" ] || badf=$((badf + 1))
done < "$WORK/files.txt"
echo "Acknowledged attachments: $(wc -l < "$WORK/files.txt"); missing or different: $badf"
grep -qx 500 "$WORK/statuses" && { echo "Some answers were 500"; FAILED=1; }
grep -qx 507 "$WORK/statuses" || { echo "No answer said the disk was full (507)"; FAILED=1; }
grep -qvE '^(201|507|503)$' "$WORK/statuses" && { echo "Answers other than 201, 507 and 503"; FAILED=1; }
[ -s "$WORK/records" ] && [ -s "$WORK/files.txt" ] || { echo "Nothing was acknowledged before the disk filled"; FAILED=1; }
[ "$bad" = 0 ] && [ "$badf" = 0 ] || FAILED=1
[ "$FAILED" = 0 ] && echo "All held." || { echo "SOMETHING DID NOT HOLD"; tail -30 "$WORK/node.log"; exit 1; }
