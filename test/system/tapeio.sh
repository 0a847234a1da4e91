#!/bin/sh
# Tape end to end through an S/370 program; see tapeio.py.
exec python3 "${srcdir:-.}/test/system/tapeio.py"
