#!/bin/sh
# smoke.sh - the fuzz targets' short run in `make check`: every input of
# test/fuzz/corpus-NAME/ once (seeds and the inputs of crashes fixed before), then
# FUZZ_RUNS (default 10000) mutations from a fixed seed. The targets are built by the
# fuzz-build rule of test/fuzz/fuzz.am before this runs; without a clang that builds
# libFuzzer targets there are none, and the test is skipped (77).
srcdir=${srcdir:-.}
runs=${FUZZ_RUNS:-10000}
found=0
for bin in test/fuzz/bin/fuzz_*; do
    [ -x "$bin" ] || continue
    name=${bin#test/fuzz/bin/fuzz_}
    corpus=$srcdir/test/fuzz/corpus-$name
    work=test/fuzz/smoke-$name
    rm -rf "$work" && mkdir -p "$work" || exit 1
    n=$runs
    # fuzz_cpu runs up to 4000 instructions and waits per input: a fifth of the runs.
    [ "$name" = cpu ] && n=$((runs / 5))
    echo "$bin: $corpus and $n runs"
    # New inputs go to the first directory (the build tree), never to the sources.
    "$bin" -runs="$n" -seed=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="test/fuzz/smoke-crash-$name-" "$work" "$corpus" >"$work.log" 2>&1
    rc=$?
    tail -n 4 "$work.log"
    if [ $rc -ne 0 ]; then
        tail -n 60 "$work.log"
        echo "FAIL: $bin (input saved as test/fuzz/smoke-crash-$name-*)"
        exit 1
    fi
    found=1
done
if [ $found = 0 ]; then
    echo "SKIP: no fuzz targets built (clang with -fsanitize=fuzzer not available)"
    exit 77
fi
exit 0
