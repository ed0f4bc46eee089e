#!/usr/bin/env bash
# Rebuilds the committed TLS runtime objects from runtime.c with Debian's clang-22. The objects
# are embedded in rjitlink (include_bytes!) and linked into images whose executor has no static
# TLS for JIT'd code; tests/tls_runtime.rs checks that they match this source.
set -euo pipefail
cd "$(dirname "$0")"
FLAGS=(-O2 -fPIC -g0 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector
  -fno-addrsig -ffreestanding -fno-builtin-memcpy -fno-builtin-memset -Wall -Werror)
clang-22 --target=x86_64-linux-gnu "${FLAGS[@]}" -c runtime.c -o x86_64.o
clang-22 --target=aarch64-linux-gnu -mno-outline-atomics "${FLAGS[@]}" -c runtime.c -o aarch64.o
