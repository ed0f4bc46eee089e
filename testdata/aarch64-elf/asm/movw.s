# R_AARCH64_MOVW_UABS_G3 (movz, lsl #48), G2_NC (movk, lsl #32), G1_NC (movk, lsl #16) and
# G0_NC (movk, no shift): the four 16-bit slices of S + A, building a 64-bit address.
# decode_operand: MOVZ's imm16 is operand 1, MOVK's is operand 2 (operand 1 is the tied source).
# abs_val has four different halfwords, so a slice taken from the wrong position fails; the
# second sequence materializes a defined symbol (in the slab) plus an addend.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj movw.s -o movw.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs abs_val=0x123456789abcdef0 -check movw.s movw.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# movz x0, #:abs_g3:abs_val (0xd2e00000), then movk x0 lsl 32 / 16 / 0 (0xf2c00000, 0xf2a00000,
# 0xf2800000).
# jitlink-check: decode_operand(mov_g3, 1) = abs_val[63:48]
# jitlink-check: *{4}mov_g3 = (abs_val[63:48] << 5) | 0xd2e00000
# jitlink-check: decode_operand(mov_g2, 2) = abs_val[47:32]
# jitlink-check: *{4}mov_g2 = (abs_val[47:32] << 5) | 0xf2c00000
# jitlink-check: decode_operand(mov_g1, 2) = abs_val[31:16]
# jitlink-check: *{4}mov_g1 = (abs_val[31:16] << 5) | 0xf2a00000
# jitlink-check: decode_operand(mov_g0, 2) = abs_val[15:0]
# jitlink-check: *{4}mov_g0 = (abs_val[15:0] << 5) | 0xf2800000
        .globl  mov_g3
        .type   mov_g3,@function
mov_g3:
        movz    x0, #:abs_g3:abs_val
        .size   mov_g3, 4
        .globl  mov_g2
        .type   mov_g2,@function
mov_g2:
        movk    x0, #:abs_g2_nc:abs_val
        .size   mov_g2, 4
        .globl  mov_g1
        .type   mov_g1,@function
mov_g1:
        movk    x0, #:abs_g1_nc:abs_val
        .size   mov_g1, 4
        .globl  mov_g0
        .type   mov_g0,@function
mov_g0:
        movk    x0, #:abs_g0_nc:abs_val
        .size   mov_g0, 4

# The same sequence for data_sym + 0x1234 into x5 (0xd2e00005, 0xf2c00005, 0xf2a00005,
# 0xf2800005): the addend is added before the slices are taken.
# jitlink-check: *{4}movd_g3 = ((data_sym + 0x1234)[63:48] << 5) | 0xd2e00005
# jitlink-check: *{4}movd_g2 = ((data_sym + 0x1234)[47:32] << 5) | 0xf2c00005
# jitlink-check: *{4}movd_g1 = ((data_sym + 0x1234)[31:16] << 5) | 0xf2a00005
# jitlink-check: *{4}movd_g0 = ((data_sym + 0x1234)[15:0] << 5) | 0xf2800005
# jitlink-check: decode_operand(movd_g1, 2) = (data_sym + 0x1234)[31:16]
# jitlink-check: decode_operand(movd_g0, 2) = (data_sym + 0x1234)[15:0]
        .globl  movd_g3
        .type   movd_g3,@function
movd_g3:
        movz    x5, #:abs_g3:data_sym+0x1234
        .size   movd_g3, 4
        .globl  movd_g2
        .type   movd_g2,@function
movd_g2:
        movk    x5, #:abs_g2_nc:data_sym+0x1234
        .size   movd_g2, 4
        .globl  movd_g1
        .type   movd_g1,@function
movd_g1:
        movk    x5, #:abs_g1_nc:data_sym+0x1234
        .size   movd_g1, 4
        .globl  movd_g0
        .type   movd_g0,@function
movd_g0:
        movk    x5, #:abs_g0_nc:data_sym+0x1234
        .size   movd_g0, 4

        .data
        .p2align 3
        .globl  data_sym
        .type   data_sym,@object
data_sym:
        .xword  42
        .size   data_sym, 8
