#!/usr/bin/env bash
# Rebuilds the objects that test how rjitlink runs programs (memory protections).
set -euo pipefail
cd "$(dirname "$0")"
clang-22 --target=x86_64-linux-gnu -O1 -c wx.c -o wx.o
clang-22 --target=x86_64-linux-gnu -O1 -c unwind.c -o unwind.o
