# Local-exec thread-local storage with ADD: R_AARCH64_TLSLE_ADD_TPREL_HI12 (ADD with LSL #12,
# imm12 = TPREL >> 12 & 0xfff, 0 <= TPREL < 2^24), TLSLE_ADD_TPREL_LO12 (imm12 = TPREL, 0 <= TPREL <
# 2^12) and TLSLE_ADD_TPREL_LO12_NC (imm12 = TPREL & 0xfff, unchecked); TPREL = TPOFF(x) + A.
# rjitlink-only: llvm-jitlink-22 rejects them ("Unsupported aarch64 relocation:549:
# R_AARCH64_TLSLE_ADD_TPREL_HI12").
# The image (variant I): .tdata then .tbss, aligned to 16; with -noexec it follows the 16-byte TCB,
# so TPOFF(x) = align_up(16, 16) + DTPOFF(x) = 0x10 + DTPOFF(x):
#   DTPOFF   TPOFF    symbol
#   0x0      0x10     a_d8    .tdata (align 8) .xword 0x1122334455667788
#   0x8      0x18     a_d4    .tdata           .word 0xcafef00d
#   0x10     0x20     a_pad   .tbss (align 16) 0x12340 bytes
#   0x12350  0x12360  a_b16   .tbss            16 bytes
#   0x12360  0x12370  a_b8    .tbss            8 bytes
# The bounds of the checked kinds are in tls_le_bounds.s; one past them, tls_err_*.s.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_le.s -o tls_le.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_le.s tls_le.o

# rjitlink-check: dtpoff(a_d8) = 0
# rjitlink-check: dtpoff(a_d4) = 8
# rjitlink-check: dtpoff(a_pad) = 0x10
# rjitlink-check: dtpoff(a_b16) = 0x12350
# rjitlink-check: dtpoff(a_b8) = 0x12360
# rjitlink-check: tpoff(a_d8) = 0x10
# rjitlink-check: tpoff(a_d4) = 0x18
# rjitlink-check: tpoff(a_pad) = 0x20
# rjitlink-check: tpoff(a_b16) = 0x12360
# rjitlink-check: tpoff(a_b8) = 0x12370
# The template holds the initial values.
# rjitlink-check: a_d8 = section_addr(tls_le.o, .tdata)
# rjitlink-check: *{8}a_d8 = 0x1122334455667788
# rjitlink-check: *{4}a_d4 = 0xcafef00d

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# The usual sequence: mrs x0, tpidr_el0; add x0, x0, #:tprel_hi12:a_b16, lsl #12 (0x91400000);
# add x0, x0, #:tprel_lo12_nc:a_b16 (0x91000000): 0x12 and 0x360.
# rjitlink-check: *{4}le_mrs = 0xd53bd040
# rjitlink-check: *{4}le_hi = 0x91400000 | (tpoff(a_b16)[23:12] << 10)
# rjitlink-check: *{4}le_hi = 0x91404800
# rjitlink-check: decode_operand(le_hi, 2) = 0x12
# rjitlink-check: *{4}le_lo_nc = 0x91000000 | (tpoff(a_b16)[11:0] << 10)
# rjitlink-check: *{4}le_lo_nc = 0x910d8000
# rjitlink-check: decode_operand(le_lo_nc, 2) = 0x360
        .globl  le_mrs
        .type   le_mrs,@function
le_mrs:
        mrs     x0, tpidr_el0
        .size   le_mrs, 4
        .globl  le_hi
        .type   le_hi,@function
le_hi:
        add     x0, x0, #:tprel_hi12:a_b16, lsl #12
        .size   le_hi, 4
        .globl  le_lo_nc
        .type   le_lo_nc,@function
le_lo_nc:
        add     x0, x0, #:tprel_lo12_nc:a_b16
        .size   le_lo_nc, 4

# Other registers and an addend: add x3, x5, #:tprel_hi12:a_b8+0xc90, lsl #12 (0x914000a3) and
# add x3, x3, #:tprel_lo12_nc:a_b8+0xc90 (0x91000063): 0x12370 + 0xc90 = 0x13000, so 0x13 and 0.
# rjitlink-check: *{4}le_hi_add = 0x91404ca3
# rjitlink-check: *{4}le_lo_nc_add = 0x91000063
        .globl  le_hi_add
        .type   le_hi_add,@function
le_hi_add:
        add     x3, x5, #:tprel_hi12:a_b8+0xc90, lsl #12
        .size   le_hi_add, 4
        .globl  le_lo_nc_add
        .type   le_lo_nc_add,@function
le_lo_nc_add:
        add     x3, x3, #:tprel_lo12_nc:a_b8+0xc90
        .size   le_lo_nc_add, 4

# A .tdata variable below 4 KiB: add x1, x2, #:tprel_lo12:a_d4 (checked; 0x91000041) = 0x18, and the
# HI12 of it is 0 (add x1, x1, #:tprel_hi12:a_d4, lsl #12 = 0x91400021 unchanged).
# rjitlink-check: *{4}le_lo = 0x91000041 | (tpoff(a_d4) << 10)
# rjitlink-check: *{4}le_lo = 0x91006041
# rjitlink-check: *{4}le_hi_zero = 0x91400021
        .globl  le_lo
        .type   le_lo,@function
le_lo:
        add     x1, x2, #:tprel_lo12:a_d4
        .size   le_lo, 4
        .globl  le_hi_zero
        .type   le_hi_zero,@function
le_hi_zero:
        add     x1, x1, #:tprel_hi12:a_d4, lsl #12
        .size   le_hi_zero, 4

# 32-bit ADDs (0x11000000 / 0x11400000): add w4, w4, #:tprel_lo12:a_d8+0x7 = 0x17;
# add w6, w7, #:tprel_hi12:a_pad, lsl #12 = 0.
# rjitlink-check: *{4}le_lo_w = 0x11000084 | (0x17 << 10)
# rjitlink-check: *{4}le_hi_w = 0x114000e6
        .globl  le_lo_w
        .type   le_lo_w,@function
le_lo_w:
        add     w4, w4, #:tprel_lo12:a_d8+0x7
        .size   le_lo_w, 4
        .globl  le_hi_w
        .type   le_hi_w,@function
le_hi_w:
        add     w6, w7, #:tprel_hi12:a_pad, lsl #12
        .size   le_hi_w, 4

# LO12_NC is unchecked: a_pad + 0xfff0 = 0x10010 keeps only 0x010 (0x91000000 | 0x10 << 10).
# rjitlink-check: *{4}le_lo_nc_wrap = 0x91004000
        .globl  le_lo_nc_wrap
        .type   le_lo_nc_wrap,@function
le_lo_nc_wrap:
        add     x0, x0, #:tprel_lo12_nc:a_pad+0xfff0
        .size   le_lo_nc_wrap, 4

        .section .tdata,"awT",@progbits
        .p2align 3
        .globl  a_d8
        .type   a_d8,@object
a_d8:
        .xword  0x1122334455667788
        .size   a_d8, 8
        .globl  a_d4
        .type   a_d4,@object
a_d4:
        .word   0xcafef00d
        .size   a_d4, 4

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  a_pad
        .type   a_pad,@object
a_pad:
        .zero   0x12340
        .size   a_pad, 0x12340
        .globl  a_b16
        .type   a_b16,@object
a_b16:
        .zero   16
        .size   a_b16, 16
        .globl  a_b8
        .type   a_b8,@object
a_b8:
        .zero   8
        .size   a_b8, 8
