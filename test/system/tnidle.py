#!/usr/bin/env python3
"""tnidle.py -- CNSLIDLE: terminal sessions whose client sends nothing for that long
are ended, and only those:

  * an s3270 session on a 3270 that sends nothing is disconnected after the limit,
    and its device is free again for the next client;
  * an s3270 session that presses Enter now and then stays connected well past it;
  * a line-mode telnet client on a 3215 is told why and disconnected.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tn3270util import SKIP, Machine, S3270, RawClient, need_tools  # noqa: E402

LIMIT = 2
DECK = os.path.abspath(os.path.join("images", "default.deck"))
CONFIG = """ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
CNSLPORT  127.0.0.1:@PORT@
CNSLIDLE  %ds
001F      3215-C  /
0009      3215
000C      3505    %s ebcdic
00C0.2    3270
""" % (LIMIT, DECK)


def connect(m):
    c = S3270("-model", "3278-2")
    c.action("Connect(127.0.0.1:%d)" % m.port)
    return c


def check(m):
    # An idle 3270 session ends after the limit; its device serves the next client.
    t = time.monotonic()
    m.wait_for("> ipl 00c")
    a = connect(m)
    a.wait_text("Welcome.")
    a.action("Wait(%d,Disconnect)" % (LIMIT * 10))
    if time.monotonic() - t < LIMIT - 0.5:
        raise AssertionError("the idle session ended before CNSLIDLE")
    m.wait_for("idle for %d seconds (CNSLIDLE): disconnected" % LIMIT)
    m.wait_for("disconnected from 3270 device 00C0")
    a.close()
    # A session that sends something stays: the default program answers Enter.
    b = connect(m)
    b.wait_text("Welcome.")
    end = time.monotonic() + 3 * LIMIT
    log = []
    while time.monotonic() < end:
        log.append("%.2f Enter: %s" % (time.monotonic(), b.status))
        b.action("Enter()")                 # an AID: inbound data for the server
        log.append("%.2f done: %s" % (time.monotonic(), b.status))
        b.wait_text("Please type your name")
        b.action("Wait(0.5,Seconds)", check=False)
    if not b.connected():
        m.count("")                         # collect what s370 printed meanwhile
        raise AssertionError("an active session was ended as idle:\n%s\n%s"
                             % ("\n".join(log), m.out[-2000:]))
    b.close()
    # Line mode: told why, then disconnected.
    c = RawClient(m.port)
    c.send(b"\r\n")
    c.wait_for(b"Connected to device 0009 (3215)\r\n")
    c.wait_for(b"s370: idle for %d seconds; disconnected\r\n" % LIMIT)
    deadline = time.monotonic() + 10
    while not c.closed() and time.monotonic() < deadline:
        time.sleep(0.1)
    if not c.closed():
        raise AssertionError("the idle line-mode client was not disconnected")
    c.close()


def main():
    why = need_tools()
    if why:
        print("SKIP: " + why)
        return SKIP
    if not os.path.isfile(DECK):
        print("SKIP: %s not built (no s390x-linux-gnu-as)" % DECK)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="s370-tnidle-") as work:
        m = Machine(work, CONFIG, rc="ipl 00c\n", name="tnidle")
        status = 0
        try:
            check(m)
        except (AssertionError, OSError) as e:
            print("FAIL: %s" % e)
            status = 1
        finally:
            rc = m.finish()
        if status == 0 and rc != 0:
            print("FAIL s370 exit status %d" % rc)
            status = 1
    if status == 0:
        print("tnidle: idle sessions end after CNSLIDLE, active ones stay")
    return status


if __name__ == "__main__":
    sys.exit(main())
