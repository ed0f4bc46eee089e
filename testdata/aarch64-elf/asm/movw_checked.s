# R_AARCH64_MOVW_UABS_G2 (movz, lsl #32), G1 (movk, lsl #16), G0 (movk): the checked forms, whose
# S + A must fit 48, 32 and 16 unsigned bits. abs48 is a 48-bit value; abs32 and abs16 are the
# largest values G1 and G0 take. (tests/aarch64_elf_relocations.rs: one more is an error.)
# llvm-jitlink-22 rejects these relocation types (unsupported); rjitlink-only checks.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj movw_checked.s -o movw_checked.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs abs48=0x9abcdef01234 -abs abs32=0xffffffff -abs abs16=0xffff -check movw_checked.s movw_checked.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# jitlink-check: *{4}mov_g2 = (abs48[47:32] << 5) | 0xd2c00000
# jitlink-check: *{4}mov_g1 = (abs32[31:16] << 5) | 0xf2a00000
# jitlink-check: *{4}mov_g0 = (abs16[15:0] << 5) | 0xf2800000
        .globl  mov_g2
        .type   mov_g2,@function
mov_g2:
        movz    x0, #:abs_g2:abs48
        .size   mov_g2, 4
        .globl  mov_g1
        .type   mov_g1,@function
mov_g1:
        movk    x0, #:abs_g1:abs32
        .size   mov_g1, 4
        .globl  mov_g0
        .type   mov_g0,@function
mov_g0:
        movk    x0, #:abs_g0:abs16
        .size   mov_g0, 4
