#!/usr/bin/env bash
# Pathological inputs (tests/pathological.py): each refused with a located
# error or built, within a CPU-time limit, and in linear time.
cd "$(dirname "$0")/.." || exit 1
export TZ=UTC LC_ALL=C.UTF-8
BRIEF=${BRIEF:-generator/brief} exec python3 tests/pathological.py
