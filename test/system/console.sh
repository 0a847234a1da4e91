#!/bin/sh
# console.sh - the operator console end to end through `s370 run`: command output
# layouts (Hercules'), alteration, errors, and configuration errors naming file and
# line. Run by `make check` from the build directory.
set -u
S370=./s370
srcdir=${srcdir:-.}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

expect_line() {   # expect_line FILE LINE: LINE appears exactly in FILE
    if ! grep -Fqx -- "$2" "$1"; then
        echo "FAIL: missing line: $2"
        fail=1
    fi
}

cat > "$work/m.conf" <<'CONF'
# a comment
* another comment
ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
CPUSERIAL 012345
CPUMODEL  3033
OSTAILOR  QUIET       # unimplemented Hercules statement: a notice
CONF

printf '%s\n' \
    'r 0=0102030405060708090A0B0C0D0E0F10C1C2' \
    'r 10.10' \
    'abs 10-1F' \
    'gpr 1=DEADBEEF' \
    'cr 3=00000001' \
    'psw sm=FF pk=3 cc=2 ia=1234' \
    'pr' \
    'fpr' \
    'r 1FFFF0.20' \
    'bogus' \
    'quit' | $S370 run "$work/m.conf" > "$work/out" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: s370 run exit $rc"; fail=1; }
expect_line "$work/out" 'R:00000000:K:06=01020304 05060708 090A0B0C 0D0E0F10  *................*'
expect_line "$work/out" 'R:00000010:K:06=C1C20000 00000000 00000000 00000000  *AB..............*'
expect_line "$work/out" 'A:00000010:K:06=C1C20000 00000000 00000000 00000000  *AB..............*'
expect_line "$work/out" 'GR00=00000000  GR01=DEADBEEF  GR02=00000000  GR03=00000000'
expect_line "$work/out" 'CR00=000000E0  CR01=00000000  CR02=FFFFFFFF  CR03=00000001'
expect_line "$work/out" 'PSW=FF300000 20001234'
expect_line "$work/out" 'Prefix=00000000'
expect_line "$work/out" 'FPR0=00000000 00000000  FPR2=00000000 00000000'
expect_line "$work/out" 'R:001FFFF0:K:00=00000000 00000000 00000000 00000000  *................*'
expect_line "$work/out" 'R:00200000: Real address is not valid'
expect_line "$work/out" "HHC01600E Unknown command bogus, enter 'help' for a list of valid commands"
grep -q 'OSTAILOR' "$work/out" || { echo "FAIL: no notice for OSTAILOR"; fail=1; }

# A program: store 7 at 0x800 and load a disabled wait PSW (BC, IA 0).
#   200 LA 1,7 ; ST 1,X'800' ; LPSW X'208' ; DC 00020000 00000000
printf '\000\000\000\000\000\000\002\000' > "$work/prog.bin"     # restart new PSW: IA 200
head -c 504 /dev/zero >> "$work/prog.bin"
printf '\101\020\000\007\120\020\010\000\202\000\002\020\000\000\000\000\000\002\000\000\000\000\000\000' >> "$work/prog.bin"
printf 'loadcore %s 0\nruntest 5\nr 800.4\npsw\nquit\n' "$work/prog.bin" | $S370 run "$work/m.conf" > "$work/out2" 2>&1
expect_line "$work/out2" 'HHC00809I Processor CP00: disabled wait state 00020000 80000000'
expect_line "$work/out2" 'R:00000800:K:06=00000007 00000000 00000000 00000000  *................*'
expect_line "$work/out2" 'PSW=00020000 80000000'

# `stop` takes effect before the next command: a CPU looping (B *) is stopped when
# the next command, which needs every CPU stopped, runs.
printf '\000\000\000\000\000\000\002\000' > "$work/loop.bin"
head -c 504 /dev/zero >> "$work/loop.bin"
printf '\107\360\002\000' >> "$work/loop.bin"
printf 'loadcore %s 0\nrestart\nstop\nmainsize 3\nmainsize\nquit\n' "$work/loop.bin" |
    $S370 run "$work/m.conf" > "$work/out3" 2>&1
grep -q 'HHC02253E' "$work/out3" && { echo "FAIL: stop had not stopped the CPU"; fail=1; }
grep -q 'mainsize *: 3M' "$work/out3" || { echo "FAIL: mainsize after stop:"; cat "$work/out3"; fail=1; }

# Configuration errors name the file and the line, and s370 exits 1.
check_conf_error() {  # check_conf_error TEXT EXPECTED-MESSAGE-PART
    printf '%s\n' "$1" > "$work/bad.conf"
    $S370 run "$work/bad.conf" < /dev/null > "$work/bad.out" 2>&1
    rc=$?
    if [ $rc -ne 1 ] || ! grep -Fq -- "$work/bad.conf:$3: $2" "$work/bad.out"; then
        echo "FAIL: config '$1' gave rc $rc:"; cat "$work/bad.out"; fail=1
    fi
}
check_conf_error 'NUMCPU 9' 'NUMCPU 9 out of range (1 to 4)' 1
check_conf_error "$(printf 'MAINSIZE 2\nARCHMODE ESA/390')" 'ARCHMODE' 2
check_conf_error "$(printf 'MAINSIZE 2\n\n0009 9999')" 'unknown device type 9999' 3
check_conf_error 'FROBNICATE 1' 'unknown statement FROBNICATE' 1

$S370 --version > "$work/v" 2>&1 || fail=1
grep -q '^s370 ' "$work/v" || { echo "FAIL: --version"; fail=1; }
$S370 frob > /dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: usage exit code"; fail=1; }

[ $fail -eq 0 ] && echo "console: all checks passed"
exit $fail
