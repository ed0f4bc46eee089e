#!/usr/bin/env bash
# Rebuilds every object in testdata/x86_64-macho/ from source with Debian's LLVM 22 tools
# (apt-get install llvm-22). The outputs are committed; tests do not need LLVM.
set -euo pipefail
cd "$(dirname "$0")"

MC="llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj"

# asm/: relocation and atom check files (see the RUN: lines in each .s and
# tests/macho_relocations.rs).
for s in asm/*.s; do
  case "$s" in
    # Compact unwind records only for a target OS version that has them.
    asm/compact_unwind*.s) ${MC/macosx/macosx11.0} "$s" -o "${s%.s}.o" ;;
    *) $MC "$s" -o "${s%.s}.o" ;;
  esac
done
