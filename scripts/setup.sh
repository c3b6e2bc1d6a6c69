#!/usr/bin/env bash
# Set up Pressroom on a fresh Debian/Ubuntu machine: system packages, a virtualenv, the package.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --test   runtime + test tools
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

# WeasyPrint needs Pango; libharfbuzz-subset0 makes font subsetting native (PDF writing ~6x faster
# than the fontTools fallback); the fonts are the brands' typefaces; poppler-utils and qpdf are what
# the tests (and you) use to check PDFs with tools other than the one that wrote them.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
          fonts-dejavu-core fonts-liberation2 fonts-lato fonts-crosextra-carlito fonts-ebgaramond
          poppler-utils qpdf ghostscript)  # ghostscript: tests read the PDF text layer with it too
# Tests only: headless Chromium opens the press room page (output/index.html) like a visitor would, and
# drives `pressroom serve` through Playwright (with this Chromium: Playwright never downloads a browser).
[ -n "$extras" ] && packages+=(chromium)
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: Pressroom needs Python >= 3.11 (found: $("$python" --version 2>&1 || echo none))." >&2
  echo "setup: on Debian 12 / Ubuntu 24.04: apt-get install python3 python3-venv" >&2
  exit 1
fi
"$python" -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages. Run this as root, then run setup again:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
stamp=".venv/.pressroom-installed${extras:+-test}"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing pressroom${extras} into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
  echo "$want" > "$stamp"
fi

# Tests only: Superdesk's NewsML-G2 ingest parser is run against Pressroom's output. superdesk-core
# does not install on Python 3.11, so only its wheel is fetched (never installed, never committed);
# tests/superdesk_support.py loads the parser from it. Without it those tests skip and say why.
if [ -n "$extras" ]; then
  sd_cache=".venv/cache/superdesk-core-2.5.3"
  if [ ! -f "$sd_cache/Superdesk_Core-2.5.3-py3-none-any.whl" ]; then
    echo "setup: downloading the superdesk-core 2.5.3 wheel (not installed) for the ingest tests"
    .venv/bin/python -m pip download -q --no-deps --disable-pip-version-check superdesk-core==2.5.3 -d "$sd_cache" \
      || echo "setup: could not download superdesk-core 2.5.3; the Superdesk ingest tests will be skipped" >&2
  fi
fi
