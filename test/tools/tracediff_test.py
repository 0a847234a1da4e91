#!/usr/bin/env python3
"""tracediff_test.py -- tools/tracediff.py on real traces.

  * a test program (test/programs/loadbr.bin, string.bin) traced by s370 (`t+`) matches
    itself; with one register value changed the tool reports a data divergence at
    that record, with three records taken out a control divergence;
  * Hercules' ways are absorbed: a program check it displays twice (HHCCP014I and the
    instruction again), an EXECUTE target that it does not trace;
  * the CCW trace (`t+00C` while hello.deck is IPLed) matches itself; a changed unit
    status is reported;
  * where Hercules 3.13 is installed, the same programs and the same IPL traced by both
    machines show no divergence.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, re, subprocess, sys, tempfile

SRCDIR = os.environ.get("srcdir", ".")
TOOL = os.path.join(SRCDIR, "tools", "tracediff.py")
S370 = os.environ.get("S370", "./s370")
DECK = os.path.join(SRCDIR, "..", "shared", "guests", "standalone", "hello.deck")
CONF = """ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
001F      3215-C  /
000C      3505    {deck} ebcdic
"""
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)
    return cond


def tool(*args):
    p = subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def trace(run, work, conf, commands, name):
    path = os.path.join(work, name)
    with open(path, "w") as out:
        subprocess.run(run + [conf], input=commands, stdout=out, stderr=subprocess.STDOUT,
                       text=True, timeout=120)
    return path


def records(path):
    """Line numbers of the PSW lines."""
    with open(path) as f:
        lines = f.readlines()
    return lines, [i for i, ln in enumerate(lines) if ln.startswith("PSW=")]


def write(path, lines):
    with open(path, "w") as f:
        f.writelines(lines)


def program_cases(work, conf, herc):
    for prog in ("loadbr", "string", "interrupts"):
        binary = os.path.join("test", "programs", prog + ".bin")
        if not os.path.exists(binary):
            print("(%s not built: its cases skipped)" % binary)
            continue
        cmds = "t+\nloadcore %s 0\nruntest 5\nt-\nquit\n" % os.path.abspath(binary)
        a = trace([S370, "run"], work, conf, cmds, prog + ".s370")
        lines, psw = records(a)
        if not check(len(psw) > 100, "%s: only %d trace records" % (prog, len(psw))):
            continue
        rc, out = tool(a, a)
        check(rc == 0 and "matched" in out, "%s against itself: rc %d\n%s" % (prog, rc, out))
        # A register that differs after record 60.
        bad = list(lines)
        k = psw[60] + 1
        while not bad[k].startswith("GR04="):
            k += 1
        bad[k] = re.sub(r"GR05=([0-9A-F]{8})", "GR05=DEADBEEF", bad[k])
        write(os.path.join(work, "bad"), bad)
        rc, out = tool(a, os.path.join(work, "bad"))
        check(rc == 1 and "data divergence" in out and "GR05" in out,
              "%s with GR05 changed: rc %d\n%s" % (prog, rc, out))
        # Three records missing: the control flow parts.
        cut = lines[:psw[70]] + lines[psw[73]:]
        write(os.path.join(work, "cut"), cut)
        rc, out = tool(a, os.path.join(work, "cut"))
        check(rc == 1 and "control divergence" in out,
              "%s with records 70-72 cut: rc %d\n%s" % (prog, rc, out))
        if prog == "string":
            # Hercules does not trace an EXECUTE target; s370 does.
            out_lines, i = [], 0
            while i < len(lines):
                out_lines.append(lines[i])
                if lines[i].startswith("PSW=") and " INST=44" in lines[i]:
                    j = i + 1
                    while j < len(lines) and not lines[j].startswith("PSW="):
                        out_lines.append(lines[j])
                        j += 1
                    k = j + 1                       # skip the target's record
                    while k < len(lines) and not lines[k].startswith("PSW="):
                        k += 1
                    i = k
                    continue
                i += 1
            write(os.path.join(work, "noex"), out_lines)
            rc, out = tool(a, os.path.join(work, "noex"))
            check(rc == 0, "string without EX targets: rc %d\n%s" % (rc, out))
        if prog == "interrupts":
            # Hercules reports a program check and shows the instruction again.
            echo = []
            for n, i in enumerate(psw[:-1]):
                block = lines[i:psw[n + 1]]
                echo += block
                if n == 40:
                    echo.append("HHCCP014I CPU0000: Operation exception CODE=0001 ILC=2\n")
                    echo += block
            echo += lines[psw[-1]:]
            write(os.path.join(work, "echo"), echo)
            rc, out = tool(a, os.path.join(work, "echo"))
            check(rc == 0, "interrupts with a Hercules echo: rc %d\n%s" % (rc, out))
        if herc:
            env = dict(os.environ, HERCULES_RUN_PAUSE="3")
            h = os.path.join(work, prog + ".herc")
            with open(h, "w") as out:
                subprocess.run([herc, conf], input=cmds, stdout=out, stderr=subprocess.STDOUT,
                               text=True, timeout=120, env=env)
            rc, out = tool(a, h)
            check(rc == 0 and "matched" in out, "%s, s370 against Hercules: rc %d\n%s"
                  % (prog, rc, out))


def ccw_cases(work, conf, herc):
    if not os.path.exists(DECK):
        print("(%s not found: CCW cases skipped)" % DECK)
        return
    cmds = "t+00c\nipl 00c\npause 1\nquit\n"
    a = trace([S370, "run"], work, conf, cmds, "ipl.s370")
    with open(a) as f:
        lines = f.readlines()
    n = sum("HHCCP075I" in ln for ln in lines)
    if not check(n >= 2, "IPL from 00C: %d CCW status lines" % n):
        return
    rc, out = tool("--ccw", "00C", a, a)
    check(rc == 0, "CCW trace against itself: rc %d\n%s" % (rc, out))
    bad = [ln.replace("Stat=0C00", "Stat=0E00", 1) if "HHCCP075I" in ln else ln for ln in lines]
    write(os.path.join(work, "badccw"), bad)
    rc, out = tool("--ccw", "00C", a, os.path.join(work, "badccw"))
    check(rc == 1 and "CCW trace divergence" in out, "changed status: rc %d\n%s" % (rc, out))
    if herc:
        h = os.path.join(work, "ipl.herc")
        with open(h, "w") as out:
            subprocess.run([herc, conf], input=cmds, stdout=out, stderr=subprocess.STDOUT,
                           text=True, timeout=120)
        rc, out = tool("--ccw", "00C", a, h)
        check(rc == 0, "IPL CCWs, s370 against Hercules: rc %d\n%s" % (rc, out))


def find_hercules_run():
    for c in (os.environ.get("HERCULES_RUN", ""),
              os.path.join(SRCDIR, "..", "shared", "tools", "hercules-run")):
        if c and os.path.isfile(c):
            return c
    return None


def main():
    if not os.path.exists(S370):
        print("SKIP: %s not built" % S370)
        return 77
    herc = find_hercules_run()
    if herc and not os.path.exists(os.environ.get("HERCULES_BIN", "/usr/bin/hercules")):
        herc = None
    if not herc:
        print("(Hercules 3.13 not installed: the comparisons with it are skipped)")
    with tempfile.TemporaryDirectory(prefix="s370-tracediff-") as work:
        conf = os.path.join(work, "t.conf")
        with open(conf, "w") as f:
            f.write(CONF.format(deck=os.path.abspath(DECK)))
        program_cases(work, conf, herc)
        ccw_cases(work, conf, herc)
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("tracediff: all cases pass")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
