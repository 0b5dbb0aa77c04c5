#!/usr/bin/env bash
# Builds the C++ library, its tests and the fuzzer under AddressSanitizer + UndefinedBehaviorSanitizer
# in build/asan and runs ctest there (the GoogleTest suite, the installed-package example and
# jobbench_fuzz). Any sanitizer report aborts the test (-fno-sanitize-recover=all). No Python module.
# Usage: scripts/sanitize.sh   (after scripts/setup.sh, which installs the compiler and libraries)
set -euo pipefail
cd "$(dirname "$0")/.."
export CMAKE_BUILD_PARALLEL_LEVEL=2
# detect_leaks: also fail on leaks; halt_on_error: the first report ends the process.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJOBBENCH_BUILD_TESTS=ON \
  -DJOBBENCH_BUILD_PYTHON=OFF -DJOBBENCH_SANITIZE=address,undefined >/dev/null
cmake --build build/asan -j2
ctest --test-dir build/asan --output-on-failure -j2
