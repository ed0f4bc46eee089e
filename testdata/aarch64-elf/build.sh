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

# be/: big-endian (aarch64_be) objects: be.s's own checks, and in be/asm/ the asm/ check
# files assembled big-endian (tests/aarch64_elf_relocations.rs compares them with asm/'s).
BE="llvm-mc-22 -triple=aarch64_be-linux-gnu -filetype=obj"
$BE be/be.s -o be/be.o
mkdir -p be/asm
for s in asm/*.s; do
  if grep -q '^# RUN: rjitlink .*-check' "$s"; then
    n=$(basename "${s%.s}")
    $BE "$s" -o "be/asm/$n.o"
  fi
done
