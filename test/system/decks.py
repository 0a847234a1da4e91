#!/usr/bin/env python3
"""decks.py -- IPL the standalone card decks of ../shared/guests/standalone (see its
README) from a 3505 and talk to them on the 3215-C console 01F through `s370 run`:

  hello.deck            `Hello Bare-Metal World!` on 01F, then disabled wait 00020000 80000000
  crd2consl+card.deck   the text of testcard.card (the deck's second part) on 01F
  echo.deck             a line typed on 01F (`/some text`) comes back; `/quit` ends it

Where Hercules 3.13 is installed (../shared/tools/hercules-run), hello.deck runs there too
and must show the same greeting and wait PSW.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, queue, shutil, subprocess, sys, tempfile, threading, time

SKIP = 77
SRCDIR = os.environ.get("srcdir", ".")
DECKS = os.path.join(SRCDIR, "..", "shared", "guests", "standalone")
HERCULES_RUN = os.path.join(SRCDIR, "..", "shared", "tools", "hercules-run")
WAIT_PSW = "PSW=00020000 80000000"
TIMEOUT = 20.0
# S370_VALGRIND=1 (make check-valgrind): s370 runs under valgrind's memcheck; an error
# makes its exit status 99, and the drivers' timeouts are multiplied by VALGRIND_SLOW.
VALGRIND = ["valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite"] if os.environ.get("S370_VALGRIND") else []
VALGRIND_SLOW = 40 if VALGRIND else 1

CONFIG = """ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
001F      3215-C  /
000C      3505    {deck} ebcdic
"""


class Machine:
    """`./s370 run` with its console output collected by a reader thread."""

    def __init__(self, work, deck, config=None):
        conf = os.path.join(work, "decks.conf")
        with open(conf, "w") as f:
            f.write(config or CONFIG.format(deck=os.path.abspath(os.path.join(DECKS, deck))))
        self.p = subprocess.Popen(VALGRIND + ["./s370", "run", conf], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, errors="replace")
        self.out = ""
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def wait_for(self, text, start=0, fail=()):
        """Wait until text appears in the output after position start; its end. Any of
        the fail texts appearing first ends the wait at once with an AssertionError."""
        deadline = time.monotonic() + TIMEOUT * VALGRIND_SLOW
        while True:
            i = self.out.find(text, start)
            if i >= 0:
                return i + len(text)
            for f in fail:
                if self.out.find(f, start) >= 0:
                    raise AssertionError("%r appeared while waiting for %r" % (f, text))
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for %r" % text)
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError("s370 ended before %r appeared" % text)
            self.out += line

    def kill(self):
        self.p.kill()
        self.p.wait()

    def finish(self):
        try:
            self.send("quit")
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        self.p.wait(timeout=TIMEOUT * VALGRIND_SLOW)
        while True:
            line = self.lines.get(timeout=TIMEOUT * VALGRIND_SLOW)
            if line is None:
                break
            self.out += line
        return self.p.returncode


def run_deck(work, deck, steps):
    m = Machine(work, deck)
    try:
        m.send("ipl 00c")
        steps(m)
        m.send("psw")
        m.wait_for(WAIT_PSW, m.wait_for("psw sm="))
    finally:
        rc = m.finish()
    if rc != 0:
        raise AssertionError("s370 exit status %d" % rc)
    return m.out


def hello(m):
    m.wait_for("Hello Bare-Metal World!\n")
    m.wait_for("disabled wait state 00020000 80000000")


def crd2consl(m):
    with open(os.path.join(DECKS, "testcard.card"), "rb") as f:
        text = f.read(80).decode("cp037").rstrip()
    m.wait_for("\n" + text)
    m.wait_for("disabled wait state 00020000 80000000")


def echo(m):
    prompt = "HHC1C001A Enter input for console device 001F"
    at = m.wait_for(prompt)
    m.send("/some text, Typed 123")
    at = m.wait_for("/(001F) some text, Typed 123\n", at)
    at = m.wait_for("some text, Typed 123\n", at)
    at = m.wait_for(prompt, at)
    m.send("/")                      # an empty line: the program answers a new line
    at = m.wait_for(prompt, at)
    m.send("/quit")
    m.wait_for("disabled wait state 00020000 80000000", at)


def hercules_hello(work):
    """The same IPL on Hercules 3.13, when it is installed."""
    if not (os.access(HERCULES_RUN, os.X_OK) and shutil.which("hercules")):
        print("SKIP: hercules-run or Hercules 3.13 not installed; no comparison")
        return
    conf = os.path.join(work, "herc.conf")
    with open(conf, "w") as f:
        f.write(CONFIG.format(deck=os.path.abspath(os.path.join(DECKS, "hello.deck"))))
    r = subprocess.run([HERCULES_RUN, conf], input="ipl 00c\npause 2\npsw\n", text=True,
                       errors="replace", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       cwd=work, timeout=120)
    for want in ("Hello Bare-Metal World!\n", WAIT_PSW):
        if want not in r.stdout:
            raise AssertionError("Hercules did not show %r:\n%s" % (want, r.stdout))
    print("ok   hello.deck on Hercules 3.13 shows the same")


def main():
    if not os.path.isdir(DECKS):
        print("SKIP: the standalone decks are not at %s (../shared/guests/standalone)" % DECKS)
        return SKIP
    if not os.access("./s370", os.X_OK):
        print("FAIL: ./s370 not built (run from the build directory)")
        return 1
    failed = 0
    with tempfile.TemporaryDirectory(prefix="s370-decks-") as work:
        for deck, steps in (("hello.deck", hello), ("crd2consl+card.deck", crd2consl),
                            ("echo.deck", echo)):
            try:
                run_deck(work, deck, steps)
                print("ok   %s" % deck)
            except (AssertionError, subprocess.TimeoutExpired, queue.Empty) as e:
                failed += 1
                print("FAIL %s: %s" % (deck, e))
        try:
            hercules_hello(work)
        except (AssertionError, subprocess.TimeoutExpired) as e:
            failed += 1
            print("FAIL hello.deck on Hercules: %s" % e)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
