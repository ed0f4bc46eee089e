#!/usr/bin/env bash
# Rebuilds the committed runtime objects from their C sources with Debian's clang-22: the
# objects are embedded in rjitlink (include_bytes!, see src/link/runtime.rs) and linked into
# images that need them; tests/runtime_objects.rs checks that they match these sources.
#   tls.c  -> tls-<arch>.o   TLS for executors without static TLS for JIT'd code
#   phdr.c -> phdr-<arch>.o  the link's own dl_iterate_phdr
set -euo pipefail
cd "$(dirname "$0")"
FLAGS=(-O2 -fPIC -g0 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector
  -fno-addrsig -ffreestanding -fno-builtin-memcpy -fno-builtin-memset -Wall -Werror)
for src in tls phdr; do
  clang-22 --target=x86_64-linux-gnu "${FLAGS[@]}" -c "$src.c" -o "$src-x86_64.o"
  clang-22 --target=aarch64-linux-gnu -mno-outline-atomics "${FLAGS[@]}" -c "$src.c" -o "$src-aarch64.o"
done
