#!/usr/bin/env bash
# Sets up everything jobbench needs on a Debian machine, idempotently:
#   1. system packages (scripts/debian-packages.txt) via apt-get, only when missing;
#   2. a virtual environment in .venv;
#   3. the jobbench package itself (builds the C++ extension) with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "setup: [$1/3] $2"; }

# The package list is one file, shared with the tests that check it and the README.
mapfile -t APT_PACKAGES < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' scripts/debian-packages.txt | awk '{print $1}')
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  step 1 "installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  step 1 "system packages: all ${#APT_PACKAGES[@]} present"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  step 2 "creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
else
  step 2 ".venv exists ($(.venv/bin/python --version))"
fi
# pip's own output is long and mostly noise: it goes to a log that is shown when a step fails, and
# a line every 20 s says the step is still running. SETUP_VERBOSE=1 shows pip's output instead.
mkdir -p build
LOG=build/setup.log
: >"$LOG"
pip_step() {  # pip_step "what it does" pip-arguments...
  local what=$1 start=$SECONDS pid
  shift
  if [ -n "${SETUP_VERBOSE:-}" ]; then
    .venv/bin/python -m pip "$@"
    return
  fi
  .venv/bin/python -m pip "$@" >>"$LOG" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (((SECONDS - start) % 20 == 0)); then echo "setup:       ... $what ($((SECONDS - start)) s)"; fi
  done
  if ! wait "$pid"; then
    echo "setup: FAILED while $what; the last lines of $LOG:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  echo "setup:       $what: done in $((SECONDS - start)) s"
}
pip_step "upgrading pip" install --upgrade pip
# Two cores: never build with more than two jobs.
export CMAKE_BUILD_PARALLEL_LEVEL=2
step 3 "building the C++ core and installing jobbench with its test extras into .venv (2-4 minutes the first time; log: $LOG)"
pip_step "building and installing jobbench" install ".[test]"
echo "setup: done (jobbench $(.venv/bin/python -c 'import jobbench; print(jobbench.__version__)') in .venv)"
