#!/bin/sh
# IPL the standalone card decks (hello, crd2consl, echo) and check the 3215-C console.
# See decks.py.
exec python3 "${srcdir:-.}/test/system/decks.py"
