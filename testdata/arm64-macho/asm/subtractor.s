# ARM64_RELOC_SUBTRACTOR + ARM64_RELOC_UNSIGNED pairs, 64- and 32-bit: a Delta when the
# subtrahend B is the block being fixed up, a NegDelta when the minuend A is.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj subtractor.s -o subtractor.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check subtractor.s subtractor.o

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
# jitlink-check: *{8}_d64 = _func - _d64
# jitlink-check: *{8}_d64_addend = (_func + 0x40) - _d64_addend
# jitlink-check: *{8}_nd64 = _nd64 - _func
# jitlink-check: *{8}_d64_data = _other - _d64_data
        .globl  _d64
_d64:
        .quad   _func - _d64
        .globl  _d64_addend
_d64_addend:
        .quad   _func - _d64_addend + 0x40
        .globl  _nd64
_nd64:
        .quad   _nd64 - _func
        .globl  _d64_data
_d64_data:
        .quad   _other - _d64_data

# jitlink-check: *{4}_d32 = (_func - _d32)[31:0]
# jitlink-check: *{4}(_d32 + 4) = 0xa5a5a5a5
# jitlink-check: *{4}_nd32 = (_nd32 - (_func + 8))[31:0]
# jitlink-check: *{4}(_nd32 + 4) = 0x5a5a5a5a
        .globl  _d32
_d32:
        .long   _func - _d32
        .long   0xa5a5a5a5
        .globl  _nd32
_nd32:
        .long   _nd32 - _func - 8
        .long   0x5a5a5a5a

        .globl  _other
_other:
        .quad   7

.subsections_via_symbols
