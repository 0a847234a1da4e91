#!/usr/bin/env python3
"""telnet.py -- a 3215 console reached over telnet (CNSLPORT) through `s370 run`:
IPL echo.deck from ../shared/guests/standalone, type a line on a loopback telnet
connection and see the deck echo it there; a second client is refused; `quit` typed
over telnet ends the deck.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, queue, select, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import decks  # noqa: E402  (Machine: `./s370 run` with its output collected)

SKIP = 77
TIMEOUT = 20.0
BANNER = b"Connected to device 001F (3215)\r\n"
PROMPT = b"HHC1C001A Enter input for console device 001F\r\n"

CONFIG = """ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
CNSLPORT  127.0.0.1:{port}
001F      3215
000C      3505    {deck} ebcdic
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A telnet client on loopback that collects what the console sends."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.data = b""

    def wait_for(self, text, start=0):
        deadline = time.monotonic() + TIMEOUT
        while True:
            i = self.data.find(text, start)
            if i >= 0:
                return i + len(text)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("telnet: timed out waiting for %r (got %r)" % (text, self.data))
            if select.select([self.s], [], [], left)[0]:
                chunk = self.s.recv(4096)
                if not chunk:
                    raise AssertionError("telnet: closed before %r (got %r)" % (text, self.data))
                self.data += chunk

    def closed(self):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if select.select([self.s], [], [], 0.1)[0]:
                if not self.s.recv(4096):
                    return True
        return False

    def send(self, line):
        self.s.sendall(line.encode() + b"\r\n")

    def close(self):
        self.s.close()


def connect(port):
    """The listener starts with the machine: retry briefly."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            return Client(port)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def session(work, port):
    deck = os.path.abspath(os.path.join(decks.DECKS, "echo.deck"))
    m = decks.Machine(work, deck, CONFIG.format(port=port, deck=deck))
    try:
        m.wait_for("telnet consoles on port %d" % port)
        c = connect(port)
        c.wait_for(BANNER)
        m.wait_for("Client 127.0.0.1 connected to console device 001F (3215)")
        other = connect(port)
        other.wait_for(b"no 3215 or 1052 console is free")
        if not other.closed():
            raise AssertionError("the refused client was not disconnected")
        other.close()
        m.send("ipl 00c")
        at = c.wait_for(PROMPT)
        c.send("some text, Typed 123")
        at = c.wait_for(b"some text, Typed 123\r\n", at)
        at = c.wait_for(PROMPT, at)
        c.send("quit")
        m.wait_for("disabled wait state 00020000 80000000")
        c.close()
        m.wait_for("Client 127.0.0.1 disconnected from console device 001F")
    finally:
        rc = m.finish()
    if rc != 0:
        raise AssertionError("s370 exit status %d" % rc)


def main():
    if not os.path.isfile(os.path.join(decks.DECKS, "echo.deck")):
        print("SKIP: echo.deck is not at %s (../shared/guests/standalone)" % decks.DECKS)
        return SKIP
    if not os.access("./s370", os.X_OK):
        print("FAIL: ./s370 not built (run from the build directory)")
        return 1
    with tempfile.TemporaryDirectory(prefix="s370-telnet-") as work:
        try:
            session(work, free_port())
        except (AssertionError, OSError, subprocess.TimeoutExpired, queue.Empty) as e:
            print("FAIL echo.deck over telnet: %s" % e)
            return 1
    print("ok   echo.deck over telnet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
