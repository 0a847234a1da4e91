#!/bin/sh
# cckd.sh - compressed CCKD images against Hercules' tools: volumes made by dasdinit
# -z/-0/-a are the bytes `s370 dasd create` writes and open in s370; tracks s370
# writes into a CCKD image read back through Hercules' dasdcopy exactly, and tracks
# dasdcopy writes read back through s370 exactly; cckdcdsk judges s370's images as it
# judges Hercules' own; damaged images are refused naming the file. Skipped (77)
# without Hercules. Run by `make check` from the build directory.
set -u
S370=./s370
STRESS=test/system/cckdstress
for tool in dasdinit dasdls dasdcopy cckdcdsk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool (Debian package hercules) is not installed"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
failed() { echo "FAIL: $*"; fail=1; }
q() { "$@" >/dev/null 2>&1; }
# Two uncompressed images hold the same tracks: equal headers, and every track equal
# up to its end marker (what follows it in the slot is not part of the track, and
# dasdcopy leaves its buffer's leftovers there).
same_tracks() {
    python3 - "$1" "$2" <<'PY'
import struct, sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
if a[:512] != b[:512] or len(a) != len(b):
    sys.exit("headers or sizes differ")
heads, trk = struct.unpack("<II", a[8:16])
for t, off in enumerate(range(512, len(a), trk)):
    x = a[off:off + trk]
    end = 5
    while x[end:end + 8] != b"\xff" * 8:
        end += 8 + x[end + 5] + int.from_bytes(x[end + 6:end + 8], "big")
    if x[:end + 8] != b[off:off + end + 8]:
        sys.exit("track %d (cylinder %d head %d) differs" % (t, t // heads, t % heads))
PY
}

# Creation: the same bytes as dasdinit, compressed (-z), stored (-0), with alternates.
for opt in -z -0; do
    for t in 3330 3350 3380-K 3390-3; do
        q dasdinit $opt "$work/h$opt.$t" "$t" VOL001 || failed "dasdinit $opt $t"
        q "$S370" dasd create $opt "$t" "$work/o$opt.$t" VOL001 || failed "s370 dasd create $opt $t"
        cmp -s "$work/h$opt.$t" "$work/o$opt.$t" || failed "create $opt $t differs from dasdinit's"
    done
done
q dasdinit -z -a "$work/ha.330" 3330 VOL002 || failed "dasdinit -z -a"
q "$S370" dasd create -z -a 3330 "$work/oa.330" VOL002 || failed "s370 dasd create -z -a"
cmp -s "$work/ha.330" "$work/oa.330" || failed "create -z -a differs from dasdinit -a"
"$S370" dasd info "$work/ha.330" > "$work/info" 2>&1 || failed "info of dasdinit -z -a"
for want in "format: CCKD (compressed)" "type: 3330" "model: 1" "cylinders: 411" \
            "volser: VOL002"; do
    grep -qx "$want" "$work/info" || failed "info of dasdinit's -z -a 3330 lacks '$want'"
done

# Tracks written by s370 (random records on random tracks of a CCKD 3390), read by
# Hercules: dasdcopy to CKD, then s370 converts that back; both must equal s370's own
# CKD conversion of the original.
q "$S370" dasd create -z 3390 "$work/w.390" DATA01 30 || failed "create w.390"
# (killed by hand: `timeout -s KILL` kills itself too and returns before the writer's
# threads are gone and its lock is released)
"$STRESS" write "$work/w.390" 1 2 > "$work/acks" 2>&1 &
writer=$!
sleep 2
kill -9 $writer
wait $writer 2>/dev/null
grep -q '^ack ' "$work/acks" || failed "cckdstress wrote nothing: $(head -3 "$work/acks")"
"$S370" dasd check --repair "$work/w.390" > "$work/out" 2>&1 ||
    failed "check --repair after the kill: $(cat "$work/out")"
"$S370" dasd check "$work/w.390" > "$work/out" 2>&1 || failed "check after the repair: $(cat "$work/out")"
q "$S370" dasd convert "$work/w.390" "$work/ours.ckd" || failed "convert w.390 to CKD"
q dasdcopy "$work/w.390" "$work/herc.ckd" || failed "dasdcopy of s370's CCKD"
same_tracks "$work/ours.ckd" "$work/herc.ckd" || failed "Hercules reads s370's CCKD differently"
q dasdcopy -z "$work/ours.ckd" "$work/herc.cckd" || failed "dasdcopy -z"
q "$S370" dasd convert "$work/herc.cckd" "$work/back.ckd" || failed "convert Hercules' CCKD"
same_tracks "$work/ours.ckd" "$work/back.ckd" || failed "s370 reads Hercules' CCKD differently"
q "$S370" dasd convert -z "$work/ours.ckd" "$work/ours.cckd" || failed "convert -z"
q dasdcopy "$work/ours.cckd" "$work/herc2.ckd" || failed "dasdcopy of s370's converted CCKD"
same_tracks "$work/ours.ckd" "$work/herc2.ckd" || failed "converted CCKD reads differently in Hercules"

# Tracks Hercules compressed with bzip2 read back exactly (where s370 was built with
# libbz2; else it must say so).
q dasdcopy -bz2 "$work/ours.ckd" "$work/herc.bz2" || failed "dasdcopy -bz2"
if "$S370" dasd convert "$work/herc.bz2" "$work/bz.ckd" > "$work/out" 2>&1; then
    same_tracks "$work/ours.ckd" "$work/bz.ckd" || failed "s370 reads bzip2 tracks differently"
else
    grep -q "built without bzip2" "$work/out" || failed "convert of a bzip2 CCKD: $(cat "$work/out")"
fi

# cckdcdsk at its most thorough level says of s370's files what it says of Hercules'
# (its level 3 objects to a track of dasdinit's own -z volumes, so compare, not demand
# silence); on a file s370 wrote tracks into, it must find nothing.
# w.390 may still hold that track as dasdinit wrote it: level 2 (track headers) there.
for f in ours.cckd:-3 w.390:-2; do
    cp "$work/${f%:*}" "$work/chk"
    cckdcdsk ${f#*:} "$work/chk" > "$work/cd" 2>&1 || failed "cckdcdsk $f failed: $(cat "$work/cd")"
    grep -Eq 'error|HHCCU6|recovered' "$work/cd" && failed "cckdcdsk $f: $(cat "$work/cd")"
done
cp "$work/h-z.3390-3" "$work/a" && cp "$work/o-z.3390-3" "$work/b"
# (it names the file by its last part)
cckdcdsk -3 "$work/a" 2>&1 | sed 's/ a: / FILE: /' > "$work/cda"
cckdcdsk -3 "$work/b" 2>&1 | sed 's/ b: / FILE: /' > "$work/cdb"
cmp -s "$work/cda" "$work/cdb" || failed "cckdcdsk judges s370's new volume differently: $(diff "$work/cda" "$work/cdb")"
dasdls "$work/o-z.3390-3" 2>&1 | tail -n +3 > "$work/lso"
dasdls "$work/h-z.3390-3" 2>&1 | tail -n +3 | sed 's/h-z/o-z/' > "$work/lsh"
cmp -s "$work/lso" "$work/lsh" || failed "dasdls differs on s370's CCKD volume"

# Damaged images are refused with the file named: truncated, bad L1 entry, bad
# compressed track data.
head -c 700 "$work/o-z.3390-3" > "$work/short.390"
"$S370" dasd info "$work/short.390" > /dev/null 2> "$work/err"
[ $? = 1 ] && grep -q "short.390" "$work/err" || failed "truncated CCKD not refused: $(cat "$work/err")"
cp "$work/ours.cckd" "$work/badl1.390"
printf '\377\377\377\177' | dd of="$work/badl1.390" bs=1 seek=1024 conv=notrunc 2>/dev/null
"$S370" dasd info "$work/badl1.390" > /dev/null 2> "$work/err"
[ $? = 1 ] && grep -q "badl1.390" "$work/err" || failed "L1 entry beyond the end not refused: $(cat "$work/err")"
"$S370" dasd check "$work/badl1.390" > /dev/null 2>&1
[ $? = 1 ] || failed "check does not report a bad L1 entry"

[ $fail = 0 ] && echo "PASS: cckd"
exit $fail
