#!/usr/bin/env bash
# Restore drill (SECURITY 28, docs/operations.md): dump the PostgreSQL database named by
# PARAMOUNT_DATABASE_URL with pg_dump (custom format), restore it into a fresh scratch database,
# and check that the copy holds what the original does: the row count of every table, the
# audit trail's last hash, and `paramount audit verify` on the copy. Prints the figures; exits
# non-zero on any difference. The scratch database is dropped afterwards, whatever happened.
#
# Run it against a quiet database, or a replica: rows written between the dump and the count
# show up as differences.
#
# `paramount audit verify` needs what the source's audit trail was written with: the audit keys
# (PARAMOUNT_AUDIT_KEYS, or PARAMOUNT_HOME/audit-keys) and the checkpoint file
# (PARAMOUNT_AUDIT_CHECKPOINTS, or PARAMOUNT_HOME/audit-checkpoints.log). Run the drill with the
# same environment as the source. Only the checkpoints written before the dump began are checked.
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE_URL="${PARAMOUNT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/paramount}"
case "$SOURCE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "restore drill: PARAMOUNT_DATABASE_URL must be a PostgreSQL URL, not ${SOURCE_URL%%:*}" >&2; exit 2 ;;
esac
query=""
case "$SOURCE_URL" in *\?*) query="?${SOURCE_URL#*\?}" ;; esac
base="${SOURCE_URL%%\?*}"
server="${base%/*}"
source_db="${base##*/}"
scratch_db="${source_db}_restore_drill"
SCRATCH_URL="${server}/${scratch_db}${query}"
ADMIN_URL="${server}/postgres${query}"
work="$(mktemp -d)"

cleanup() {
  PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"${scratch_db}\" WITH (FORCE)" >/dev/null 2>&1 \
    || echo "restore drill: could not drop the scratch database ${scratch_db}" >&2
  rm -rf "$work"
}
trap cleanup EXIT

# Row count of every table in the public schema, one "table<TAB>count" line each, in name order.
row_counts() {
  psql -X -A -t -F $'\t' -v ON_ERROR_STOP=1 "$1" -c "
    SELECT table_name,
           (xpath('/row/c/text()',
                  query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                               false, true, '')))[1]::text
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name"
}
last_audit_hash() {
  psql -X -A -t -v ON_ERROR_STOP=1 "$1" -c \
    "SELECT coalesce((SELECT id || ' ' || row_hash FROM access_auditevent ORDER BY id DESC LIMIT 1), 'none')"
}

started=$(date +%s)
echo "==> Restore drill: ${source_db} → ${scratch_db}"
PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"${scratch_db}\" WITH (FORCE)" >/dev/null
# Checkpoint times are whole seconds, rounded down: one second before the dump began, every
# checkpoint names rows the dump holds.
checkpoints_before="$(date -u -d '1 second ago' +%Y-%m-%dT%H:%M:%S)"
pg_dump --format=custom --no-owner --file="$work/paramount.dump" "$SOURCE_URL"
source_counts="$(row_counts "$SOURCE_URL")"
source_last="$(last_audit_hash "$SOURCE_URL")"
echo "    dump: $(du -h "$work/paramount.dump" | cut -f1)"

PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE \"${scratch_db}\"" >/dev/null
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$SCRATCH_URL" "$work/paramount.dump"
restored_counts="$(row_counts "$SCRATCH_URL")"
restored_last="$(last_audit_hash "$SCRATCH_URL")"

failures=0
printf '    %-44s %10s %10s\n' table original restored
while IFS=$'\t' read -r table count; do
  restored="$(awk -F'\t' -v t="$table" '$1 == t { print $2 }' <<<"$restored_counts")"
  mark=""
  if [ "$restored" != "$count" ]; then mark="  <-- DIFFERS"; failures=$((failures + 1)); fi
  printf '    %-44s %10s %10s%s\n' "$table" "$count" "${restored:-missing}" "$mark"
done <<<"$source_counts"
while IFS=$'\t' read -r table _; do
  if ! grep -q -P "^\Q${table}\E\t" <<<"$source_counts"; then
    echo "    ${table}: in the restored copy only  <-- DIFFERS"; failures=$((failures + 1))
  fi
done <<<"$restored_counts"
tables=$(wc -l <<<"$source_counts")
rows=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' <<<"$source_counts")
echo "    ${tables} tables, ${rows} rows in the original"

echo "    last audit row: original ${source_last}; restored ${restored_last}"
if [ "$source_last" != "$restored_last" ]; then
  echo "    the restored audit trail does not end where the original does  <-- DIFFERS"
  failures=$((failures + 1))
fi
if ! PARAMOUNT_DATABASE_URL="$SCRATCH_URL" uv run --frozen paramount audit verify --as-of "$checkpoints_before"; then
  echo "    paramount audit verify failed on the restored copy  <-- DIFFERS"
  failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
  echo "==> Restore drill FAILED: ${failures} difference(s) ($(($(date +%s) - started)) s)"
  exit 1
fi
echo "==> Restore drill passed: every table's row count matches, the audit trail verifies ($(($(date +%s) - started)) s)"
