#!/usr/bin/env bash
# A PostgreSQL database with data in it for the restore drill: a fresh `paramount_drill`
# (or the database named by PARAMOUNT_DATABASE_URL), migrated, with a small synthetic region
# ingested and identified through the command line, as an operator would. Its PARAMOUNT_HOME
# (var/drill) holds the audit key and checkpoint file the restore drill's verify needs.
set -euo pipefail
cd "$(dirname "$0")/.."

URL="${PARAMOUNT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/paramount_drill}"
db="${URL##*/}"
db="${db%%\?*}"
admin="${URL%/*}/postgres"
home="$(pwd)/var/drill"

PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$admin" -c "DROP DATABASE IF EXISTS \"${db}\" WITH (FORCE)" >/dev/null
PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$admin" -c "CREATE DATABASE \"${db}\"" >/dev/null
rm -rf "$home"
mkdir -p "$home"
export PARAMOUNT_DATABASE_URL="$URL" PARAMOUNT_HOME="$home"
run() { uv run --frozen paramount "$@"; }
run migrate -v0
run synth --out "$home/region" --households 300 --seed 5
run ingest people "$home/region/people.csv"
run ingest relationships "$home/region/relationships.csv"
run ingest prison-movements "$home/region/prison_movements.csv"
run identify --quiet
