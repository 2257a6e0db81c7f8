#!/usr/bin/env bash
# Set up docgen on a fresh machine: LibreOffice (for PDF output), then a virtualenv in .venv
# with the package and its test tools. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de LibreOffice (production des PDF)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core >/dev/null
  else
    echo "LibreOffice est absent : installez le paquet libreoffice-writer pour produire des PDF." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,bench,web]'
