#!/usr/bin/env python3
"""vs1tn3270.py -- OS/VS1 Release 6 with its console on a 3270 reached over TN3270
(images/vs1-3270.conf): s3270 connects to the 3277 console 001A before the IPL, the
NIP dialogue runs on the 3215 01F as in vs1boot.py, plus IEA150A SPECIFY HARDCPY
(answered hardcpy=(01f,cmds)); after IEE048I INITIALIZATION COMPLETED, `d a` typed on
the 3270 and Enter must bring IEE821I onto the 3270's screen.

The terminal must be there when the hardcopy reply is processed: without one the
system switches the console away (IEE143I OLD=01A NEW=01F) and never writes to 001A.

No I/O error message (IEA778I, IEF062W), no ABEND, no disabled wait and no console
switch may appear. The volume is a copy of the one dliba1.py builds, found as
vs1boot.py finds it. Run from the build directory (srcdir set by automake); exit 0
pass, 1 fail, 77 skip.
"""
import os, re, shutil, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tn3270util  # noqa: E402  (s370 on a free CNSLPORT; s3270)
import vs1boot  # noqa: E402  (the IPL dialogue and the volume)

TIMEOUT = 120.0     # one step of the boot (formatting the spool takes a few seconds)
SCREEN_TIMEOUT = 60.0
FAIL = vs1boot.FAIL + ("IEE143I OLD=01A",)

with open(os.path.join(vs1boot.SRCDIR, "images", "vs1-3270.conf")) as f:
    CONFIG = f.read().replace("vs1/dliba1.150", "{volume}").replace("vs1/", "{work}/")
# tn3270util.Machine puts a free port in for @PORT@.
CONFIG, _n = re.subn(r"(?m)^CNSLPORT\s+\S+", "CNSLPORT  127.0.0.1:@PORT@", CONFIG)
assert _n == 1, "images/vs1-3270.conf has no CNSLPORT statement"


class Machine(tn3270util.Machine):
    """s370 on a free CNSLPORT, waiting the way vs1boot.run_steps expects."""

    def wait_for(self, text, start=0, fail=()):
        if self.wait_any([text] + list(fail), start, TIMEOUT) > 0:
            bad = [f for f in fail if f in self.out[start:]]
            raise AssertionError("%r appeared while waiting for %r" % (bad[0], text))
        return self.out.find(text, start) + len(text)

    def kill(self):
        self.p.kill()
        self.p.wait()


def boot(work, volume):
    m = Machine(work, CONFIG.format(work=work, volume=volume), name="vs1tn3270")
    c = None
    try:
        # TN3270E naming the device: the client gets 001A, the genned 3277 console.
        c = tn3270util.S3270("-model", "3278-2-E")
        c.action("Connect(001A@127.0.0.1:%d)" % m.port)
        m.wait_for("connected to 3270 device 001A")
        steps = vs1boot.IPL_STEPS + [
            ("/", "IEA150A SPECIFY HARDCPY"),
            (None, vs1boot.READ),
            ("/r 00,'hardcpy=(01f,cmds)'", "IEF068A  VOLUME DLIBA1 REQUIRES FORMATTING"),
        ] + vs1boot.FORMAT_STEPS + [
            (None, "IEF005I PARTITION WAITING FOR WORK"),
        ]
        pos = vs1boot.run_steps(m, steps, fail=FAIL)
        # The system has taken the terminal: its console list replaced the logo.
        s = c.wait_text("IEE140I SYSTEM CONSOLES", SCREEN_TIMEOUT)
        if "IEE821I" in s:
            raise AssertionError("IEE821I on the screen before d a:\n" + s)
        c.action('String("d a")')
        c.action("Enter()", SCREEN_TIMEOUT)
        c.wait_text("IEE821I", SCREEN_TIMEOUT)
        # Nothing was typed on 01F: its hardcopy log shows the answer to the 3270.
        m.wait_for("IEE821I", pos, FAIL)
        # s370 ends while the terminal is still there: a terminal that leaves makes
        # the system switch consoles (IEE143I OLD=01A), which the check below fails.
        rc = m.finish()
    except (AssertionError, OSError) as e:
        screen = ""
        try:
            screen = c.text() if c else ""
        except AssertionError:
            pass
        return "%s\n--- 3270 screen ---\n%s\n--- s370 output ---\n%s" % (e, screen, m.out)
    finally:
        # Whatever happened, neither s370 nor s3270 outlives the test.
        if m.alive():
            m.kill()
        if c:
            c.close()
    if rc != 0:
        return "s370 exit status %d\n%s" % (rc, m.out)
    for bad in FAIL:
        if bad in m.out:
            return "%s in the output:\n%s" % (bad, m.out)
    return None


def main():
    why = tn3270util.need_tools()
    if why:
        print("SKIP: " + why)
        return tn3270util.SKIP
    src, status = vs1boot.volume_source()
    if not src:
        return status
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="s370-vs1tn3270-") as work:
        volume = os.path.join(work, "dliba1.150")
        shutil.copy(src, volume)
        err = boot(work, volume)
    if err:
        print("FAIL: " + err)
        return 1
    print("vs1tn3270: OS/VS1 initialised with its console on a 3270; d a there answered "
          "IEE821I (%.0f s)" % (time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
