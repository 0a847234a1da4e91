#!/bin/sh
# The SDL2 window end to end with SDL's offscreen driver: screenshots checked cell by
# cell against the font, keys through SDL's event queue. See window.py.
exec python3 "${srcdir:-.}/test/system/window.py"
