#!/usr/bin/env python3
"""tapeipl.py -- IPL IBM's standalone IBCDASDI from the OS/VS1 starter tape
(../shared/guests/osvs1, see its README) on a 3420, talk to it on the 1052-C console
009 and let it read its control statements from the 1442 at 00C.

The tape is unzipped into a temporary directory (never into the repository). Until
3330 DASD exists, IBCDASDI ends with `IBC211W NOT AVAILABLE 150` after reading the
job: exactly what Hercules 3.13 shows with the same configuration and no disk.

Run from the build directory (srcdir set by automake); exit 0 pass, 1 fail, 77 skip.
"""
import os, sys, tempfile, zipfile

sys.path.insert(0, os.path.join(os.environ.get("srcdir", "."), "test", "system"))
from decks import Machine, SKIP  # noqa: E402  (the s370 driver of the deck tests)

SRCDIR = os.environ.get("srcdir", ".")
VS1 = os.path.join(SRCDIR, "..", "shared", "guests", "osvs1")
ZIP = os.path.join(VS1, "vs1r60_starter_3330.zip")

CONFIG = """ARCHMODE  S/370
CPUSERIAL 000611
CPUMODEL  0148
MAINSIZE  16
NUMCPU    1
SYSEPOCH  1900
0009    1052-C  /
000C    1442    {job}
0480    3420    {tape} ro
"""


def main():
    if not os.path.exists(ZIP):
        print("SKIP: %s not found (../shared/guests absent)" % ZIP)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="s370-tapeipl-") as work:
        with zipfile.ZipFile(ZIP) as z:
            z.extract("vs1r60_starter_3330.aws", work)
        conf = CONFIG.format(job=os.path.abspath(os.path.join(VS1, "indliba1.sajob")),
                             tape=os.path.join(work, "vs1r60_starter_3330.aws"))
        m = Machine(work, None, conf)
        try:
            m.send("ipl 480")
            m.wait_for("ipl 480")
            m.send("/")                                   # REQUEST: attention
            pos = m.wait_for("IBC105A  DEFINE INPUT DEVICE. DASDI  7.87")
            pos = m.wait_for("HHC1C001A", pos)
            m.send("/input=1442,00c")
            pos = m.wait_for("DLIBA1 JOB 'INITIALIZE VS1 STARTER RES VOLUME'", pos)
            pos = m.wait_for("DADEF TODEV=3330,TOADDR=150", pos)
            pos = m.wait_for("IBC211W NOT AVAILABLE     150", pos)
            m.wait_for("IBC249W  I/O ERROR.  JOB TERMINATED.", pos)
        except AssertionError as e:
            print("FAIL: %s\n--- s370 output ---\n%s" % (e, m.out))
            m.kill()
            return 1
        m.finish()
    print("tapeipl: IBCDASDI IPLed from the starter tape, read its job from the 1442")
    return 0


if __name__ == "__main__":
    sys.exit(main())
