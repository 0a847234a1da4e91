#!/usr/bin/env python3
"""dliba1.py -- build the OS/VS1 starter volume DLIBA1 from its tape, as
../shared/guests/README.md describes it, on s370: an empty 3330 with its alternate
cylinders (`s370 dasd create -z -a`, a compressed CCKD image), IBM's IBCDASDI
initialises it, IBCDMPRS restores the DLIBA1 dump from the tape onto it. Then:

  * `s370 dasd ls` lists the SYS1 datasets from the VTOC the utilities wrote;
  * `s370 dasd check` finds the CCKD image clean;
  * where Hercules' tools are installed, cckdcdsk accepts the image and dasdls lists
    the same datasets;
  * `ipl 150` from the new volume loads OS/VS1's IPL text and its nucleus, which asks
    the operator IEA760A SPECIFY VIRTUAL STORAGE SIZE (IPL from DASD).

The tape is unzipped into a temporary directory (never into the repository). The
image is left in $DLIBA1_KEEP when that is set (other tests and benchmarks can use it).
Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, shutil, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.join(os.environ.get("srcdir", "."), "test", "system"))
import decks  # noqa: E402  (the s370 driver of the deck tests)

SRCDIR = os.environ.get("srcdir", ".")
VS1 = os.path.join(SRCDIR, "..", "shared", "guests", "osvs1")
ZIP = os.path.join(VS1, "vs1r60_starter_3330.zip")
# The restore moves about 100 MB through the channel; generous for sanitizer builds.
decks.TIMEOUT = 900.0

CONFIG = """ARCHMODE  S/370
CPUSERIAL 000611
CPUMODEL  0148
MAINSIZE  16
NUMCPU    1
SYSEPOCH  1900
0009    1052-C  /
000C    1442    {init}
000D    1442    {restore}
0150    3330    {volume}
0480    3420    {tape} ro
"""

# The utilities' I/O error and job-ended messages: no point waiting further.
FAIL = ("IBC201W", "IBC249W", "HHCPN053E")

IPL_CONFIG = """ARCHMODE  S/370
CPUSERIAL 060305
CPUMODEL  3032
MAINSIZE  8
NUMCPU    1
SYSEPOCH  1900
YROFFSET  -28
001F      3215-C  /
0150      3330    {volume}
"""

DATASETS = ["SYS1.NUCLEUS", "SYS1.LINKLIB", "SYS1.SVCLIB", "SYS1.PARMLIB", "SYS1.PROCLIB",
            "SYS1.MACLIB", "SYS1.SYSPOOL", "SYS1.SYSWADS", "SYS1.LOGREC", "SYS1.SYSJOBQE"]


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def build(work, volume, tape):
    conf = CONFIG.format(init=os.path.abspath(os.path.join(VS1, "indliba1.sajob")),
                         restore=os.path.abspath(os.path.join(VS1, "rsdliba1.sajob")),
                         volume=volume, tape=tape)
    m = decks.Machine(work, None, conf)
    try:
        m.send("ipl 480")
        pos = m.wait_for("ipl 480")
        m.send("/")                                   # REQUEST: attention
        pos = m.wait_for("IBC105A  DEFINE INPUT DEVICE. DASDI  7.87", pos)
        pos = m.wait_for("HHC1C001A", pos)
        m.send("/input=1442,00c")
        pos = m.wait_for("VTOCD STRTADR=1,EXTENT=5", pos)
        pos = m.wait_for("IBC163A  END OF JOB.", pos, FAIL)
        m.send("stop")
        m.send("ipl 480")
        pos = m.wait_for("ipl 480", pos)
        m.send("/")
        pos = m.wait_for("IBC105A DEFINE INPUT DEVICE. DUMPRESTORE 7.91", pos)
        pos = m.wait_for("HHC1C001A", pos)
        m.send("/input=1442,00d")
        pos = m.wait_for("RESTORE FROMDEV=3400,FROMADDR=480,TODEV=3330,TOADDR=150,", pos)
        pos = m.wait_for("IBC163A  END OF JOB.", pos, FAIL)
    except AssertionError as e:
        m.kill()
        return "%s\n--- s370 output ---\n%s" % (e, m.out)
    if m.finish() != 0:
        return "s370 ended with %s\n%s" % (m.p.returncode, m.out)
    for bad in FAIL:                                 # utility I/O errors, a refused IPL
        if bad in m.out:
            return "%s in the output:\n%s" % (bad, m.out)
    return None


def ipl(work, volume):
    m = decks.Machine(work, None, IPL_CONFIG.format(volume=volume))
    try:
        m.send("ipl 150")
        m.wait_for("IEA760A SPECIFY VIRTUAL STORAGE SIZE")
    except AssertionError as e:
        m.kill()
        return "%s\n--- s370 output ---\n%s" % (e, m.out)
    m.finish()
    return None


def main():
    if not os.path.exists(ZIP):
        print("SKIP: %s not found (../shared/guests absent)" % ZIP)
        return decks.SKIP
    keep = os.environ.get("DLIBA1_KEEP")
    if keep and os.path.exists(keep):
        os.remove(keep)     # never a volume from an earlier build for later tests
    fails = []
    with tempfile.TemporaryDirectory(prefix="s370-dliba1-") as work:
        with zipfile.ZipFile(ZIP) as z:
            z.extract("vs1r60_starter_3330.aws", work)
        tape = os.path.join(work, "vs1r60_starter_3330.aws")
        volume = os.path.join(work, "dliba1.150")
        r = run("./s370", "dasd", "create", "-z", "-a", "3330", volume, "AAAAAA")
        if r.returncode != 0 or "411 cylinders" not in r.stdout:
            print("FAIL: dasd create -z -a 3330: %s%s" % (r.stdout, r.stderr))
            return 1
        err = build(work, volume, tape)
        if err:
            print("FAIL: building DLIBA1: " + err)
            return 1
        ls = run("./s370", "dasd", "ls", volume)
        names = [ln.split()[0] for ln in ls.stdout.splitlines()[1:-1] if ln.strip()]
        if ls.returncode != 0 or "volume DLIBA1:" not in ls.stdout:
            fails.append("dasd ls: %s%s" % (ls.stdout, ls.stderr))
        for ds in DATASETS:
            if ds not in names:
                fails.append("dasd ls does not list %s" % ds)
        chk = run("./s370", "dasd", "check", volume)
        if chk.returncode != 0:
            fails.append("dasd check: %s%s" % (chk.stdout, chk.stderr))
        if shutil.which("dasdls") and shutil.which("cckdcdsk"):
            hls = run("dasdls", volume)
            hnames = [ln.split()[0] for ln in hls.stdout.splitlines()
                      if ln.strip() and not ln.startswith(("Hercules", "(c)")) and
                      ":" not in ln]
            if sorted(hnames) != sorted(names):
                fails.append("dasdls lists %s, s370 dasd ls %s" % (hnames, names))
            copy = os.path.join(work, "copy.150")
            shutil.copy(volume, copy)
            cd = run("cckdcdsk", "-3", copy)
            if cd.returncode != 0 or "error" in (cd.stdout + cd.stderr).lower():
                fails.append("cckdcdsk -3: %s%s" % (cd.stdout, cd.stderr))
        else:
            print("(Hercules' dasdls and cckdcdsk not installed: their checks skipped)")
        err = ipl(work, volume)
        if err:
            fails.append("ipl 150: " + err)
        if keep:
            shutil.copy(volume, keep)
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("dliba1: DLIBA1 built from the starter tape; %d datasets listed" % len(names))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
