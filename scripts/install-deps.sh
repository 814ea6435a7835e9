#!/usr/bin/env bash
# Installs the Debian 12 packages Byte Back needs, only those missing.
# Non-interactive and idempotent; uses sudo when not root.
# Usage: scripts/install-deps.sh [build|test|bench|all]   (default: build)
set -euo pipefail
what=${1:-build}

build_pkgs=(build-essential cmake pkg-config git
  libsoci-dev libboost-dev libsqlite3-dev libpq-dev libcpp-httplib-dev nlohmann-json3-dev libicu-dev
  libvectorscan-dev libsodium-dev libssl-dev libspdlog-dev libcli11-dev libtomlplusplus-dev
  libcurl4-openssl-dev libgtest-dev libgmock-dev libbenchmark-dev sqlite3)
test_pkgs=()
bench_pkgs=(fasttext time python3)

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
[ ${#missing[@]} -eq 0 ] && exit 0

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
