#!/bin/sh
# dasd.sh - `s370 dasd` against Hercules' dasdinit and dasdls: images made by dasdinit
# show their geometry and volser in `s370 dasd info`; images made by `s370 dasd create`
# are the bytes dasdinit writes (with alternate cylinders too) and dasdls reads them as
# it reads dasdinit's, also split over files beyond 2 GB; damaged images are refused. Skipped (77) without Hercules. Run
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

# Over 2 GB a volume is split as dasdinit splits it without -lfs: 2600 3390 cylinders
# make NAME_1.390 (2519 cylinders, just under 2 GB) and NAME_2.390 (81). The same
# bytes, and each program reads the other's. It takes 4.3 GB in $work for a few seconds.
free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
if [ "${free_kb:-0}" -lt 6000000 ]; then
    echo "split volumes not tested: less than 6 GB free in $work"
else
    dasdinit "$work/hs.390" 3390 SPLIT1 2600 >/dev/null 2>&1 || failed "dasdinit split 3390"
    "$S370" dasd create 3390 "$work/os.390" SPLIT1 2600 >/dev/null ||
        failed "s370 dasd create split 3390"
    for n in 1 2; do
        cmp -s "$work/hs_$n.390" "$work/os_$n.390" || failed "split file $n differs from dasdinit's"
    done
    { [ -e "$work/os.390" ] || [ -e "$work/os_3.390" ]; } && failed "split into other files"
    "$S370" dasd info "$work/hs_1.390" > "$work/info" || failed "info of dasdinit's split volume"
    for want in "files: 2" "cylinders: 2600" "volser: SPLIT1"; do
        grep -qx "$want" "$work/info" || failed "info of dasdinit's split volume lacks '$want'"
    done
    dasdls "$work/hs_1.390" > "$work/her.ls" 2>&1; her=$?
    dasdls "$work/os_1.390" > "$work/our.ls" 2>&1; our=$?
    sed -i 's/hs_1/VOL/g' "$work/her.ls"; sed -i 's/os_1/VOL/g' "$work/our.ls"
    [ "$her" = "$our" ] && cmp -s "$work/her.ls" "$work/our.ls" || failed "dasdls of split volumes differs"
    rm -f "$work"/hs_* "$work"/os_*
    # An IPL program that cannot go on the volume: no file of the split volume is left.
    printf 'too short' > "$work/short.ipl"
    "$S370" dasd create --ipl "$work/short.ipl" 3390 "$work/ip.390" SPLIT1 2600 \
        >/dev/null 2>"$work/err"
    [ $? = 1 ] && grep -q "nothing beyond X'200'" "$work/err" || failed "bad --ipl: $(cat "$work/err")"
    ls "$work"/ip* >/dev/null 2>&1 && failed "bad --ipl left $(ls "$work"/ip*)"
fi

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
