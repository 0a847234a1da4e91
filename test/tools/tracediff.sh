#!/bin/sh
# tools/tracediff.py on real s370 traces (and Hercules' where installed).
# See tracediff_test.py.
exec python3 "${srcdir:-.}/test/tools/tracediff_test.py"
