#!/usr/bin/env bash
# Rebuilds every committed test object from its source with Debian's LLVM 22 tools
# (apt-get install llvm-22 clang-22 lld-22). Each target/kind directory has its own build.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for script in "$here"/*/build.sh; do
  echo "== ${script#$here/}"
  bash "$script"
done
