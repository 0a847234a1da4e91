#!/bin/sh
# IPL OS/VS1 from a copy of the DLIBA1 volume dliba1.sh built (or $VS1_DLIBA1) and
# run a batch job. See vs1boot.py.
DLIBA1_KEEP=${DLIBA1_KEEP:-test/system/dliba1.150}
export DLIBA1_KEEP
exec python3 "${srcdir:-.}/test/system/vs1boot.py"
