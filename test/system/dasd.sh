#!/bin/sh
# dasd.sh - `s370 dasd` against Hercules' dasdinit and dasdls: images made by dasdinit
# show their geometry and volser in `s370 dasd info`; images made by `s370 dasd create`
# are the bytes dasdinit writes (with alternate cylinders too) and dasdls reads them as
# it reads dasdinit's; damaged images are refused. Skipped (77) without Hercules. Run
# by `make check`.
set -u
S370=./s370
for tool in dasdinit dasdls; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool (Debian package hercules) is not installed"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

failed() { echo "FAIL: $*"; fail=1; }

# A full 3330-1 made by dasdinit (404 cylinders).
dasdinit "$work/her.330" 3330 VOL001 >/dev/null 2>&1 || failed "dasdinit 3330"
"$S370" dasd info "$work/her.330" > "$work/info" 2>&1 || failed "s370 dasd info: $(cat "$work/info")"
for want in "type: 3330" "model: 1" "cylinders: 404" "heads: 19" "track size: 13312" \
            "volser: VOL001"; do
    grep -qx "$want" "$work/info" || failed "info of dasdinit's 3330 lacks '$want'"
done

# The same volume made by s370: identical bytes, and dasdls says the same of both.
"$S370" dasd create 3330 "$work/our.330" VOL001 >/dev/null || failed "s370 dasd create 3330"
cmp "$work/her.330" "$work/our.330" || failed "3330-1 image differs from dasdinit's"
dasdls "$work/her.330" > "$work/her.ls" 2>&1; her=$?
dasdls "$work/our.330" > "$work/our.ls" 2>&1; our=$?
[ "$her" = "$our" ] && cmp -s "$work/her.ls" "$work/our.ls" || failed "dasdls differs"

# Every type, a few cylinders each.
for t in 3330-11 3350 3380-E 3380-K 3390-1 3390-3 3390-9; do
    dasdinit "$work/h.$t" "$t" SYS#1 3 >/dev/null 2>&1 || failed "dasdinit $t"
    "$S370" dasd create "$t" "$work/o.$t" SYS#1 3 >/dev/null || failed "s370 dasd create $t"
    cmp "$work/h.$t" "$work/o.$t" || failed "$t image differs from dasdinit's"
    "$S370" dasd info "$work/h.$t" | grep -qx "type: ${t%-*}" || failed "info type of $t"
done

# With alternate cylinders (dasdinit -a), every type.
for t in 3330 3330-11 3350 3380 3390; do
    dasdinit -a "$work/a.$t" "$t" ALT001 >/dev/null 2>&1 || failed "dasdinit -a $t"
    "$S370" dasd create -a "$t" "$work/b.$t" ALT001 >/dev/null || failed "s370 dasd create -a $t"
    cmp -s "$work/a.$t" "$work/b.$t" || failed "-a $t image differs from dasdinit's"
    rm -f "$work/a.$t"* "$work/b.$t"*
done

# The VTOC of a volume without one, and of a file that is not a volume.
"$S370" dasd ls "$work/our.330" > /dev/null 2> "$work/err"
[ $? = 1 ] && grep -q "our.330: volume VOL001 has no VTOC" "$work/err" ||
    failed "ls of a volume without a VTOC: $(cat "$work/err")"

# Refusals: damaged, unknown type, existing file; usage.
head -c 300000 "$work/o.3330-11" > "$work/short.330"
"$S370" dasd info "$work/short.330" 2> "$work/err" >/dev/null
[ $? = 1 ] && grep -q "short.330: truncated" "$work/err" || failed "truncated image not refused"
"$S370" dasd create 2314 "$work/x" VOL1 2>/dev/null; [ $? = 2 ] || failed "unknown type not usage"
"$S370" dasd create 3330 "$work/our.330" VOL1 2>/dev/null; [ $? = 1 ] || failed "overwrote a file"
"$S370" dasd 2>/dev/null; [ $? = 2 ] || failed "no subcommand not usage"

[ $fail = 0 ] && echo "PASS: dasd"
exit $fail
