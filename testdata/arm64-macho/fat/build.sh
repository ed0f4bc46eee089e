#!/usr/bin/env bash
# Rebuilds main.o (arm64e) and the universal archive libX.a (an arm64 and an arm64e slice,
# each an archive of x_<arch>.o) with Debian's LLVM 22 tools.
set -euo pipefail
cd "$(dirname "$0")"
llvm-mc-22 -triple=arm64e-apple-darwin -filetype=obj main.s -o main.o
for arch in arm64 arm64e; do
  llvm-mc-22 -triple=$arch-apple-darwin -filetype=obj x_$arch.s -o x_$arch.o
  rm -f libX.$arch.a
  llvm-ar-22 crs libX.$arch.a x_$arch.o
done
rm -f libX.a
llvm-lipo-22 --create --output libX.a libX.arm64.a libX.arm64e.a
rm -f libX.arm64.a libX.arm64e.a x_arm64.o x_arm64e.o
