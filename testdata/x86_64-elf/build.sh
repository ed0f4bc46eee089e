#!/usr/bin/env bash
# Rebuilds every object and archive in testdata/x86_64-elf/ from source with Debian's LLVM 22 tools
# (apt-get install llvm-22 clang-22 lld-22). The outputs are committed; tests do not need LLVM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# elfpatch.py (objects patched where assemblers will not write what a test needs) is imported
# from here; no bytecode is left beside it.
export PYTHONDONTWRITEBYTECODE=1

MC="llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj"
# -fPIC: the JIT'd code lives at arbitrary addresses. No unwind tables keeps the objects small and
# free of .eh_frame, which these tests are not about.
CC="clang-22 -target x86_64-unknown-linux-gnu -c -O1 -fPIC -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-addrsig"
AR="llvm-ar-22 rcs"

# asm/: relocation check files (see the RUN: lines in each .s).
cd "$here/asm"
for s in *.s; do
  $MC "$s" -o "${s%.s}.o"
done
# parallel_relocs_bad.o: parallel_relocs.s with its two bad relocations (tests/errors.rs).
$MC --defsym BAD=1 parallel_relocs.s -o parallel_relocs_bad.o
# parallel_symbols_bad.o: parallel_symbols.o with loc100 and loc30000 moved past the end of
# .text (in the first and the second parallel run of the reader; tests/errors.rs).
PYTHONPATH=$here python3 - <<'PY'
from elfpatch import Elf
elf = Elf('parallel_symbols.o')
elf.set_symbol_values({b'loc100', b'loc30000'}, 0x7fff0000)
elf.save('parallel_symbols_bad.o')
PY

# symbols/: programs for the symbol rules (see tests/symbols.rs).
cd "$here/symbols"
for c in *.c; do
  case "$c" in
    common_*.c) $CC -fcommon "$c" -o "${c%.c}.o" ;;
    *) $CC "$c" -o "${c%.c}.o" ;;
  esac
done
for s in *.s; do
  $MC "$s" -o "${s%.s}.o"
done
# Names that are not UTF-8 or hold control characters: patched into the string tables (names of
# the same length), since assemblers will not write them.
python3 - <<'PY'
def patch(path, pairs):
    data = open(path, 'rb').read()
    for a, b in pairs:
        assert len(a) == len(b) and data.count(a) == 1, (path, a)
        data = data.replace(a, b)
    open(path, 'wb').write(data)
patch('bytes_names.o', [(b'fooA1\0', b'foo\xff1\0'), (b'fooB1\0', b'foo\xfe1\0')])
patch('control_name.o', [(b'badXnameY\0', b'bad\nname\xff\0')])
PY
rm -f liblazy.a liball.a liba.a libb.a
$AR liblazy.a ar_used.o ar_extra.o ar_ctor.o
$AR liball.a ar_used.o ar_extra.o
$AR liba.a ord_a.o
$AR libb.a ord_b.o

# errors/: inputs that must be rejected with a one-line error (see tests/errors.rs).
cd "$here/errors"
for s in *.s; do
  $MC "$s" -o "${s%.s}.o"
done
# truncated.o: the first 100 bytes of a valid object (the ELF header is 64 bytes, the section
# headers are cut off).
head -c 100 valid.o > truncated.o
# corrupt.o: a valid ELF header and section table, but the sh_offset of sections 1 (.strtab) and
# 2 (.text), at e_shoff + 64 * index + 0x18, is set to 0xffff0000, far past the end of the file.
cp valid.o corrupt.o
shoff=$(od -An -t u8 -j 40 -N 8 valid.o | tr -d ' ')
for idx in 1 2; do
  printf '\x00\x00\xff\xff\x00\x00\x00\x00' | dd of=corrupt.o bs=1 seek=$((shoff + 64 * idx + 0x18)) conv=notrunc status=none
done
# reloc_past_4gib.o / reloc_below_4gib.o: .big of reloc_past_4gib.s made a NOBITS section of
# 4 GiB + 16 bytes, its one relocation moved to offset 0x100000000 / 0xffffffff.
PYTHONPATH=$here python3 - <<'PY'
import struct
from elfpatch import Elf
def make(dst, r_offset):
    elf = Elf('reloc_past_4gib.o')
    big = elf.section(b'.big')
    rela = next(i for i, s in enumerate(elf.sections) if s[1] == 4 and s[7] == big)
    assert elf.sections[rela][5] == 24
    struct.pack_into('<I', elf.data, elf.header(big) + 4, 8)  # sh_type = SHT_NOBITS
    struct.pack_into('<Q', elf.data, elf.header(big) + 0x20, 0x100000010)  # sh_size
    struct.pack_into('<Q', elf.data, elf.sections[rela][4], r_offset)  # the entry's r_offset
    elf.save(dst)
make('reloc_below_4gib.o', 0xffffffff)
make('reloc_past_4gib.o', 0x100000000)
PY
# common_align_{2g,4g,odd}.o: common_align.o with the alignment of its common symbol set.
PYTHONPATH=$here python3 - <<'PY'
from elfpatch import Elf
for dst, value in [('common_align_2g.o', 0x80000000), ('common_align_4g.o', 0x100000000),
                   ('common_align_odd.o', 0xffffffff)]:
    elf = Elf('common_align.o')
    elf.set_symbol_values({b'bigalign'}, value)
    elf.save(dst)
PY
# not_an_object.o: plain text with an object's name.
printf 'this is not an ELF object\n' > not_an_object.o
