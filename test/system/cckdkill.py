#!/usr/bin/env python3
"""cckdkill.py - a write the guest was told completed survives kill -9 of s370.

For a compressed (CCKD) 3390 and an uncompressed (CKD) 3330: cckdstress rewrites random
tracks from two threads and says "ack SEQ CYL HEAD" after each dasd_write_track that
returned 0; this script kills it with SIGKILL at random moments, several times, and
after each kill reads the image back (cckdstress verify). Every track must hold its
last acknowledged write or a write tried after it, intact. Between rounds the image is
reopened as it was left (the OPENED bit on) or after `s370 dasd check --repair`, which
must then find it clean; Hercules' cckdcdsk, where installed, must accept it. At the end
the CCKD file must not have grown without bound (free space is reused).
Run from the build directory (./s370, test/system/cckdstress); about 10 seconds."""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

S370 = "./s370"
STRESS = "test/system/cckdstress"
ROUNDS = 8
failures = []


def fail(msg):
    print("FAIL:", msg)
    failures.append(msg)


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def kill_round(path, first_seq, rng, ops):
    """One writer run killed after a random moment; records its operations in ops."""
    p = subprocess.Popen([STRESS, "write", path, str(first_seq), "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(rng.uniform(0.05, 0.5))
    p.send_signal(signal.SIGKILL)
    out, err = p.communicate()
    if p.returncode != -signal.SIGKILL:
        fail("%s: writer ended by itself (%s): %s" % (path, p.returncode, err.strip()))
    last = first_seq
    for line in out.splitlines():
        w = line.split()
        if len(w) != 4 or w[0] not in ("try", "ack"):
            continue                        # a line cut by the kill
        seq, trk = int(w[1]), (int(w[2]), int(w[3]))
        ops.setdefault(trk, {})
        if w[0] == "try":
            ops[trk].setdefault(seq, False)
        else:
            ops[trk][seq] = True
        last = max(last, seq)
    return last + 100                       # the killed run may have used more numbers


def verify(path, ops):
    """Every track: its last acknowledged operation, or one tried later; a track no
    write was acknowledged for may also be as created (path + ".orig")."""
    r = run(STRESS, "verify", path, path + ".orig")
    if r.returncode != 0:
        fail("%s: verify: %s" % (path, r.stderr.strip()))
        return 0
    acked = 0
    for line in r.stdout.splitlines():
        w = line.split(None, 3)
        trk = (int(w[1]), int(w[2]))
        seqs = ops.get(trk, {})
        done = [s for s, a in seqs.items() if a]
        last_ack = max(done) if done else None
        if w[0] == "orig":
            if last_ack is not None:
                fail("%s: track %s still as created, last acknowledged write %s"
                     % (path, trk, last_ack))
            continue
        if w[0] == "bad":
            fail("%s: track %s: %s" % (path, trk, w[3]))
            continue
        got = int(w[3])
        allowed = {s for s in seqs if last_ack is None or s >= last_ack}
        # A data write is found by its number; an emptying one (every 7th) as 0; with
        # nothing acknowledged the track may still be as it was made (0).
        ok = any((s % 7 == 0 and got == 0) or (s % 7 and s == got) for s in allowed)
        ok = ok or (last_ack is None and got == 0)
        if not ok:
            fail("%s: track %s holds %s, last acknowledged write %s" % (path, trk, got, last_ack))
        acked += len(done)
    return acked


def cckdcdsk_ok(path):
    if not shutil.which("cckdcdsk"):
        return
    r = run("cckdcdsk", "-ro", "-3", path)
    # Only errors (HHCCUnnnE) count: cckdcdsk -3 warns of the 29-byte uncompressed
    # track images that dasdinit itself writes. It exits 0 either way.
    errs = [l for l in (r.stdout + r.stderr).splitlines()
            if l.startswith("HHCCU") and len(l) > 8 and l[8] == "E"]
    if errs:
        fail("%s: cckdcdsk: %s" % (path, "; ".join(errs)))


def image_size(path):
    r = run(S370, "dasd", "info", path)
    info = dict(l.split(": ", 1) for l in r.stdout.splitlines() if ": " in l)
    return int(info.get("file size", "0")), info


def main():
    rng = random.Random(int(os.environ.get("CCKDKILL_SEED", "0")) or None)
    work = tempfile.mkdtemp(prefix="s370-cckdkill-")
    try:
        images = []
        for args, name in ((["-z", "3390", "STRESS", "20"], "v.390"),
                           (["3330", "STRESS", "10"], "v.330")):
            path = os.path.join(work, name)
            cmd = [S370, "dasd", "create"] + (["-z"] if args[0] == "-z" else [])
            rest = args[1:] if args[0] == "-z" else args
            r = run(*cmd, rest[0], path, *rest[1:])
            if r.returncode != 0:
                fail("create %s: %s" % (name, r.stderr.strip()))
                return
            shutil.copyfile(path, path + ".orig")
            images.append(path)
        total = 0
        for path in images:
            ops, seq = {}, 1
            peak = 0
            verify(path, ops)       # as created: a kill before the first write leaves this
            for rnd in range(ROUNDS):
                seq = kill_round(path, seq, rng, ops)
                if path.endswith(".390") and rnd % 2 == 1:
                    c = run(S370, "dasd", "check", path)
                    if c.returncode != 1 or "OPENED" not in c.stderr:
                        fail("%s: check after kill -9 did not report the OPENED bit: %s"
                             % (path, c.stderr.strip()))
                    c = run(S370, "dasd", "check", "--repair", path)
                    if c.returncode != 0:
                        fail("%s: check --repair: %s" % (path, c.stderr.strip()))
                    c = run(S370, "dasd", "check", path)
                    if c.returncode != 0:
                        fail("%s: not clean after repair: %s" % (path, c.stderr.strip()))
                    cckdcdsk_ok(path)
                total += verify(path, ops)
                peak = max(peak, image_size(path)[0])
            size, info = image_size(path)
            writes = sum(len(v) for v in ops.values())
            print("%s: %d operations in %d kills, %s bytes (peak %d, used %s)" %
                  (os.path.basename(path), writes, ROUNDS, size, peak, info.get("used", "all")))
            if path.endswith(".390"):
                used = int(info.get("used", "0"))
                # Live data is at most 300 tracks; without reuse the file would hold
                # every image ever written. Free space must stay below the used space.
                if peak > 2 * used + (1 << 20):
                    fail("%s: file grew to %d bytes for %d used" % (path, peak, used))
                r = run(S370, "dasd", "check", "--repair", path)
                if r.returncode != 0:
                    fail("%s: final repair: %s" % (path, r.stderr.strip()))
                cckdcdsk_ok(path)
        print("%d acknowledged writes checked (summed over the rounds)" % total)
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
if failures:
    sys.exit(1)
print("PASS: cckdkill")
