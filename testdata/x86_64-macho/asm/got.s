# X86_64_RELOC_GOT_LOAD (movq sym@GOTPCREL(%rip), %reg) and X86_64_RELOC_GOT (any other use of
# sym@GOTPCREL, in an instruction or in data).
#   - GOT_LOAD to a symbol defined in the link is relaxed: 48 8b -> 48 8d (leaq sym(%rip)).
#   - GOT_LOAD to a far -abs symbol stays a load from its 8-byte GOT entry in $__GOT.
#   - GOT (cmpq, and .long sym@GOTPCREL in data) is never relaxed: rel32 to the GOT entry,
#     relative to the end of the 4-byte field.
#
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj got.s -o got.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs _ext_far=0x123456789000 -check got.s got.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        xorl    %eax, %eax
        retq

# movq _data@GOTPCREL(%rip), %rax -> leaq _data(%rip), %rax.
# jitlink-check: *{2}_load_def = 0x8d48
# jitlink-check: *{1}(_load_def + 2) = 0x05
# jitlink-check: *{4}(_load_def + 3) = (_data - (_load_def + 7))[31:0]
        .globl  _load_def
_load_def:
        movq    _data@GOTPCREL(%rip), %rax

# movq _ext_far@GOTPCREL(%rip), %rcx: stays 48 8b 0d, through the GOT.
# jitlink-check: *{2}_load_ext = 0x8b48
# jitlink-check: *{1}(_load_ext + 2) = 0x0d
# jitlink-check: *{4}(_load_ext + 3) = (got_addr(got.o, _ext_far) - (_load_ext + 7))[31:0]
# jitlink-check: *{8}got_addr(got.o, _ext_far) = _ext_far
        .globl  _load_ext
_load_ext:
        movq    _ext_far@GOTPCREL(%rip), %rcx

# cmpq _data@GOTPCREL(%rip), %rax (GOT): 48 3b 05, to _data's GOT entry.
# jitlink-check: *{2}_cmp_got = 0x3b48
# jitlink-check: *{4}(_cmp_got + 3) = (got_addr(got.o, _data) - (_cmp_got + 7))[31:0]
# jitlink-check: *{8}got_addr(got.o, _data) = _data
        .globl  _cmp_got
_cmp_got:
        cmpq    _data@GOTPCREL(%rip), %rax
        retq

        .section __DATA,__data
        .p2align 3
        .globl  _data
_data:
        .quad   42

# .long _ext_far@GOTPCREL (GOT in data): GOT entry - (P + 4).
# jitlink-check: *{4}_got_ref = (got_addr(got.o, _ext_far) - (_got_ref + 4))[31:0]
# jitlink-check: *{4}(_got_ref + 4) = 0x600df00d
        .globl  _got_ref
_got_ref:
        .long   _ext_far@GOTPCREL
        .long   0x600df00d
