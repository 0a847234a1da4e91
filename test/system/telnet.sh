#!/bin/sh
# A 3215 console over telnet on CNSLPORT: echo.deck answers a line typed there.
# See telnet.py.
exec python3 "${srcdir:-.}/test/system/telnet.py"
