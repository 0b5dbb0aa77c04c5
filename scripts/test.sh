#!/usr/bin/env bash
# Quick start, command 2: set everything up, then run every test: C++ (GoogleTest via ctest,
# including the installed-package example) and Python (pytest, warnings as errors, notebooks executed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CMAKE_BUILD_PARALLEL_LEVEL=2
cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release -DJOBBENCH_BUILD_TESTS=ON >/dev/null
cmake --build build/cpp -j2
ctest --test-dir build/cpp --output-on-failure -j2
.venv/bin/lint-imports
.venv/bin/python -m pytest -W error tests/python
