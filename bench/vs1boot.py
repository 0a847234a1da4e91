#!/usr/bin/env python3
"""vs1boot.py -- `make bench`'s system benchmark: the OS/VS1 IPL, from `ipl 150` to
IEE048I INITIALIZATION COMPLETED, timed on s370 and on Hercules 3.13 with the same
configuration and a copy of the same volume, alternating, several runs, medians.

  vs1boot.py --s370 ./s370 --volume DLIBA1 [--label TEXT] [--out FILE] [--runs N]

DLIBA1 is the starter volume as test/system/dliba1.py builds it from the tape (a CCKD
3330 that both machines open); every run IPLs a fresh copy, since the IPL formats
the paging and spool datasets. Both machines get the operator dialogue of
../shared/guests/README.md as fast as they ask for it: the reply to each message is
typed when the message (and, for the first, the console's read) is seen.

Timing method: wall clock measured here, from writing `ipl 150` to reading the
IEE048I line. s370: `s370 run CONFIG` on pipes. Hercules 3.13 reads commands only
from a terminal, so it runs on a pseudo-terminal (its panel is discarded) with its
log (standard output) in a file that is followed here. Start-up and the shutdown are
excluded on both.
"""
import os, pty, re, select, shutil, statistics, subprocess, sys, tempfile, time

CONF = """ARCHMODE  S/370
CPUSERIAL 060305
CPUMODEL  3032
MAINSIZE  8
NUMCPU    1
MAXCPU    1
SYSEPOCH  1900
YROFFSET  -28
000C      3505    * eof
000D      3525    pch00d.txt ascii crlf
000E      1403    prt00e.txt crlf
001F      3215-C  /
0480      3420    *
0150      3330    {volume}
"""
# (message that must appear, the reply; \\1 is the message's reply number). NIP
# reads its answers itself: the reply is typed once the read is pending (the
# console's HHC1C001A), as an operator does; WTOR replies go with REQUEST at once.
READ = rb"HHC1C001A"
DIALOGUE = [
    (rb"IEA760A", "/", True),
    (rb"IEA101A", "/r 00,'auto=starter,page=(v=dliba1,blk=4096),q=(,f)'", True),
    (rb"IEA135A", "/", True),
    (rb"\*(\d+) IEF068A", "/r \\1,formatv", False),
    (rb"\*(\d+) IEC107D[^\r\n]*SYSPOOL", "/r \\1,u", False),
    (rb"\*(\d+) IEC107D[^\r\n]*SYSWADS", "/r \\1,u", False),
]
DONE = rb"IEE048I INITIALIZATION COMPLETED"


class Follow:
    """Text arriving on a pipe or in a growing file, searched with a deadline."""

    def __init__(self, fd=None, path=None, drain=None):
        self.fd, self.path, self.drain, self.f, self.buf = fd, path, drain, None, b""

    def _more(self, left):
        if self.fd is not None:
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                d = os.read(self.fd, 65536)
                if not d:
                    raise RuntimeError("the emulator ended")
                self.buf += d
            return
        if self.drain is not None:
            r, _, _ = select.select([self.drain], [], [], min(left, 0.01))
            if r:
                try:
                    os.read(self.drain, 65536)       # the panel: not kept
                except OSError:
                    raise RuntimeError("the emulator ended")
        else:
            time.sleep(min(left, 0.01))
        if self.f is None and os.path.exists(self.path):
            self.f = open(self.path, "rb")
        if self.f:
            self.buf += self.f.read()

    def wait(self, pat, timeout):
        end = time.monotonic() + timeout
        while True:
            m = re.search(pat, self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m, time.monotonic()
            left = end - time.monotonic()
            if left <= 0:
                raise RuntimeError("timed out waiting for %r; last output %r"
                                   % (pat, self.buf[-300:]))
            self._more(left)


def boot(follow, send, timeout):
    t0 = time.monotonic()
    send("ipl 150")
    for pat, reply, read in DIALOGUE:
        m, _ = follow.wait(pat, timeout)
        if read:
            follow.wait(READ, timeout)
        send(m.expand(reply.encode()).decode() if m.groups() else reply)
    _, t1 = follow.wait(DONE, timeout)
    return t1 - t0


def time_s370(s370, volume, work, timeout):
    conf = os.path.join(work, "s370.conf")
    open(conf, "w").write(CONF.format(volume=volume))
    p = subprocess.Popen([s370, "run", conf], cwd=work, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         env=dict(os.environ, HERCULES_RC=""))
    try:
        def send(s):
            p.stdin.write((s + "\n").encode())
            p.stdin.flush()
        return boot(Follow(fd=p.stdout.fileno()), send, timeout)
    finally:
        p.kill()
        p.wait()


def time_hercules(herc, volume, work, timeout):
    conf = os.path.join(work, "h.conf")
    log = os.path.join(work, "h.log")
    open(conf, "w").write(CONF.format(volume=volume))
    if os.path.exists(log):
        os.unlink(log)
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(work)
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.execvp(herc, [herc, "-f", conf])
    try:
        follow = Follow(path=log, drain=fd)
        follow.wait(rb"HHCPN00[0-9]I|HHCCP002I|HHCTT002I", 60)   # up and its panel running
        time.sleep(0.5)

        def send(s):
            os.write(fd, s.encode() + b"\r")
        return boot(follow, send, timeout)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def main():
    args = sys.argv[1:]
    s370, volume, out, runs = "./s370", None, None, int(os.environ.get("BENCH_RUNS") or 3)
    label = "vs1 IPL"
    while args:
        a = args.pop(0)
        if a == "--s370": s370 = os.path.abspath(args.pop(0))
        elif a == "--volume": volume = os.path.abspath(args.pop(0))
        elif a == "--out": out = args.pop(0)
        elif a == "--runs": runs = int(args.pop(0))
        elif a == "--label": label = args.pop(0)
        else: raise SystemExit(__doc__)
    if not volume or not os.path.exists(volume):
        print("vs1boot: no DLIBA1 volume (%s): skipped" % volume)
        return 0
    herc = shutil.which(os.environ.get("HERCULES_BIN", "hercules"))
    if os.environ.get("BENCH_HERCULES", "") == "no":
        herc = None
    timeout = int(os.environ.get("BENCH_TIMEOUT") or 600)
    st, ht, err = [], [], None
    with tempfile.TemporaryDirectory(prefix="bench-vs1-") as work:
        copy = os.path.join(work, "dliba1.150")
        try:
            for _ in range(runs):
                shutil.copy(volume, copy)
                st.append(time_s370(s370, copy, work, timeout))
                if herc:
                    shutil.copy(volume, copy)
                    ht.append(time_hercules(herc, copy, work, timeout))
        except RuntimeError as e:
            err = str(e)
    lines = ["", "system benchmark: OS/VS1 IPL, `ipl 150` to IEE048I, %s (median of %d)"
             % (label, runs)]
    if err:
        lines.append("vs1boot error: %s" % err)
    else:
        sm = statistics.median(st)
        row = "%-10s s370 %7.2f s" % ("vs1 IPL", sm)
        if ht:
            hm = statistics.median(ht)
            row += "   Hercules %7.2f s   s370/Hercules time %5.2f (speed %.2fx)" % (
                hm, sm / hm, hm / sm)
        else:
            row += "   (hercules not installed: no comparison)"
        lines.append(row)
        lines.append("runs: s370 %s  Hercules %s" % (
            " ".join("%.2f" % t for t in st), " ".join("%.2f" % t for t in ht) or "-"))
    for ln in lines:
        print(ln)
    if out:
        with open(out, "a") as f:
            f.write("\n".join(lines) + "\n")
    return 1 if err else 0


if __name__ == "__main__":
    sys.exit(main())
