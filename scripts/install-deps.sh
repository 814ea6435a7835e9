#!/usr/bin/env bash
# Installs the Debian 12 packages Byte Back needs, only those missing.
# Non-interactive and idempotent; uses sudo when not root.
# Usage: scripts/install-deps.sh [build|test|bench|all]   (default: build)
set -euo pipefail
what=${1:-build}

build_pkgs=(build-essential cmake pkg-config git
  libsoci-dev libboost-dev libsqlite3-dev libpq-dev libcpp-httplib-dev nlohmann-json3-dev libicu-dev
  libvectorscan-dev libsodium-dev libssl-dev libspdlog-dev libcli11-dev libtomlplusplus-dev
  libcurl4-openssl-dev libzip-dev libgtest-dev libgmock-dev libbenchmark-dev sqlite3
  libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-hin tesseract-ocr-urd
  tesseract-ocr-ben tesseract-ocr-tam tesseract-ocr-sin tesseract-ocr-nep
  libcairo2-dev libpango1.0-dev fonts-noto-core fonts-dejavu-core)
# Browser tests (tests/web): Debian's Chromium, driven by playwright-core (never a downloaded browser).
# fonts-noto-core (above) renders Devanagari, Bengali, Tamil, Sinhala, Arabic and Nastaliq Urdu.
# PostgreSQL: store, accounts and incidents tests also run on a private server (scripts/with-postgres.sh).
test_pkgs=(python3-googleapi poppler-utils chromium postgresql)
bench_pkgs=(fasttext time wrk curl python3)

pkgs=("${build_pkgs[@]}")
case "$what" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${bench_pkgs[@]}") ;;
  all) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The browser tests' npm packages (tests/web/package-lock.json): `npm ci` when node_modules is missing
# or older than the lock file. Node.js itself: the machine's, else Debian's nodejs + npm.
web_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/web"
# (playwright-core wants Node.js 20 or later; tests/web/run.mjs says so when it is older.)
node_ok() { command -v node >/dev/null && command -v npm >/dev/null; }
npm_ci() {
  case "$what" in test|all) ;; *) return 0 ;; esac
  [ -f "$web_dir/package-lock.json" ] || return 0
  if [ ! -f "$web_dir/node_modules/.package-lock.json" ] ||
     [ "$web_dir/package-lock.json" -nt "$web_dir/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in tests/web"
    (cd "$web_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
case "$what" in
  test|all) node_ok || missing+=(nodejs npm) ;;
esac

[ ${#missing[@]} -eq 0 ] && { npm_ci; exit 0; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Refresh the lists when they are older than a day (or absent).
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
  $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
npm_ci
