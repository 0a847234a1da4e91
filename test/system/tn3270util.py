"""tn3270util.py -- helpers of the TN3270 system tests (tn3270.py, default3270.py):

  Machine      `./s370 run CONFIG` with its console output collected, started on a free
               CNSLPORT (retried when another test took the port first)
  S3270        one s3270 process (a real TN3270 client) driven through its action
               protocol on stdin/stdout
  RawClient    a socket speaking just enough telnet/TN3270 to misbehave on purpose

Every wait polls for a condition with a deadline; nothing relies on a fixed sleep.
"""
import os, queue, select, shutil, socket, subprocess, threading, time

SKIP = 77
TIMEOUT = float(os.environ.get("S370_TEST_TIMEOUT", "30"))
SRCDIR = os.environ.get("srcdir", ".")

IAC, DONT, DO, WONT, WILL, SB, SE, EOR = 255, 254, 253, 252, 251, 250, 240, 239
O_BIN, O_TTYPE, O_EOR, O_TN3270E = 0, 24, 25, 40


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Machine:
    """`./s370 run` on a configuration written to work/NAME.conf (with an optional
    run-commands file work/NAME.rc), CNSLPORT set to a free port."""

    def __init__(self, work, config, rc=None, name="tn3270", env=None):
        self.work, self.config, self.rc, self.name = work, config, rc, name
        self.env = env or {}
        for attempt in range(5):
            self.port = free_port()
            self._start()
            i = self.wait_any(["telnet consoles on port %d" % self.port,
                               "telnet consoles not available"])
            if i == 0:
                return
            self.finish()
        raise AssertionError("no free CNSLPORT after 5 attempts:\n" + self.out)

    def _start(self):
        conf = os.path.join(self.work, self.name + ".conf")
        with open(conf, "w") as f:
            f.write(self.config.replace("@PORT@", str(self.port)))
        if self.rc is not None:
            with open(os.path.join(self.work, self.name + ".rc"), "w") as f:
                f.write(self.rc)
        env = dict(os.environ)
        env.pop("HERCULES_RC", None)
        env.update(self.env)
        self.p = subprocess.Popen(["./s370", "run", conf], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, errors="replace", env=env)
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

    def _more(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            line = self.lines.get(timeout=left)
        except queue.Empty:
            return False
        if line is None:
            raise AssertionError("s370 ended unexpectedly; output:\n" + self.out[-3000:])
        self.out += line
        return True

    def wait_any(self, texts, start=0, timeout=TIMEOUT):
        """Wait until one of texts appears after start; its index."""
        deadline = time.monotonic() + timeout
        while True:
            for i, t in enumerate(texts):
                if self.out.find(t, start) >= 0:
                    return i
            if not self._more(deadline):
                raise AssertionError("s370: timed out waiting for %r; output:\n%s"
                                     % (texts, self.out[-3000:]))

    def wait_for(self, text, start=0, timeout=TIMEOUT):
        self.wait_any([text], start, timeout)
        return self.out.find(text, start) + len(text)

    def count(self, text):
        """Collect what has arrived, then count text in the output."""
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is None:
                raise AssertionError("s370 ended unexpectedly; output:\n" + self.out[-3000:])
            self.out += line
        return self.out.count(text)

    def wait_count(self, text, n, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.count(text) < n:
            if not self._more(deadline):
                raise AssertionError("s370: %d of %d %r; output:\n%s"
                                     % (self.count(text), n, text, self.out[-3000:]))

    def alive(self):
        return self.p.poll() is None

    def finish(self):
        try:
            self.send("quit")
            self.p.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            self.p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise AssertionError("s370 did not end after quit; output:\n" + self.out[-3000:])
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                break
            if line is None:
                break
            self.out += line
        return self.p.returncode


class S3270:
    """An s3270 process. action() sends one action and returns its data lines; an
    action that answers `error` raises AssertionError."""

    def __init__(self, *args):
        self.p = subprocess.Popen(["s3270"] + list(args), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, errors="replace")
        self.status = ""
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def action(self, text, timeout=TIMEOUT, check=True):
        self.p.stdin.write(text + "\n")
        self.p.stdin.flush()
        data = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("s3270: %s: no answer in %.0f s" % (text, timeout))
            if line is None:
                raise AssertionError("s3270: %s: s3270 ended" % text)
            line = line.rstrip("\n")
            if line.startswith("data: "):
                data.append(line[6:])
            elif line in ("ok", "error"):
                if line == "error" and check:
                    raise AssertionError("s3270: %s: error %r" % (text, data))
                return data
            else:
                self.status = line

    def screen(self):
        return self.action("Ascii()")

    def text(self):
        return "\n".join(self.screen())

    def wait_text(self, want, timeout=TIMEOUT):
        """Poll the screen until want shows (the host writes asynchronously)."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.text()
            if want in s:
                return s
            if time.monotonic() > deadline:
                raise AssertionError("s3270: %r never showed; screen:\n%s" % (want, s))
            self.action("Wait(1,Output)", check=False)

    def connected(self):
        self.action("Query(ConnectionState)", check=False)
        return " C(" in " " + self.status

    def close(self):
        try:
            self.p.stdin.write("Quit()\n")
            self.p.stdin.flush()
            self.p.stdin.close()
        except (BrokenPipeError, ValueError):
            pass
        try:
            self.p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


class RawClient:
    """A loopback socket: send raw bytes; negotiate plain TN3270 by hand."""

    def __init__(self, port, rcvbuf=None):
        self.s = socket.socket()
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.settimeout(TIMEOUT)
        self.s.connect(("127.0.0.1", port))
        self.data = b""

    def send(self, b):
        self.s.sendall(bytes(b))

    def wait_for(self, want, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while want not in self.data:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("raw client: %r never came" % want)
            if select.select([self.s], [], [], left)[0]:
                chunk = self.s.recv(65536)
                if not chunk:
                    raise AssertionError("raw client: closed before %r" % want)
                self.data += chunk

    def tn3270(self, ttype=b"IBM-3278-2"):
        """Refuse TN3270E, say a terminal type, agree to EOR and BINARY; then wait for
        the first record (the logo or the guest's screen)."""
        self.wait_for(bytes([IAC, DO, O_TN3270E]))
        self.send([IAC, WONT, O_TN3270E])
        self.wait_for(bytes([IAC, DO, O_TTYPE]))
        self.send([IAC, WILL, O_TTYPE])
        self.wait_for(bytes([IAC, SB, O_TTYPE, 1, IAC, SE]))
        self.send(bytes([IAC, SB, O_TTYPE, 0]) + ttype + bytes([IAC, SE]))
        self.send([IAC, WILL, O_EOR, IAC, DO, O_EOR, IAC, WILL, O_BIN, IAC, DO, O_BIN])
        self.wait_for(bytes([IAC, EOR]))

    def closed(self, timeout=TIMEOUT):
        """True when the server closes the connection in time (data is drained)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([self.s], [], [], 0.1)[0]:
                try:
                    if not self.s.recv(65536):
                        return True
                except (ConnectionResetError, socket.timeout):
                    return True
        return False

    def close(self):
        self.s.close()


def need_tools():
    """None, or why the test must be skipped."""
    if not os.access("./s370", os.X_OK):
        return "./s370 not built (run from the build directory)"
    if not shutil.which("s3270"):
        return "s3270 is not installed"
    return None


def parallel(fns):
    """Run the functions on threads; the first exception, re-raised here."""
    errors = []

    def run(fn):
        try:
            fn()
        except Exception as e:      # noqa: BLE001 (reported below)
            errors.append(e)
    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
