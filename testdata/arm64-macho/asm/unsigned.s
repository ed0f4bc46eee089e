# ARM64_RELOC_UNSIGNED: 64-bit (to a defined function, an -abs symbol, with addends in the
# content, and to a label in a symbol-less __TEXT,__const, which llvm-mc expresses against that
# section's ltmp start symbol) and 32-bit. The slab is below 4 GiB so 32-bit pointers fit.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj unsigned.s -o unsigned.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x40000000 -slab-page-size 4096 -abs _ext64=0x123456789abcdef0 -abs _ext32=0x87654321 -check unsigned.s unsigned.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        mov     w0, #0
        ret

        .globl  _func
_func:
        ret

        .section __DATA,__data
        .p2align 3
# jitlink-check: *{8}_p64_ext = _ext64
# jitlink-check: *{8}_p64_func = _func
# jitlink-check: *{8}_p64_addend = _func + 0x21
# jitlink-check: *{8}_p64_neg = _ext64 - 0x10
# jitlink-check: *{8}_p64_anon = section_addr(unsigned.o, __TEXT,__const) + 0x10
# jitlink-check: *{8}_p64_anon_addend = section_addr(unsigned.o, __TEXT,__const) + 0x15
        .globl  _p64_ext
_p64_ext:
        .quad   _ext64
        .globl  _p64_func
_p64_func:
        .quad   _func
        .globl  _p64_addend
_p64_addend:
        .quad   _func + 0x21
        .globl  _p64_neg
_p64_neg:
        .quad   _ext64 - 0x10
        .globl  _p64_anon
_p64_anon:
        .quad   Lanon
        .globl  _p64_anon_addend
_p64_anon_addend:
        .quad   Lanon + 5

# 32-bit, with guard words.
# jitlink-check: *{4}_p32_ext = _ext32
# jitlink-check: *{4}(_p32_ext + 4) = 0xdeadbeef
# jitlink-check: *{4}_p32_func = (_func + 2)[31:0]
# jitlink-check: *{4}(_p32_func + 4) = 0xfeedface
        .globl  _p32_ext
_p32_ext:
        .long   _ext32
        .long   0xdeadbeef
        .globl  _p32_func
_p32_func:
        .long   _func + 2
        .long   0xfeedface

        .section __TEXT,__const
        .p2align 4
        .quad   0x1111111111111111
        .quad   0x2222222222222222
Lanon:
        .quad   0x3333333333333333
