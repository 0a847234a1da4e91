#!/usr/bin/env python3
"""urcards.py -- unit record devices end to end: test/system/urcards.S reads a deck from a
3505, punches every card on a 3525 and prints it on a 1403 through SIO and I/O
interruptions. Checks the program's result area, the punch file and the printer file
(exact bytes, from a model of the carriage below); where Hercules 3.13 is installed, runs
the same program there and compares the files and the result area.

Known departures of Hercules 3.13, not compared:
  * it presents no unit exception when spacing after a write reaches carriage channel 9
    or 12 (s370 does, as the 2821/1403 do);
  * it indicates incorrect length with the reader's unit exception (s370's channel does
    not indicate incorrect length together with unit exception).

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, re, shutil, subprocess, sys, tempfile

SKIP = 77
NCARDS = 40
PTAB = [0x09, 0x11, 0x19, 0x01, 0x0B, 0x89, 0x09, 0x13,
        0x91, 0x8B, 0xE1, 0x11, 0x0B, 0x09, 0xC9, 0x1B]
FCB = {1: 1, 2: 7, 9: 63, 12: 61}      # the channels the program uses (Hercules' default FCB)
LPP = 66
UE_CARDS = {n for n in range(NCARDS) if n % 16 == 11}   # write space 2 from 61 reaches 63


def deck():
    lines = []
    for i in range(1, NCARDS + 1):
        if i == 7:
            lines.append("")
        elif i == 13:
            lines.append("   INDENTED CARD 13 WITH TRAILING BLANKS     ")
        elif i == 20:
            lines.append(("CARD 20 FULL WIDTH " + "X" * 80)[:80])
        else:
            lines.append("CARD %02d  The quick brown fox; $1.25 + (a*b) = 'ok' #%d" % (i, i * 7))
    return lines


def expected_printer(lines):
    """The printer file: writes translate and strip, spacing is LF, a skip that goes
    to a new page a form feed (after CR when a line was printed with skip to channel 1),
    write without spacing ends in CR."""
    out, line = [], 1
    for n, text in enumerate(lines):
        cmd = PTAB[n % 16]
        write = cmd & 3 == 1
        if write:
            out.append(text.rstrip())
        chan = (cmd >> 3) & 0xF if cmd & 0x80 else 0
        if chan:
            target = FCB[chan]
            if target > line:
                out.append("\n" * (target - line))
            else:
                out.append(("\r\f" if write and chan == 1 else "\f") + "\n" * (target - 1))
            line = target
        else:
            space = (cmd >> 3) & 3
            if write and space == 0:
                out.append("\r")
            out.append("\n" * space)
            line = (line + space - 1) % LPP + 1
    out.append("\fEND\n")                 # skip to channel 1 immediately, write space 1
    return "".join(out).encode("latin-1")


def expected_area():
    a = bytearray(0x100)
    a[0:4] = NCARDS.to_bytes(4, "big")
    a[4:12] = bytes.fromhex("00000328") + bytes([0x0D, 0x00, 0x00, 0x50])  # rdrccw + 8
    for n in range(NCARDS):
        a[0x10 + 4 * n:0x14 + 4 * n] = bytes([0x0C, 0x0C, 0x0D if n in UE_CARDS else 0x0C, 0])
    a[0x10 + 4 * NCARDS:0x12 + 4 * NCARDS] = bytes([0x0C, 0x00])
    return bytes(a)


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
    area = bytes(mem.get(0x800 + i, 0) for i in range(0x100))
    return area, psw


def run(argv, work, tag, extra_conf):
    conf = os.path.join(work, tag + ".conf")
    with open(conf, "w") as f:
        f.write("ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n" + extra_conf +
                "000C 3505 %s/deck.txt ascii eof\n"
                "000D 3525 %s/%s.pch ascii\n"
                "000E 1403 %s/%s.prt\n" % (work, work, tag, work, tag))
    binp = os.path.abspath(os.path.join("test", "system", "urcards.bin"))
    cmds = "loadcore %s 0\nruntest 10\nr 800.100\npsw\nquit\n" % binp
    try:
        p = subprocess.run(argv + [conf], input=cmds.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=180)
        out = p.stdout.decode("latin-1")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("latin-1")
    files = []
    for ext in ("pch", "prt"):
        path = os.path.join(work, tag + "." + ext)
        files.append(open(path, "rb").read() if os.path.exists(path) else None)
    return out, files


def check(who, out, files, lines, fails):
    area, psw = parse(out)
    if psw is None or not psw[0] & 0x00020000 or psw[1] & 0xFFFFFF:
        fails.append("%s: final PSW %s (program failure = IA/16)" % (who, psw and "%08X %08X" % psw))
        return area, files
    want_area = expected_area()
    mask = bytearray([0xFF] * 0x100)
    if who == "hercules":
        mask[9] = 0                                 # CSW byte 5 of the last read
        for n in UE_CARDS:
            mask[0x10 + 4 * n + 2] = 0xFE           # printer unit exception
    for i in range(0x100):
        if (area[i] ^ want_area[i]) & mask[i]:
            fails.append("%s: storage %X is %02X, expected %02X" % (who, 0x800 + i, area[i],
                                                                 want_area[i]))
            break
    want_pch = "".join(l.rstrip() + "\n" for l in lines).encode("latin-1")
    if files[0] != want_pch:
        fails.append("%s: punch file differs from the deck" % who)
    if files[1] != expected_printer(lines):
        fails.append("%s: printer file differs: %r" % (who, files[1] and files[1][:200]))
    return area, files


def main():
    srcdir = os.environ.get("srcdir", ".")
    if not os.path.isfile(os.path.join("test", "system", "urcards.bin")):
        print("urcards: test/system/urcards.bin not built; skipped")
        return SKIP
    s370 = os.environ.get("S370", "./s370")
    lines = deck()
    fails = []
    with tempfile.TemporaryDirectory(prefix="urcards-") as work:
        with open(os.path.join(work, "deck.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        out, sfiles = run([s370, "run"], work, "s370", "")
        check("s370", out, sfiles, lines, fails)
        if fails:
            print(out[-2000:])
        hr = next((c for c in (os.environ.get("HERCULES_RUN", ""),
                               os.path.join(srcdir, "..", "shared", "tools", "hercules-run"),
                               "/work/shared/tools/hercules-run") if c and os.path.isfile(c)), None)
        if shutil.which("hercules") and hr:
            os.environ.setdefault("HERCULES_RUN_PAUSE", "3")
            hout, hfiles = run([sys.executable, hr], work, "herc", "CPUMODEL 3090\n")
            check("hercules", hout, hfiles, lines, fails)
            if hfiles != sfiles:
                fails.append("s370 and Hercules punched or printed different files")
            if not fails:
                print("urcards: s370 and Hercules produced the same punch and printer files")
        else:
            print("urcards: hercules not installed; differential part skipped")
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("urcards: %d cards read, punched and printed; all checks passed" % NCARDS)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
