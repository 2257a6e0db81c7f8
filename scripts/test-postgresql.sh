#!/usr/bin/env bash
# Run the web application's tests against PostgreSQL: Debian's server (installed if missing),
# started for this run only in a private folder, listening on its socket only, stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de PostgreSQL (tests de l'application web)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  else
    echo "PostgreSQL est absent : installez le paquet postgresql pour ces tests." >&2
    exit 2
  fi
fi

folder=$(mktemp -d /tmp/ctg-postgresql.XXXXXX)
run=()
if [ "$(id -u)" -eq 0 ]; then  # the server refuses to run as root: as Debian's postgres user
  chown postgres "$folder"
  run=(runuser -u postgres --)
fi
stop() {
  "${run[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT
"${run[@]}" "$bin/initdb" -D "$folder/data" -A trust -U docgen -E UTF8 >/dev/null
"${run[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
  -o "-c listen_addresses='' -k $folder -p 54329 -c fsync=off" start >/dev/null
"${run[@]}" "$bin/createdb" -h "$folder" -p 54329 -U docgen docgen_test
DOCGEN_TEST_DATABASE="postgresql://docgen@/docgen_test?host=$folder&port=54329" \
  .venv/bin/python -m pytest -q tests/web
