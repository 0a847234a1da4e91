#!/bin/sh
# Run test/programs/loadbr.S on s370 and check it against the Principles of Operation.
exec python3 "${srcdir:-.}/test/programs/runprog.py" s370 loadbr
