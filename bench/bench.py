#!/usr/bin/env python3
"""bench.py -- `make bench`: time S/370 programs with known instruction counts on s370 and,
where it is installed, on Hercules 3.13, and report MIPS and the ratio s370/Hercules.

  bench.py [--s370 ./s370] [--out bench/results.txt] [--runs 3] BIN...

Each BIN is bench/NAME.bin; its loop count N is the fullword at 0x300, patched here (env
BENCH_N, or BENCH_N_<NAME> e.g. BENCH_N_MIX, default per program).  BENCH_HERC_N sets a
different N for Hercules (default: the same N).  BENCH_RUNS sets the number of alternating
runs (median is reported).  BENCH_HERCULES=no skips Hercules.

Timing method (both machines): wall-clock time, measured here, from the start of the
program to the disabled-wait message.  s370: the console is fed `loadcore`, then `runtest`
is written and the clock starts; it stops when `HHC00809I ... disabled wait` is read.
Hercules 3.13 (`hercules -d`, commands in a HERCULES_RC script: loadcore, restart, pause):
the clock starts when `HHCPN038I Restart key depressed` is read and stops when `HHCCP011I`
(disabled wait) is read; then Hercules is terminated.  Start-up and loading are excluded.
MIPS = instructions / seconds / 1e6, instructions = per_iter * N + setup (below).
"""
import os, shutil, statistics, subprocess, sys, tempfile, time, select

# name: (instructions per iteration, setup instructions, default N)
PROGRAMS = {
    "reg": (5, 6, 300_000_000),
    "stor": (4, 3, 250_000_000),
    "mix": (5, 3, 40_000_000),
}

CONF = "ARCHMODE S/370\nMAINSIZE 2\nNUMCPU 1\n"
HERC_CONF = CONF + "CPUMODEL 3090\n000C 3505 /dev/null\n"


def patched(binpath, n, work):
    data = bytearray(open(binpath, "rb").read())
    data[0x300:0x304] = n.to_bytes(4, "big")
    p = os.path.join(work, "%d-%s" % (n, os.path.basename(binpath)))
    open(p, "wb").write(data)
    return p


class Lines:
    """Read lines from a pipe with a deadline."""
    def __init__(self, f):
        self.f, self.buf = f, b""

    def wait_for(self, needle, timeout):
        end = time.monotonic() + timeout
        while True:
            while b"\n" in self.buf:
                ln, self.buf = self.buf.split(b"\n", 1)
                if needle in ln:
                    return time.monotonic(), ln.decode("latin-1")
            left = end - time.monotonic()
            if left <= 0:
                return None, None
            r, _, _ = select.select([self.f], [], [], left)
            if not r:
                continue
            chunk = os.read(self.f.fileno(), 65536)
            if not chunk:
                return None, None
            self.buf += chunk


def time_s370(s370, binp, work, timeout):
    cfg = os.path.join(work, "s370.conf")
    open(cfg, "w").write(CONF)
    p = subprocess.Popen([s370, "run", cfg], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    rd = Lines(p.stdout)
    try:
        p.stdin.write(("loadcore %s 0\n" % binp).encode()); p.stdin.flush()
        if rd.wait_for(b"bytes read", 30)[0] is None:
            raise RuntimeError("s370: loadcore did not answer")
        p.stdin.write(("runtest %d\n" % timeout).encode())
        t0 = time.monotonic()
        p.stdin.flush()
        t1, ln = rd.wait_for(b"disabled wait", timeout + 10)
        if t1 is None:
            raise RuntimeError("s370: no disabled wait within %d s" % timeout)
        # success is a wait at address 0 (the ILC bits in front may be set)
        if not ln.rstrip().endswith("000000"):
            raise RuntimeError("s370: wrong final PSW: " + ln)
        p.stdin.write(b"quit\n"); p.stdin.flush()
        p.wait(timeout=30)
        return t1 - t0
    finally:
        if p.poll() is None:
            p.kill(); p.wait()


def time_hercules(herc, binp, work, timeout):
    cfg = os.path.join(work, "h.conf")
    rc = os.path.join(work, "h.rc")
    open(cfg, "w").write(HERC_CONF)
    open(rc, "w").write("loadcore %s 0\nrestart\npause %d\nquit\n" % (binp, timeout))
    p = subprocess.Popen(["stdbuf", "-oL", herc, "-d", "-f", cfg], cwd=work,
                         env=dict(os.environ, HERCULES_RC=rc), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    rd = Lines(p.stdout)
    try:
        t0, _ = rd.wait_for(b"HHCPN038I", 60)
        if t0 is None:
            raise RuntimeError("hercules: restart not seen")
        t1, _ = rd.wait_for(b"HHCCP011I", timeout + 10)
        if t1 is None:
            raise RuntimeError("hercules: no disabled wait within %d s" % timeout)
        # the PSW follows on the next line
        _, ln = rd.wait_for(b"PSW=", 10)
        if ln is None or not ln.rstrip().endswith("000000"):
            raise RuntimeError("hercules: wrong final PSW: %s" % ln)
        return t1 - t0
    finally:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill(); p.wait()


def main():
    args = sys.argv[1:]
    s370, out, runs = "./s370", "bench/results.txt", int(os.environ.get("BENCH_RUNS") or 3)
    bins = []
    while args:
        a = args.pop(0)
        if a == "--s370": s370 = args.pop(0)
        elif a == "--out": out = args.pop(0)
        elif a == "--runs": runs = int(args.pop(0))
        else: bins.append(a)
    herc = shutil.which(os.environ.get("HERCULES_BIN", "hercules"))
    if os.environ.get("BENCH_HERCULES", "") == "no":
        herc = None
    timeout = int(os.environ.get("BENCH_TIMEOUT") or 600)
    lines = []

    def say(s):
        print(s, flush=True); lines.append(s)

    say("s370 benchmark  %s  runs=%d (median)  host=%s" % (
        time.strftime("%Y-%m-%d %H:%M:%S"), runs, os.uname().nodename))
    say("method: wall clock from runtest (s370) / restart (Hercules) to the disabled-wait message")
    say("%-6s %12s %14s %9s %9s %9s %9s %7s" % ("prog", "N", "instructions", "s370 s",
                                              "s370MIPS", "herc s", "hercMIPS", "ratio"))
    rc = 0
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        for b in bins:
            name = os.path.splitext(os.path.basename(b))[0]
            per, setup, defn = PROGRAMS[name]
            n = int(os.environ.get("BENCH_N_" + name.upper()) or os.environ.get("BENCH_N") or defn)
            hn = int(os.environ.get("BENCH_HERC_N") or n)
            sb, hb = patched(b, n, work), patched(b, hn, work)
            st, ht = [], []
            try:
                for _ in range(runs):
                    st.append(time_s370(s370, sb, work, timeout))
                    if herc:
                        ht.append(time_hercules(herc, hb, work, timeout))
            except RuntimeError as e:
                say("%-6s error: %s" % (name, e)); rc = 1; continue
            sm = statistics.median(st)
            smips = (per * n + setup) / sm / 1e6
            if ht:
                hm = statistics.median(ht)
                hmips = (per * hn + setup) / hm / 1e6
                say("%-6s %12d %14d %9.3f %9.1f %9.3f %9.1f %7.2f" % (
                    name, n, per * n + setup, sm, smips, hm, hmips, smips / hmips))
            else:
                say("%-6s %12d %14d %9.3f %9.1f %9s %9s %7s" % (
                    name, n, per * n + setup, sm, smips, "-", "-", "-"))
    if not herc:
        say("(hercules not installed: no comparison)")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("written to %s" % out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
