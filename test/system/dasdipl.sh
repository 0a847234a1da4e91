#!/bin/sh
# dasdipl.sh - IPL from DASD: `s370 dasd create --ipl` writes IPL text that loads
# test/system/dasdipl.bin (20K, several records and tracks); `ipl 150` on s370 runs it
# on each device type, CKD and CCKD, and so does Hercules 3.13 where installed (the
# same volume). Refusals: --ipl without a label, a missing or oversized program.
# Run by `make check` from the build directory.
set -u
S370=./s370
PROG=test/system/dasdipl.bin
HERC=${srcdir:-.}/../shared/tools/hercules-run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() { echo "FAIL: $*"; fail=1; }

for v in "3330 " "3350 -z" "3380-K -z" "3390 -0"; do
    set -- $v
    t=$1; opt=${2:-}
    "$S370" dasd create $opt --ipl "$PROG" "$t" "$work/v.$t" IPL001 10 > "$work/out" 2>&1 ||
        { failed "create --ipl $t: $(cat "$work/out")"; continue; }
    printf 'ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n001F 3215-C /\n0150 %s %s\n' "${t%-*}" \
        "$work/v.$t" > "$work/c.conf"
    printf 'ipl 150\nruntest start 20\npsw\nquit\n' | "$S370" run "$work/c.conf" > "$work/run" 2>&1
    grep -qx "DASD IPL OK" "$work/run" && grep -qx "PSW=00020000 80000000" "$work/run" ||
        failed "ipl 150 from $t $opt on s370: $(cat "$work/run")"
    if [ -x /usr/bin/hercules ] && [ -f "$HERC" ]; then
        printf 'ipl 150\npause 2\n' | python3 "$HERC" "$work/c.conf" > "$work/herc" 2>&1
        grep -q "DASD IPL OK" "$work/herc" ||
            failed "ipl 150 from $t $opt on Hercules: $(grep -v '^$' "$work/herc" | tail -5)"
    fi
done

"$S370" dasd create -r --ipl "$PROG" 3330 "$work/r.330" > /dev/null 2> "$work/err"
[ $? = 1 ] && grep -q "labelled volume" "$work/err" && [ ! -e "$work/r.330" ] ||
    failed "--ipl on a raw volume: $(cat "$work/err")"
"$S370" dasd create --ipl "$work/none" 3330 "$work/n.330" VOL1 > /dev/null 2> "$work/err"
[ $? = 1 ] && grep -q "none: cannot open" "$work/err" && [ ! -e "$work/n.330" ] ||
    failed "--ipl of a missing program: $(cat "$work/err")"
head -c 200000 /dev/zero > "$work/big.bin"
"$S370" dasd create --ipl "$work/big.bin" 3330 "$work/b.330" VOL1 > /dev/null 2> "$work/err"
[ $? = 1 ] && grep -q "at most" "$work/err" && [ ! -e "$work/b.330" ] ||
    failed "--ipl of an oversized program: $(cat "$work/err")"

[ $fail = 0 ] && echo "PASS: dasdipl"
exit $fail
