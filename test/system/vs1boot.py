#!/usr/bin/env python3
"""vs1boot.py -- IPL OS/VS1 Release 6 from the DLIBA1 volume and run a batch job, as
../shared/guests/README.md describes it:

  ipl 150, IEA760A (enter), IEA101A (auto=starter,page=(v=dliba1,blk=4096),q=(,f)),
  IEA135A (enter), IEF068A (formatv: the spool is formatted), IEC107D twice (u),
  IEE048I INITIALIZATION COMPLETED; `d a` answers IEE821I; a job read from the 3505
  (IEBGENER copies two cards to SYSOUT, IEHLIST lists the VTOC) ends, and the writer
  prints its output on the 1403.

No I/O error message (IEA778I, IEF062W), no ABEND and no disabled wait may appear.

The volume is the one `test/system/dliba1.py` builds from the starter tape: a copy of
it is used, never the file itself. Where: $VS1_DLIBA1, else $DLIBA1_KEEP (where
dliba1.py leaves it); without either the test is skipped. Run from the build directory
(srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, shutil, sys, tempfile

sys.path.insert(0, os.path.join(os.environ.get("srcdir", "."), "test", "system"))
import decks  # noqa: E402  (the s370 driver of the deck tests)

decks.TIMEOUT = 120.0

SRCDIR = os.environ.get("srcdir", ".")
# The configuration the README's walkthrough uses, with its vs1/ directory here.
with open(os.path.join(SRCDIR, "images", "vs1.conf")) as f:
    CONFIG = f.read().replace("vs1/dliba1.150", "{volume}").replace("vs1/", "{work}/")

JOB = """//GENER    JOB  1,'S370 TEST',MSGCLASS=A,CLASS=A,MSGLEVEL=(1,1)
//STEP1    EXEC PGM=IEBGENER
//SYSPRINT DD   SYSOUT=A
//SYSIN    DD   DUMMY
//SYSUT2   DD   SYSOUT=A
//SYSUT1   DD   *
HELLO FROM OS/VS1 RUNNING ON S370
SECOND CARD OF THE INPUT
/*
//LIST     EXEC PGM=IEHLIST
//SYSPRINT DD   SYSOUT=A
//DD1      DD   UNIT=3330,VOL=SER=DLIBA1,DISP=OLD
//SYSIN    DD   *
  LISTVTOC VOL=3330=DLIBA1
/*
//
"""

# Messages that mean the system is in trouble: no point waiting further.
FAIL = ("IEA778I", "IEF062W", "ABEND", "disabled wait state", "IEA000I")


# NIP's questions are answered once the console's read is there (HHC1C001A).
READ = "HHC1C001A Enter input for console device 001F"
# From the IPL to the answer to IEA135A (vs1tn3270.py shares them): what follows
# depends on the consoles (a 3270 console makes NIP ask IEA150A SPECIFY HARDCPY).
IPL_STEPS = [
    ("ipl 150", "IEA760A SPECIFY VIRTUAL STORAGE SIZE"),
    (None, READ),
    ("/", "IEA101A SPECIFY SYSTEM AND/OR SET PARAMETERS"),
    (None, READ),
    ("/r 00,'auto=starter,page=(v=dliba1,blk=4096),q=(,f)'",
     "IEA135A SPECIFY SYS1.DUMP TAPE UNIT ADDRESS OR NO"),
    (None, READ),
]
# The master scheduler's replies after IEF068A, to IEE048I.
FORMAT_STEPS = [
    ("/r 00,formatv", "IEC107D E 150,DLIBA1,MASTER,SCHEDULR,SYS1.SYSPOOL"),
    ("/r 1,u", "IEC107D E 150,DLIBA1,MASTER,SCHEDULR,SYS1.SYSWADS"),
    ("/r 2,u", "IEE048I INITIALIZATION COMPLETED"),
]


def run_steps(m, steps, pos=0, fail=FAIL):
    """Send each command (None: none) and wait for its answer after the last one;
    the position after the last answer. AssertionError on a timeout or a fail text."""
    for cmd, want in steps:
        if cmd:
            m.send(cmd)
        pos = m.wait_for(want, pos, fail)
    return pos


def boot(work, volume):
    m = decks.Machine(work, None, CONFIG.format(work=work, volume=volume))
    steps = IPL_STEPS + [
        ("/", "IEF068A  VOLUME DLIBA1 REQUIRES FORMATTING"),
    ] + FORMAT_STEPS + [
        (None, "IEF005I PARTITION WAITING FOR WORK"),
        ("/d a", "IEE821I"),
        ("devinit 00c %s ascii eof" % os.path.join(work, "job.jcl"), "initialized"),
        ("/s rdr,00c", "IEF404I GENER    ENDED"),
        ("/s wtr,00e", "IEF868I 00E WTR WAITING FOR WORK"),
    ]
    try:
        run_steps(m, steps)
    except AssertionError as e:
        m.kill()
        return "%s\n--- s370 output ---\n%s" % (e, m.out)
    rc = m.finish()
    if rc != 0:
        return "s370 exit status %d\n%s" % (rc, m.out)
    for bad in FAIL:
        if bad in m.out:
            return "%s in the output:\n%s" % (bad, m.out)
    with open(os.path.join(work, "prt00e.txt"), errors="replace") as f:
        printed = f.read()
    for want in ("HELLO FROM OS/VS1 RUNNING ON S370", "SECOND CARD OF THE INPUT",
                 "CONTENTS OF VTOC ON VOL DLIBA1", "SYS1.SYSPOOL",
                 "IEF142I - STEP WAS EXECUTED - COND CODE 0000"):
        if want not in printed:
            return "the printer output lacks %r:\n%s" % (want, printed)
    return None


def volume_source():
    """The DLIBA1 volume to copy, or None after saying why; then the exit status."""
    guests = os.path.join(os.environ.get("srcdir", "."), "..", "shared", "guests", "osvs1")
    src = os.environ.get("VS1_DLIBA1") or os.environ.get("DLIBA1_KEEP")
    if not src or not os.path.exists(src):
        if not os.path.isdir(guests):
            print("SKIP: ../shared/guests/osvs1 is absent: no DLIBA1 volume to IPL")
            return None, decks.SKIP
        print("FAIL: no DLIBA1 volume at %s (dliba1.sh builds it; or set VS1_DLIBA1)" % src)
        return None, 1
    return src, 0


def main():
    src, status = volume_source()
    if not src:
        return status
    with tempfile.TemporaryDirectory(prefix="s370-vs1boot-") as work:
        volume = os.path.join(work, "dliba1.150")
        shutil.copy(src, volume)
        with open(os.path.join(work, "job.jcl"), "w") as f:
            f.write(JOB)
        err = boot(work, volume)
    if err:
        print("FAIL: " + err)
        return 1
    print("vs1boot: OS/VS1 initialised, answered d a and ran IEBGENER and IEHLIST")
    return 0


if __name__ == "__main__":
    sys.exit(main())
