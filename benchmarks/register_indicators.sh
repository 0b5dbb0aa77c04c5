#!/usr/bin/env bash
# One command from a fresh clone: set up (scripts/setup.sh), install the benchmark extra (polars,
# DuckDB) and run benchmarks/register_indicators.py (default sizes 1M, 10M, 50M person-weeks).
#   bash benchmarks/register_indicators.sh [--rows 1M,10M] [--engines jobbench,polars,duckdb]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CMAKE_BUILD_PARALLEL_LEVEL=2
.venv/bin/python -m pip install -q ".[test,bench]"
exec .venv/bin/python benchmarks/register_indicators.py "$@"
