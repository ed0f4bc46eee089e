#!/usr/bin/env bash
# Rebuilds the objects of testdata/x86_64-macho/compact_unwind/ (hand-written __compact_unwind
# records, each file's first line says what it is for; tests/compact_unwind.rs) with Debian's
# LLVM 22 tools (apt-get install llvm-22). The outputs are committed; tests do not need LLVM.
set -euo pipefail
cd "$(dirname "$0")"
for s in *.s; do
  llvm-mc-22 -triple=x86_64-apple-macosx11.0 -filetype=obj "$s" -o "${s%.s}.o"
done
