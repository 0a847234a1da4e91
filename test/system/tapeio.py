#!/usr/bin/env python3
"""tapeio.py -- tape end to end: test/system/tapeio.S writes blocks and tapemarks on a
3420 and reads them back (forward, backward, spacing) through SIO and I/O
interruptions. Checks the statuses and data against what the channel program implies,
and, where Hercules 3.13 is installed, runs the same program there and compares the
result area, the data read back and the AWS tape files byte for byte.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, re, shutil, subprocess, sys, tempfile

SKIP = 77
HERCULES_RUN = os.path.join(os.environ.get("srcdir", "."), "..", "shared", "tools", "hercules-run")
CE_DE, UE = 0x0C, 0x01
BLOCK1 = b"BLOCK ONE: THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG 012345"
# (unit status, residual count) per command, in the order of tapeio.S
EXPECT = [(CE_DE, 1), (CE_DE, 0), (CE_DE, 0), (CE_DE, 1), (CE_DE, 0), (CE_DE, 1), (CE_DE, 1),
          (CE_DE, 20), (CE_DE, 0), (CE_DE | UE, 20), (CE_DE, 10), (CE_DE | UE, 20),
          (CE_DE, 1), (CE_DE, 0), (CE_DE, 1), (CE_DE, 1), (CE_DE, 0), (CE_DE, 1), (CE_DE, 0),
          (CE_DE | UE, 20)]


def parse(out):
    mem, psw = {}, None
    for ln in out.splitlines():
        m = re.match(r"\s*R:([0-9A-F]{8}):K:[0-9A-F]{2}=((?:\s*[0-9A-F]{8}){1,4})", ln)
        if m:
            for i, b in enumerate(bytes.fromhex("".join(m.group(2).split()))):
                mem[int(m.group(1), 16) + i] = b
        m = re.match(r"\s*PSW=([0-9A-F]{8}) ([0-9A-F]{8})\s*$", ln)
        if m:
            psw = (int(m.group(1), 16), int(m.group(2), 16))
    return mem, psw


def run(argv, work, tag):
    conf = os.path.join(work, tag + ".conf")
    tape = os.path.join(work, tag + ".aws")
    with open(tape, "wb"):
        pass
    with open(conf, "w") as f:
        f.write("ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n0580 3420 %s\n" % tape)
    binp = os.path.abspath(os.path.join("test", "system", "tapeio.bin"))
    cmds = "loadcore %s 0\nruntest 10\nr 800.60\nr C00.140\nr D00.140\nr E00.60\nr F00.60\npsw\nquit\n" % binp
    try:
        p = subprocess.run(argv + [conf], input=cmds.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120, cwd=work)
        out = p.stdout.decode("latin-1")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("latin-1")
    mem, psw = parse(out)
    return mem, psw, open(tape, "rb").read(), out


def check(who, mem, psw, fails):
    if psw is None or psw[0] & 0xFF020000 != 0x00020000 or psw[1] & 0xFFFFFF:
        fails.append("%s: final PSW %s" % (who, psw and "%08X %08X" % psw))
        return
    for n, (us, count) in enumerate(EXPECT):
        a = 0x800 + 4 * n
        got = (mem.get(a, -1), mem.get(a + 1, -1), (mem.get(a + 2, 0) << 8) | mem.get(a + 3, 0))
        if got != (us, 0, count):
            fails.append("%s: command %d: status %02X channel %02X count %d, expected %02X 00 %d"
                         % (who, n, got[0], got[1], got[2], us, count))
    data = bytes(mem.get(0xC00 + i, 0) for i in range(len(BLOCK1)))
    if data != BLOCK1:
        fails.append("%s: block 1 read back differs" % who)
    back = bytes(mem.get(0xE20 + i, 0) for i in range(10))
    if back != b"FILE TWO!!":
        fails.append("%s: read backward gave %r" % (who, back))
    for at in (0xE40, 0xF40):
        fwd = bytes(mem.get(at + i, 0) for i in range(10))
        if fwd != b"FILE TWO!!":
            fails.append("%s: block of file 2 at %X gave %r" % (who, at, fwd))


def main():
    if not os.path.isfile(os.path.join("test", "system", "tapeio.bin")):
        print("tapeio: test/system/tapeio.bin not built; skipped")
        return SKIP
    s370 = os.path.abspath(os.environ.get("S370", "./s370"))
    fails = []
    with tempfile.TemporaryDirectory(prefix="tapeio-") as work:
        smem, spsw, stape, sout = run([s370, "run"], work, "s370")
        check("s370", smem, spsw, fails)
        if os.access(HERCULES_RUN, os.X_OK) and shutil.which("hercules"):
            hmem, hpsw, htape, hout = run([os.path.abspath(HERCULES_RUN)], work, "herc")
            check("hercules", hmem, hpsw, fails)
            if stape != htape:
                fails.append("the AWS files differ (s370 %d bytes, Hercules %d bytes)"
                             % (len(stape), len(htape)))
            for a in range(0x800, 0x800 + 4 * len(EXPECT)):
                if smem.get(a) != hmem.get(a):
                    fails.append("result area %X: s370 %s hercules %s" % (a, smem.get(a), hmem.get(a)))
                    break
        else:
            print("tapeio: hercules not installed; no comparison")
    if fails:
        print("FAIL:\n  " + "\n  ".join(fails))
        return 1
    print("tapeio: %d tape commands as expected%s" % (len(EXPECT), "" if not shutil.which("hercules")
                                                     else "; same statuses and tape file as Hercules"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
