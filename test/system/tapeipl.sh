#!/bin/sh
# IPL IBCDASDI from the OS/VS1 starter tape; see tapeipl.py.
exec python3 "${srcdir:-.}/test/system/tapeipl.py"
