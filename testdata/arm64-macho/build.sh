#!/usr/bin/env bash
# Rebuilds every object in testdata/arm64-macho/ from source with Debian's LLVM 22 tools
# (apt-get install llvm-22). The outputs are committed; tests do not need LLVM.
set -euo pipefail
cd "$(dirname "$0")"

MC="llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj"

# asm/: relocation and atom check files (see the RUN: lines in each .s and
# tests/macho_relocations.rs).
for s in asm/*.s; do
  $MC "$s" -o "${s%.s}.o"
done
