#!/bin/sh
# tape.sh - `s370 tape` against Hercules' tape utilities: images made by hetinit
# (AWS and compressed HET) and hetupd (chunked, compressed) list as hetmap lists
# them; images made by `s370 tape create` are the bytes hetinit -n writes and
# hetmap accepts them; the OS/VS1 starter tape (a real IBM tape in AWS form) lists
# its files. Skipped (77) without Hercules' utilities. Run by `make check`.
set -u
S370=./s370
srcdir=${srcdir:-.}
for tool in hetinit hetmap hetupd; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool (Debian package hercules) is not installed"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

failed() { echo "FAIL: $*"; fail=1; }

# The File lines of `s370 tape ls` without the byte counts must equal hetmap -t's.
same_map() {   # same_map IMAGE
    "$S370" tape ls "$1" > "$work/ours" 2> "$work/err" || failed "s370 tape ls $1: $(cat "$work/err")"
    sed -n 's/^\(File [0-9]*: Blocks=[0-9]*, block size min=[0-9]*, max=[0-9]*\),.*/\1/p' \
        "$work/ours" > "$work/ours.t"
    hetmap -t "$1" 2>/dev/null | grep '^File ' > "$work/theirs.t" || failed "hetmap -t $1"
    if ! cmp -s "$work/ours.t" "$work/theirs.t"; then
        failed "s370 tape ls and hetmap -t differ for $1"
        diff "$work/ours.t" "$work/theirs.t" | head -20
    fi
}

# Images made by Hercules.
hetinit -d "$work/lab.aws" VOL001 OWNER >/dev/null 2>&1 || failed "hetinit -d"
hetinit "$work/lab.het" VOL002 >/dev/null 2>&1 || failed "hetinit"
hetinit -n "$work/nl.het" >/dev/null 2>&1 || failed "hetinit -n"
for f in lab.aws lab.het nl.het; do same_map "$work/$f"; done
stored=$("$S370" tape ls "$work/lab.het" | sed -n 's/^File 1: Blocks=2, .*bytes=160, stored=//p')
[ -n "$stored" ] && [ "$stored" -lt 160 ] ||
    failed "lab.het: two compressed 80-byte labels expected (160 bytes, fewer stored)"
hetupd -z -c 4096 "$work/lab.aws" "$work/up.het" >/dev/null 2>&1 || failed "hetupd"
same_map "$work/up.het"

# Images made by s370 are hetinit -n's bytes, and hetmap reads them.
"$S370" tape create "$work/new.aws" >/dev/null || failed "s370 tape create"
"$S370" tape create "$work/new.het" --het >/dev/null || failed "s370 tape create --het"
cmp -s "$work/new.het" "$work/nl.het" || failed "s370 tape create differs from hetinit -n"
for f in new.aws new.het; do
    hetmap "$work/$f" >/dev/null 2>&1 || failed "hetmap rejects $f"
    same_map "$work/$f"
done

# Errors and usage: exit codes 1 and 2, messages naming the file.
head -c 100 "$work/lab.aws" > "$work/short.aws"
"$S370" tape ls "$work/short.aws" > /dev/null 2> "$work/err"
[ $? -eq 1 ] || failed "truncated image: exit code 1 expected"
grep -q "short.aws: block 2: damaged image: truncated block" "$work/err" ||
    failed "truncated image: message: $(cat "$work/err")"
"$S370" tape ls "$work/missing.aws" 2>/dev/null; [ $? -eq 1 ] || failed "missing file: exit 1"
"$S370" tape 2>/dev/null; [ $? -eq 2 ] || failed "no tape command: exit 2"
"$S370" tape ls 2>/dev/null; [ $? -eq 2 ] || failed "ls without a file: exit 2"
"$S370" tape create "$work/x.aws" --het 2>/dev/null; [ $? -eq 1 ] || failed "--het needs .het"

# The OS/VS1 starter tape: file 1 the standalone utilities' card images, file 2 the dump.
zip="$srcdir/../shared/guests/osvs1/vs1r60_starter_3330.zip"
if [ -f "$zip" ] && command -v unzip >/dev/null 2>&1; then
    unzip -q -d "$work" "$zip" || failed "unzip $zip"
    vs1="$work/vs1r60_starter_3330.aws"
    same_map "$vs1"
    grep -q '^File 1: Blocks=739, block size min=80, max=80, bytes=59120, ' "$work/ours" ||
        failed "VS1 starter tape file 1: 739 card images expected"
    grep -q '^File 2: Blocks=10756, block size min=16, max=12976, bytes=12329761, ' "$work/ours" ||
        failed "VS1 starter tape file 2: the dump expected"
    hetupd -z -c 4096 "$vs1" "$work/vs1.het" >/dev/null 2>&1 || failed "hetupd $vs1"
    same_map "$work/vs1.het"
    grep -q '^End of tape: 7 files, 11505 blocks, 12389488 bytes, ' "$work/ours" ||
        failed "VS1 starter tape as HET: totals"
else
    echo "note: $zip not found; the OS/VS1 starter tape is not checked"
fi

[ $fail -eq 0 ] && echo "PASS: tape"
exit $fail
