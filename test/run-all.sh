#!/usr/bin/env bash
# Build s370 twice out of tree (plain, and with AddressSanitizer + UBSan) and run the
# whole test suite in each; in the plain build also the system tests that valgrind can
# afford (make check-valgrind). Exit status is that of the first failing step.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# A tree configured in place cannot host out-of-tree builds.
if [ -f config.status ]; then make distclean >/dev/null 2>&1 || true; fi
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
jobs=$(nproc 2>/dev/null || echo 2)
run_build() {
    local dir=$1; shift
    rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
    "$top/configure" --enable-werror "$@" >/dev/null
    make -j"$jobs" >/dev/null
    if ! make -j"$jobs" check; then
        cat test-suite.log 2>/dev/null | tail -100
        return 1
    fi
    cd "$top"
}
echo "== build and test =="
run_build "$top/build"
echo "== system tests under valgrind =="
make -C "$top/build" check-valgrind
echo "== build and test with AddressSanitizer and UndefinedBehaviorSanitizer =="
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_build "$top/build-san" --enable-sanitizers
# One closing line for both builds together.
count() { sed -n "s/^# $1: *//p" "$top/build/test-suite.log" "$top/build-san/test-suite.log" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
echo "== all tests passed =="
echo "$(count PASS) passed, $(( $(count FAIL) + $(count ERROR) )) failed, $(count SKIP) skipped"
