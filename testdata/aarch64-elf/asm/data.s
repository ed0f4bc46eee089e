# Data relocations: R_AARCH64_ABS64 (.xword S + A), R_AARCH64_ABS32 (.word S + A, must fit in
# 32 bits unsigned), R_AARCH64_PREL64 (.xword S + A - P), R_AARCH64_PREL32 (.word S + A - P,
# signed 32 bits). Targets: a defined function, defined data (another segment), -abs symbols.
# The 8-byte words next to each 4-byte field are checked too, so a fixup that writes too wide
# (or at the wrong offset) fails.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj data.s -o data.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext64=0x123456789abcdef0 -abs ext32=0x87654321 -check data.s data.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

        .globl  func
        .type   func,@function
func:
        ret
        .size   func, .-func

        .data
        .p2align 3
# ABS64.
# jitlink-check: *{8}abs64_ext = ext64
# jitlink-check: *{8}abs64_func = func
# jitlink-check: *{8}abs64_addend = main + 0x10
# jitlink-check: *{8}abs64_neg = ext64 - 0x10
        .globl  abs64_ext
        .type   abs64_ext,@object
abs64_ext:
        .xword  ext64
        .size   abs64_ext, 8
        .globl  abs64_func
        .type   abs64_func,@object
abs64_func:
        .xword  func
        .size   abs64_func, 8
        .globl  abs64_addend
        .type   abs64_addend,@object
abs64_addend:
        .xword  main + 0x10
        .size   abs64_addend, 8
        .globl  abs64_neg
        .type   abs64_neg,@object
abs64_neg:
        .xword  ext64 - 0x10
        .size   abs64_neg, 8

# ABS32, with guard words around it.
# jitlink-check: *{4}abs32_ext = ext32
# jitlink-check: *{4}(abs32_ext + 4) = 0xdeadbeef
# jitlink-check: *{4}abs32_addend = ext32 + 0x100
# jitlink-check: *{4}(abs32_addend + 4) = 0xfeedface
        .globl  abs32_ext
        .type   abs32_ext,@object
abs32_ext:
        .word   ext32
        .word   0xdeadbeef
        .size   abs32_ext, 8
        .globl  abs32_addend
        .type   abs32_addend,@object
abs32_addend:
        .word   ext32 + 0x100
        .word   0xfeedface
        .size   abs32_addend, 8

# PREL64: from .data to .text (negative) and to an -abs symbol.
# jitlink-check: *{8}prel64_func = func - prel64_func
# jitlink-check: *{8}prel64_ext = ext64 - prel64_ext
# jitlink-check: *{8}prel64_addend = (func + 0x20) - prel64_addend
        .globl  prel64_func
        .type   prel64_func,@object
prel64_func:
        .xword  func - .
        .size   prel64_func, 8
        .globl  prel64_ext
        .type   prel64_ext,@object
prel64_ext:
        .xword  ext64 - .
        .size   prel64_ext, 8
        .globl  prel64_addend
        .type   prel64_addend,@object
prel64_addend:
        .xword  func + 0x20 - .
        .size   prel64_addend, 8

# PREL32: backwards into .text, to .rodata (another section), and with an addend.
# jitlink-check: *{4}prel32_func = (func - prel32_func)[31:0]
# jitlink-check: *{4}(prel32_func + 4) = 0xcafef00d
# jitlink-check: *{4}prel32_fwd = (later - prel32_fwd)[31:0]
# jitlink-check: *{4}prel32_addend = ((func + 4) - prel32_addend)[31:0]
        .globl  prel32_func
        .type   prel32_func,@object
prel32_func:
        .word   func - .
        .word   0xcafef00d
        .size   prel32_func, 8
        .globl  prel32_fwd
        .type   prel32_fwd,@object
prel32_fwd:
        .word   later - .
        .size   prel32_fwd, 4
        .globl  prel32_addend
        .type   prel32_addend,@object
prel32_addend:
        .word   func + 4 - .
        .size   prel32_addend, 4

        .section .rodata,"a",@progbits
        .space  0x123
        .globl  later
        .type   later,@object
later:
        .byte   7
        .size   later, 1
