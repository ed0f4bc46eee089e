#!/usr/bin/env bash
# Rebuilds the objects that test how rjitlink runs programs (memory protections).
set -euo pipefail
cd "$(dirname "$0")"
clang-22 --target=x86_64-linux-gnu -O1 -c wx.c -o wx.o
clang-22 --target=x86_64-linux-gnu -O1 -c unwind.c -o unwind.o
# Hand-written unwind records of odd sizes, and a C++ program that throws past them.
llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj eh_odd.s -o eh_odd.o
clang++-22 --target=x86_64-linux-gnu -O1 -c eh_odd_main.cpp -o eh_odd_main.o
clang-22 --target=x86_64-linux-gnu -O1 -fPIE -c phdr.c -o phdr.o
