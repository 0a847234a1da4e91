#!/bin/sh
# Unit record end to end: 3505 -> 3525 and 1403 through SIO and interruptions, on s370
# and (where installed) on Hercules 3.13. See urcards.py.
exec python3 "${srcdir:-.}/test/system/urcards.py"
