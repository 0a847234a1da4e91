#!/bin/sh
# Differential test: test/programs/string.S on s370 and on Hercules 3.13 (skipped without hercules).
exec python3 "${srcdir:-.}/test/programs/runprog.py" herc string
