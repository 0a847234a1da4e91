#!/bin/sh
# The kill -9 durability test of CKD and CCKD images. See cckdkill.py.
exec python3 "${srcdir:-.}/test/system/cckdkill.py"
