#!/usr/bin/env python3
"""dasdkill.py -- a DASD write the guest was told completed survives kill -9 of s370.

dasdkill.bin (dasdkill.S) runs on s370 and rewrites tracks of a 3330 at 0150 in an
endless loop, writing "A n" on its console after each channel program that ended with
channel end and device end: the guest has been told write n is done. This script
kills s370 with SIGKILL at a random moment, several rounds on the same volume, and
after each kill reads the volume: every track holds the last write acknowledged for
it, or the one write that may have been under way when the kill came (the program
starts the next write only after the acknowledgement). Each round starts from the
volume as the kill left it, for an uncompressed CKD and a compressed CCKD image; at
the end `s370 dasd check` finds the image sound (after --repair for the CCKD, whose
OPENED bit the kill left on) and Hercules' cckdcdsk, where installed, accepts it.

The image layer's own kill test is cckdkill.py; this one goes through the guest, the
channel and the device. Run from the build directory; exit 0 pass, 1 fail.
"""
import os, random, shutil, signal, struct, subprocess, sys, tempfile, threading, time, zlib

S370 = "./s370"
PROG = "test/system/dasdkill.bin"
ROUNDS = 5
NTRK, HEADS, FIRST_CYL = 57, 19, 1
CONFIG = """ARCHMODE  S/370
MAINSIZE  2
NUMCPU    1
001F      3215-C  /
0150      3330    {volume}
"""
failures = []


def fail(msg):
    print("FAIL:", msg)
    failures.append(msg)


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def track_of(n):
    t = n % NTRK
    return FIRST_CYL + t // HEADS, t % HEADS


def round_(work, volume, seq, rng):
    """One s370 run killed at a random moment: the acknowledged sequence numbers."""
    conf = os.path.join(work, "kill.conf")
    with open(conf, "w") as f:
        f.write(CONFIG.format(volume=volume))
    p = subprocess.Popen([S370, "run", conf], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, errors="replace")
    acks, first = [], threading.Event()

    def reader():
        for line in p.stdout:
            w = line.split()
            if len(w) == 2 and w[0] == "A" and len(w[1]) == 8:
                acks.append(int(w[1], 16))
                first.set()
            elif line.startswith("E") or "disabled wait" in line:
                fail("the guest saw an I/O error: %s" % line.strip())
                first.set()
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    p.stdin.write("loadcore %s 0\nr 900=%08X\nrestart\n" % (PROG, seq))
    p.stdin.flush()
    if not first.wait(60):
        fail("no acknowledgement within 60 s")
    time.sleep(rng.uniform(0.05, 0.6))
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    t.join(10)
    return acks


def tracks(volume, work, cckd):
    """{(cyl, head): n} of the tracks whose R1 is an intact record of write n."""
    path = volume
    if cckd:
        path = os.path.join(work, "flat.330")
        if os.path.exists(path):
            os.unlink(path)
        r = run(S370, "dasd", "convert", volume, path)
        if r.returncode != 0:
            fail("convert after the kill: %s%s" % (r.stdout, r.stderr))
            return {}
    data = open(path, "rb").read()
    heads, trksize = struct.unpack("<II", data[8:16])
    found = {}
    for i in range(NTRK):
        cyl, head = track_of(i)
        trk = data[512 + (cyl * heads + head) * trksize:][:trksize]
        r1 = 5 + 8 + 8
        c, h, r, kl, dl = struct.unpack(">HHBBH", trk[r1:r1 + 8])
        if trk[r1:r1 + 8] == b"\xff" * 8 or (c, h, r, kl, dl) == (cyl, head, 1, 0, 0):
            continue                # never written: R0 only, or R1 end of file (CCKD null)
        body = trk[r1 + 8:r1 + 8 + dl]
        if (c, h, r, kl, dl) != (cyl, head, 1, 0, 256) or body[:4] != body[-4:] or \
                body[4:-4] != bytes(248):
            found[(cyl, head)] = "torn or foreign: count %s" % trk[r1:r1 + 8].hex()
        else:
            found[(cyl, head)] = struct.unpack(">I", body[:4])[0]
    return found


def main():
    if not os.path.exists(PROG):
        print("SKIP: %s not built (no s390x assembler)" % PROG)
        return 77
    rng = random.Random(os.environ.get("DASDKILL_SEED", time.time()))
    work = tempfile.mkdtemp(prefix="s370-dasdkill-")
    try:
        for cckd in (False, True):
            volume = os.path.join(work, "kill%s.330" % (".z" if cckd else ""))
            r = run(S370, "dasd", "create", *(["-z"] if cckd else []), "3330", volume,
                    "KILL01", "10")
            if r.returncode != 0:
                fail("create: %s%s" % (r.stdout, r.stderr))
                continue
            last = {}                                  # track -> last acknowledged n
            seq, total = 0, 0
            for rnd in range(ROUNDS):
                acks = round_(work, volume, seq, rng)
                if acks != list(range(seq + 1, seq + 1 + len(acks))):
                    fail("acknowledgements out of order in round %d" % rnd)
                for n in acks:
                    last[track_of(n)] = n
                total += len(acks)
                top = acks[-1] if acks else seq
                inflight = top + 1
                found = tracks(volume, work, cckd)
                for trk in set(last) | set(found):
                    want = last.get(trk)
                    got = found.get(trk)
                    ok = got == want or (got == inflight and track_of(inflight) == trk)
                    if not ok:
                        fail("%s round %d: track %s holds %s, the last acknowledged write "
                             "was %s" % (os.path.basename(volume), rnd, trk, got, want))
                if track_of(inflight) in found and found[track_of(inflight)] == inflight:
                    last[track_of(inflight)] = inflight
                seq = inflight + 1                     # the next round starts past it
            if cckd:
                r = run(S370, "dasd", "check", "--repair", volume)
                if r.returncode != 0:
                    fail("check --repair: %s%s" % (r.stdout, r.stderr))
                if shutil.which("cckdcdsk"):
                    # level 2: its level 3 objects to the empty track as dasdinit
                    # (and s370 dasd create) store it
                    r = run("cckdcdsk", "-2", volume)
                    if r.returncode != 0 or "HHCCU6" in r.stdout + r.stderr:
                        fail("cckdcdsk -2: %s%s" % (r.stdout, r.stderr))
            r = run(S370, "dasd", "check", volume)
            if r.returncode != 0:
                fail("check: %s%s" % (r.stdout, r.stderr))
            print("%s: %d acknowledged writes in %d kills, all on the volume" %
                  (os.path.basename(volume), total, ROUNDS))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
