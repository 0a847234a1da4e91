#!/bin/sh
# kill -9 of s370 while a guest writes to DASD; see dasdkill.py.
exec python3 "${srcdir:-.}/test/system/dasdkill.py"
