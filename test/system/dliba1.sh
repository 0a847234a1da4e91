#!/bin/sh
# Build the OS/VS1 starter volume DLIBA1 from its tape; see dliba1.py.
exec python3 "${srcdir:-.}/test/system/dliba1.py"
