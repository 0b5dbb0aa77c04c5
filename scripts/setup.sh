#!/usr/bin/env bash
# Sets up everything jobbench needs on a Debian machine, idempotently:
#   1. system packages (compiler, CMake, Eigen, Boost.Math, GoogleTest, nlohmann-json) via apt-get, only when missing;
#   2. a virtual environment in .venv;
#   3. the jobbench package itself (builds the C++ extension) with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(build-essential cmake ninja-build ccache pkg-config
  libeigen3-dev libboost-math-dev libgtest-dev libgmock-dev nlohmann-json3-dev
  python3-venv python3-dev)
# report: WeasyPrint (PDF) needs pango; poppler-utils (pdftotext) checks the PDF in the tests
APT_PACKAGES+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# Two cores: never build with more than two jobs.
export CMAKE_BUILD_PARALLEL_LEVEL=2
echo "setup: building and installing jobbench into .venv"
.venv/bin/python -m pip install -q ".[test]"
