#!/usr/bin/env python3
"""default3270.py -- the shipped default system (images/default.conf, images/default.rc,
the card deck built from images/default.S) through `s370 run` and s3270:

  1. without the run-commands file: a 3270 that connects shows the logo naming its
     device; `ipl 00c` at the console starts the program, which writes its screen on
     the terminal already there
  2. the run-commands file: CONFIG's name with .rc runs at start, HERCULES_RC names
     another one (`*` lines are shown, `#` lines are not), HERCULES_RC= runs none
  3. with images/default.rc next to the configuration: the IPL happens at start; the
     screen shows the CPU ID (STIDP: version FD, serial 000001, model 3033), the
     storage size (2048K), the TOD clock (close to the host's UTC time) and the
     terminal's device number; Enter without a name asks for one; a typed name is
     greeted; PF7, PF24, PA2 and Clear are named; PF3 says goodbye; a new connection
     starts a new session

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import datetime, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tn3270util import (SKIP, SRCDIR, Machine, S3270, need_tools)  # noqa: E402

DECK = os.path.join("images", "default.deck")
TITLE = "s370 -- the System/370 default program"


def config():
    """images/default.conf as shipped, with a free port instead of 3270."""
    with open(os.path.join(SRCDIR, "images", "default.conf")) as f:
        text = f.read()
    text, n = re.subn(r"(?m)^CNSLPORT\s+\S+", "CNSLPORT  127.0.0.1:@PORT@", text)
    if n != 1:
        raise AssertionError("images/default.conf has no CNSLPORT statement")
    return text


def rc_file():
    with open(os.path.join(SRCDIR, "images", "default.rc")) as f:
        return f.read()


def logo_then_ipl(work):
    m = Machine(work, config(), rc=None, name="norc")
    c = None
    try:
        c = S3270("-model", "3279-2-E")
        c.action("Connect(127.0.0.1:%d)" % m.port)
        s = c.wait_text("waiting for the system to write to it")
        if "This terminal is device 00C0" not in s or "Device number     :  00C0" not in s:
            raise AssertionError("logo does not name 00C0:\n" + s)
        m.wait_for("Client 127.0.0.1 connected to 3270 device 00C0 (IBM-3278-2-E, TN3270E)")
        m.send("ipl 00c")
        s = c.wait_text(TITLE)
        if "Terminal 00C0" not in s:
            raise AssertionError("program screen without its device number:\n" + s)
    finally:
        if c:
            c.close()
        rc = m.finish()
    if rc != 0:
        raise AssertionError("s370 exit status %d" % rc)


def rc_rules(work):
    other = os.path.join(work, "other.rc")
    with open(other, "w") as f:
        f.write("# a silent comment\n* a loud comment\nipl 00c\n")
    for env, rc, want, not_want in (
            ({"HERCULES_RC": other}, None, ["* a loud comment", "> ipl 00c"], "silent"),
            ({"HERCULES_RC": other}, "quit\n", ["> ipl 00c"], "> quit"),
            ({"HERCULES_RC": ""}, rc_file(), [], "> ipl"),
            ({}, "devlist\n", ["> devlist", "0:00C0 3270"], "> ipl")):
        m = Machine(work, config(), rc=rc, name="rules", env=env)
        try:
            for w in want:
                m.wait_for(w)
            m.send("psw")
            m.wait_for("PSW=")
            if not_want in m.out:
                raise AssertionError("%r in the output with %s:\n%s" % (not_want, env, m.out))
        finally:
            m.finish()
            if rc is not None:
                os.remove(os.path.join(work, "rules.rc"))


def check_main_screen(s):
    for want in ("Terminal 00C0",
                 "CPU ID ........ FD000001 30330000 (version FD, serial 000001, model 3033)",
                 "Main storage .. 2048K", "Your name .....", "PF3=End",
                 "Welcome.  Please type your name and press Enter."):
        if want not in s:
            raise AssertionError("main screen lacks %r:\n%s" % (want, s))
    t = re.search(r"TOD clock \.\.\.\.\. (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \(epoch 1900\)", s)
    if not t:
        raise AssertionError("no TOD clock on the screen:\n" + s)
    shown = datetime.datetime.strptime(t.group(1), "%Y-%m-%d %H:%M:%S")
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    if abs((now - shown).total_seconds()) > 600:
        raise AssertionError("TOD clock shows %s, the host says %s UTC" % (shown, now))


def key(c, action, want):
    """Press an AID key and wait for the program's answer on row 8."""
    c.action(action)
    return c.wait_text(want)


def interactive(work):
    m = Machine(work, config(), rc=rc_file(), name="default")
    c = None
    try:
        m.wait_for("> ipl 00c")
        c = S3270("-model", "3278-2")
        c.action("Connect(N:127.0.0.1:%d)" % m.port)
        check_main_screen(c.wait_text("Welcome."))
        key(c, "Enter()", "Please type your name first, then press Enter.")
        c.action('String("Ada Lovelace")')
        s = key(c, "Enter()", "Hello, Ada Lovelace!  The clock has been read again.")
        if not re.search(r"Your name \.\.\.\.\. +Ada Lovelace", s):
            raise AssertionError("the name field does not hold the name:\n" + s)
        key(c, "PF(7)", "You pressed PF7.")
        key(c, "PF(24)", "You pressed PF24.")
        key(c, "PA(2)", "You pressed PA2.")
        key(c, "Clear()", "Clear pressed: the screen has been redrawn.")
        s = key(c, "PF(3)", "Goodbye, Ada Lovelace.")
        if "The session on this terminal has ended" not in s:
            raise AssertionError("goodbye screen:\n" + s)
        c.close()
        m.wait_for("Client 127.0.0.1 disconnected from 3270 device 00C0")
        # The next terminal there starts a new session.
        c = S3270("-model", "3279-5-E")
        c.action("Connect(127.0.0.1:%d)" % m.port)
        s = c.wait_text("Welcome.")
        if "Ada Lovelace" in s:
            raise AssertionError("the new session shows the old name:\n" + s)
        key(c, "PF(1)", "You pressed PF1.")
    finally:
        if c:
            c.close()
        rc = m.finish()
    if rc != 0:
        raise AssertionError("s370 exit status %d" % rc)


def main():
    why = need_tools()
    if why:
        print("SKIP: " + why)
        return SKIP
    if not os.path.isfile(DECK):
        print("SKIP: %s not built (no s390x-linux-gnu-as)" % DECK)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="s370-default3270-") as work:
        for name, fn in (("logo, then ipl 00c", logo_then_ipl),
                         ("run-commands file", rc_rules),
                         ("default.rc IPL, keys and screens", interactive)):
            try:
                fn(work)
            except (AssertionError, OSError, subprocess.TimeoutExpired) as e:
                print("FAIL %s: %s" % (name, e))
                return 1
            print("ok   %s" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
