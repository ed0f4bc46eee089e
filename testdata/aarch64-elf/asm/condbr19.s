# R_AARCH64_CONDBR19: b.cond, cbz and cbnz (32- and 64-bit) to defined labels, forwards and
# backwards: imm19 (bits 23:5) = (S + A - P) >> 2, ±1 MiB.
#
# decode_operand: operand 1 of B.cond (operand 0 is the condition) and of CBZ/CBNZ (operand 0 is
# the register) is the signed offset in instructions. The whole word is also checked (opcode,
# condition and register bits survive).
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj condbr19.s -o condbr19.o
# RUN: rjitlink -noexec -slab-allocate 1Mb -slab-address 0x7fff00000000 -slab-page-size 4096 -check condbr19.s condbr19.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

        .globl  target_back
        .type   target_back,@function
target_back:
        ret
        .size   target_back, .-target_back

        .space  0x2a54

# b.ne target_fwd: 0x54000001 (cond NE = 1).
# jitlink-check: decode_operand(bcond_fwd, 1)[18:0] = ((target_fwd - bcond_fwd) >> 2)[18:0]
# jitlink-check: *{4}bcond_fwd = (((target_fwd - bcond_fwd) >> 2)[18:0] << 5) | 0x54000001
        .globl  bcond_fwd
        .type   bcond_fwd,@function
bcond_fwd:
        b.ne    target_fwd
        .size   bcond_fwd, 4

# b.gt target_back: 0x5400000c (cond GT = 12), backwards.
# jitlink-check: decode_operand(bcond_back, 1)[18:0] = ((target_back - bcond_back) >> 2)[18:0]
# jitlink-check: *{4}bcond_back = (((target_back - bcond_back) >> 2)[18:0] << 5) | 0x5400000c
        .globl  bcond_back
        .type   bcond_back,@function
bcond_back:
        b.gt    target_back
        .size   bcond_back, 4

# cbz x3, target_back: 0xb4000003.
# jitlink-check: decode_operand(cbz_back, 1)[18:0] = ((target_back - cbz_back) >> 2)[18:0]
# jitlink-check: *{4}cbz_back = (((target_back - cbz_back) >> 2)[18:0] << 5) | 0xb4000003
        .globl  cbz_back
        .type   cbz_back,@function
cbz_back:
        cbz     x3, target_back
        .size   cbz_back, 4

# cbnz w4, target_fwd+4: 0x35000004; the addend counts.
# jitlink-check: decode_operand(cbnz_fwd, 1)[18:0] = (((target_fwd + 4) - cbnz_fwd) >> 2)[18:0]
# jitlink-check: *{4}cbnz_fwd = ((((target_fwd + 4) - cbnz_fwd) >> 2)[18:0] << 5) | 0x35000004
        .globl  cbnz_fwd
        .type   cbnz_fwd,@function
cbnz_fwd:
        cbnz    w4, target_fwd+4
        .size   cbnz_fwd, 4

        .space  0x51c4

        .globl  target_fwd
        .type   target_fwd,@function
target_fwd:
        nop
        ret
        .size   target_fwd, .-target_fwd
