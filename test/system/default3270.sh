#!/bin/sh
# The default system (images/default.conf) with s3270. See default3270.py.
exec python3 "${srcdir:-.}/test/system/default3270.py"
