#!/usr/bin/env bash
# Set up docgen on a fresh machine: LibreOffice (for PDF output), Chromium (for the web end-to-end
# test), then a virtualenv in .venv with the package, its web application and its test tools.
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-uno: LibreOffice driven from Python (docgen/pdf/unoexport.py), one load per PDF.
if ! command -v soffice >/dev/null 2>&1 || ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de LibreOffice (production des PDF)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui python3-uno fonts-liberation2 fonts-dejavu-core >/dev/null
  else
    echo "LibreOffice est absent : installez le paquet libreoffice-writer pour produire des PDF." >&2
  fi
fi

# Headless Chromium and its driver, for the web application's end-to-end test (tests/web/test_browser.py,
# skipped without them): Debian's packages, driven by Selenium on the system browser.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de Chromium (test de bout en bout de l'application web)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "Chromium est absent : le test de bout en bout de l'application web sera sauté." >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,bench,web]'
