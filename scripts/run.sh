#!/usr/bin/env bash
# Quick start, command 1: set everything up, then run the benchmark on the embedded 2013 data set
# and write Varde's tables and report (HTML, PDF, Excel) to output/varde-2013/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/jobbench run --municipality Varde --out output/varde-2013 "$@"
.venv/bin/jobbench report --municipality Varde --out output/varde-2013
