#!/usr/bin/env bash
# Rebuilds every object in testdata/aarch64-elf/ from source with Debian's LLVM 22 tools
# (apt-get install llvm-22). The outputs are committed; tests do not need LLVM.
set -euo pipefail
cd "$(dirname "$0")"

MC="llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj"

# asm/: relocation check files (see the RUN: lines in each .s and tests/aarch64_elf_relocations.rs).
# errors/: inputs that must be rejected with a one-line error.
for dir in asm errors; do
  for s in "$dir"/*.s; do
    $MC "$s" -o "${s%.s}.o"
  done
done
