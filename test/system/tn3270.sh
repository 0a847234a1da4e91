#!/bin/sh
# TN3270 sessions with s3270: device names, 32 at once, hostile clients. See tn3270.py.
exec python3 "${srcdir:-.}/test/system/tn3270.py"
