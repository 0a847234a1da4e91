#!/bin/sh
# IPL OS/VS1 from a copy of the DLIBA1 volume dliba1.sh built (or $VS1_DLIBA1) with its
# console on a 3270 that s3270 drives over TN3270. See vs1tn3270.py.
DLIBA1_KEEP=${DLIBA1_KEEP:-test/system/dliba1.150}
export DLIBA1_KEEP
exec python3 "${srcdir:-.}/test/system/vs1tn3270.py"
