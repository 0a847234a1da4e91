#!/bin/sh
# CNSLIDLE ends idle terminal sessions; see tnidle.py.
exec python3 "${srcdir:-.}/test/system/tnidle.py"
