#!/bin/sh
# Regenerate the README's screenshots of the default program: doc/screen-c3270.png
# (c3270 in tmux) and doc/screen-window.png (the SDL2 window). See screenshots.py.
# Usage: doc/screenshots.sh [BUILDDIR]   (default: the current directory)
exec python3 "$(dirname "$0")/screenshots.py" "$@"
