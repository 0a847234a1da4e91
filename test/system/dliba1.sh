#!/bin/sh
# Build the OS/VS1 starter volume DLIBA1 from its tape; see dliba1.py. The volume is
# kept in the build tree for vs1boot.sh (which make check runs after this test).
DLIBA1_KEEP=${DLIBA1_KEEP:-test/system/dliba1.150}
export DLIBA1_KEEP
exec python3 "${srcdir:-.}/test/system/dliba1.py"
