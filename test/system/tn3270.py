#!/usr/bin/env python3
"""tn3270.py -- the TN3270 server of `s370 run` with real clients (s3270) on the default
program (images/default.deck) and 32 3270 displays 00C0-00DF:

  named      a TN3270E client naming its device (00C5@host) gets it; plain TN3270 with
             Hercules' suffix (terminal type IBM-3278-2@00C7) gets 00C7; a client
             asking for a device in use is refused
  line mode  a plain telnet client (refuses TN3270E, terminal type XTERM) gets the
             remote 3215 console 0009, as in Hercules; a second one is refused
  sessions   32 clients at once each get their own device, type their own name and see
             only their own screen; a 33rd is refused
  hostile    while one session is open: malformed telnet, an oversized record, a client
             that stops reading, hundreds of connects per second; the machine stays up
             and the open session keeps working

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, random, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tn3270util import (SKIP, TIMEOUT, Machine, S3270, RawClient, need_tools, parallel,  # noqa: E402
                        IAC, DO, WILL, WONT, SB, SE, EOR, O_TN3270E, O_TTYPE)

DECK = os.path.abspath(os.path.join("images", "default.deck"))
CONFIG = """ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
CNSLPORT  127.0.0.1:@PORT@
001F      3215-C  /
0009      3215
000C      3505    {deck} ebcdic
00C0.32   3270
""".format(deck=DECK)
RC = "ipl 00c\n"
NSESSIONS = 32


def connect(m, host_prefix="", model="3278-2-E", extra=()):
    c = S3270("-model", model, *extra)
    c.action("Connect(%s127.0.0.1:%d)" % (host_prefix, m.port))
    return c


def device_of(screen):
    i = screen.find("Terminal ")
    return screen[i + 9:i + 13] if i >= 0 else None


def named(m):
    a = b = c = None
    try:
        a = connect(m, "00C5@")
        s = a.wait_text("Welcome.")
        if device_of(s) != "00C5" or a.action("Query(LuName)") != ["00C5"]:
            raise AssertionError("TN3270E device name 00C5 not honoured:\n" + s)
        m.wait_for("connected to 3270 device 00C5 (IBM-3278-2-E, TN3270E)")
        b = S3270("-model", "3278-2", "-tn", "IBM-3278-2@00C7")
        b.action("Connect(N:127.0.0.1:%d)" % m.port)
        s = b.wait_text("Welcome.")
        if device_of(s) != "00C7":
            raise AssertionError("IBM-3278-2@00C7 did not get 00C7:\n" + s)
        m.wait_for("connected to 3270 device 00C7 (IBM-3278-2)\n")
        # 00C5 is taken: the server refuses (TN3270E reject, then a refusal screen or
        # the connection ends); the client never gets another device.
        c = S3270("-model", "3278-2-E")
        c.action("Connect(00C5@127.0.0.1:%d)" % m.port, check=False)
        deadline = time.monotonic() + TIMEOUT
        while c.connected() and time.monotonic() < deadline:
            if "Welcome." in c.text():
                raise AssertionError("a second client got a device asking for 00C5")
            c.action("Wait(1,Disconnect)", check=False)
        m.wait_for("device 00C5 is in use")
    finally:
        for x in (a, b, c):
            if x:
                x.close()
    m.wait_count("disconnected from 3270 device", 2)


def line_mode(m):
    a = RawClient(m.port)
    a.wait_for(bytes([IAC, DO, O_TN3270E]))
    a.send([IAC, WONT, O_TN3270E])
    a.wait_for(bytes([IAC, DO, O_TTYPE]))
    a.send([IAC, WILL, O_TTYPE])
    a.wait_for(bytes([IAC, SB, O_TTYPE, 1, IAC, SE]))
    a.send(bytes([IAC, SB, O_TTYPE, 0]) + b"XTERM" + bytes([IAC, SE]))
    a.wait_for(b"Connected to device 0009 (3215)\r\n")
    m.wait_for("Client 127.0.0.1 connected to console device 0009 (3215)")
    b = RawClient(m.port)
    b.send(b"hello\r\n")               # typing first: line mode at once
    b.wait_for(b"no 3215 or 1052 console is free")
    if not b.closed():
        raise AssertionError("the second line-mode client was not disconnected")
    b.close()
    a.close()
    m.wait_for("Client 127.0.0.1 disconnected from console device 0009")


def sessions(m):
    clients = [None] * NSESSIONS
    seen = {}

    def one(i):
        c = connect(m, model=random.choice(["3278-2", "3279-2-E", "3278-4-E", "3279-5-E"]))
        clients[i] = c
        s = c.wait_text("Welcome.")
        dev = device_of(s)
        name = "USER%02d" % i
        c.action('String("%s")' % name)
        c.action("Enter()")
        s = c.wait_text("Hello, %s!" % name)
        seen[i] = (dev, s)

    try:
        parallel([lambda i=i: one(i) for i in range(NSESSIONS)])
        devs = sorted(d for d, _ in seen.values())
        if devs != ["%04X" % (0xC0 + i) for i in range(NSESSIONS)]:
            raise AssertionError("devices of the sessions: %s" % devs)
        # Every screen shows only its own name, also after one more round of keys.
        for i, c in enumerate(clients):
            c.action("PF(5)")
        for i, c in enumerate(clients):
            s = c.wait_text("You pressed PF5.")
            others = [j for j in range(NSESSIONS) if j != i and "USER%02d" % j in s]
            if others or "USER%02d" % i not in s or device_of(s) != seen[i][0]:
                raise AssertionError("session %d sees %s:\n%s" % (i, others, s))
        # A 33rd client: no device is free.
        x = RawClient(m.port)
        x.tn3270()
        x.wait_for("no 3270 display is free".encode("cp037"))
        if not x.closed():
            raise AssertionError("the refused client was not disconnected")
        x.close()
    finally:
        for c in clients:
            if c:
                c.close()
    m.wait_count("disconnected from 3270 device", NSESSIONS + 2)


def enter_record():
    return bytes([0x7D, 0x40, 0x40, IAC, EOR])


def hostile(m):
    keep = connect(m, model="3279-2-E")
    try:
        keep.wait_text("Welcome.")
        keep.action('String("KEEPER")')
        keep.action("Enter()")
        keep.wait_text("Hello, KEEPER!")
        dev = device_of(keep.text())
        # Malformed telnet, at every stage of the negotiation.
        junk = [
            bytes([IAC, SB, O_TN3270E, IAC, SE]),
            bytes([IAC, WILL, O_TN3270E, IAC, SB, O_TN3270E, 2, 7]) + b"X" * 20000,
            bytes([IAC, WONT, O_TN3270E, IAC, WILL, O_TTYPE, IAC, SB, O_TTYPE, 0])
            + b"IBM-" * 5000 + bytes([IAC, SE]),
            bytes([IAC, 0x01, IAC, 0xF1, IAC, SE, IAC]),
            bytes(random.Random(5).randrange(256) for _ in range(10000)),
            bytes([IAC, WILL, O_TN3270E, IAC, SB, O_TN3270E, 2, 7]) + b"IBM-3278-2"
            + bytes([1]) + b"\xff\xff" * 300 + bytes([IAC, SE]),
        ]
        for j in junk:
            r = RawClient(m.port)
            try:
                r.send(j)
            except OSError:
                pass
            r.close()
        # An oversized record is dropped; the session goes on.
        gone = m.count("disconnected from 3270 device")
        r = RawClient(m.port)
        r.tn3270()
        # The program's screen first: an Enter before it would be reset by its
        # Erase/Write, and this client answers no Read Modified.
        r.wait_for("Welcome.".encode("cp037"))
        r.send(b"\x7d" * 300000 + bytes([IAC, EOR]))
        r.data = b""
        r.send(enter_record())
        r.wait_for("Please type your name first".encode("cp037"))
        r.close()
        gone += 1
        m.wait_count("disconnected from 3270 device", gone)
        # A client that stops reading while the guest writes to it: it loses its
        # session, nobody else notices.
        r = RawClient(m.port, rcvbuf=4096)
        r.tn3270()
        r.wait_for("Welcome.".encode("cp037"))
        r.s.settimeout(0.2)
        deadline = time.monotonic() + TIMEOUT
        while m.count("disconnected from 3270 device") < gone + 1:
            if time.monotonic() > deadline:
                raise AssertionError("a client that does not read kept its session")
            try:
                r.send(enter_record() * 8)
            except (socket.timeout, BrokenPipeError, ConnectionResetError):
                try:
                    m.wait_count("disconnected from 3270 device", gone + 1, timeout=0.2)
                except AssertionError:
                    pass
        r.close()
        # Hundreds of connects per second: connect, maybe say something, leave.
        t0 = time.monotonic()
        n = 0
        while n < 400:
            try:
                s = socket.create_connection(("127.0.0.1", m.port), timeout=TIMEOUT)
                if n % 3 == 0:
                    s.sendall(bytes([IAC, WILL, O_TN3270E]))
                elif n % 3 == 1:
                    s.sendall(b"hello\r\n")
                s.close()
            except OSError:
                pass
            n += 1
        rate = n / max(time.monotonic() - t0, 1e-3)
        # The machine is up and the open session works as before.
        if not m.alive():
            raise AssertionError("s370 ended under hostile input")
        keep.action("PF(9)")
        s = keep.wait_text("You pressed PF9.")
        if device_of(s) != dev or "KEEPER" not in s:
            raise AssertionError("the open session changed:\n" + s)
        print("     %d connects at %.0f per second" % (n, rate))
    finally:
        keep.close()


def main():
    why = need_tools()
    if why:
        print("SKIP: " + why)
        return SKIP
    if not os.path.isfile(DECK):
        print("SKIP: %s not built (no s390x-linux-gnu-as)" % DECK)
        return SKIP
    random.seed(2355)
    with tempfile.TemporaryDirectory(prefix="s370-tn3270-") as work:
        m = Machine(work, CONFIG, rc=RC)
        status = 0
        try:
            m.wait_for("> ipl 00c")
            for name, fn in (("TN3270E device name and @ccuu", named),
                             ("line mode on a 3215", line_mode),
                             ("%d sessions at once" % NSESSIONS, sessions),
                             ("hostile clients", hostile)):
                try:
                    fn(m)
                except (AssertionError, OSError, subprocess.TimeoutExpired) as e:
                    print("FAIL %s: %s" % (name, e))
                    status = 1
                    break
                print("ok   %s" % name)
        finally:
            rc = m.finish()
        if status == 0 and rc != 0:
            print("FAIL s370 exit status %d" % rc)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
