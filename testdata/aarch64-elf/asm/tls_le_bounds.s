# The range-checked local-exec kinds at exactly their in-range bounds, with a real layout (a 16 MiB
# .tbss costs nothing: it takes no room in the slab): TLSLE_ADD_TPREL_LO12 and LDST8 at TPREL 0xfff,
# LDST16/32/64/128 at the last aligned offset below 4 KiB (0xffe, 0xffc, 0xff8, 0xff0),
# TLSLE_ADD_TPREL_HI12 at 0xffffff (2^24 - 1), and all of them at 0 (an addend of -0x10 on the
# image's first byte, whose TPOFF is 0x10); TLSLD_ADD_DTPREL_HI12 at DTPREL 0xffffff and 0.
# One past each bound fails the link: tls_err_*.s.
# rjitlink-only: llvm-jitlink-22 rejects them ("Unsupported aarch64 relocation:550:
# R_AARCH64_TLSLE_ADD_TPREL_LO12").
# The image is aligned to 16, so TPOFF = 0x10 + DTPOFF:
#   b_pad 0x10, b_128 0xff0, b_64 0xff8, b_32 0xffc, b_16 0xffe, b_8 0xfff, b_pad2 0x1000,
#   b_hi 0xffffff (DTPOFF 0xffffef).
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_le_bounds.s -o tls_le_bounds.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_le_bounds.s tls_le_bounds.o

# rjitlink-check: tpoff(b_pad) = 0x10
# rjitlink-check: tpoff(b_128) = 0xff0
# rjitlink-check: tpoff(b_64) = 0xff8
# rjitlink-check: tpoff(b_32) = 0xffc
# rjitlink-check: tpoff(b_16) = 0xffe
# rjitlink-check: tpoff(b_8) = 0xfff
# rjitlink-check: tpoff(b_pad2) = 0x1000
# rjitlink-check: tpoff(b_hi) = 0xffffff
# rjitlink-check: dtpoff(b_hi) = 0xffffef

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# ADD_TPREL_LO12 at 0xfff and at 0; ADD_TPREL_HI12 at 0xffffff (imm12 0xfff) and at 0;
# ADD_TPREL_LO12_NC at 0xffffff (0xfff).
# rjitlink-check: *{4}add_lo_max = 0x913ffc00
# rjitlink-check: *{4}add_lo_min = 0x91000021
# rjitlink-check: *{4}add_hi_max = 0x917ffc42
# rjitlink-check: *{4}add_hi_min = 0x91400063
# rjitlink-check: *{4}add_lo_nc_hi = 0x913ffc84
        .globl  add_lo_max
        .type   add_lo_max,@function
add_lo_max:
        add     x0, x0, #:tprel_lo12:b_8
        .size   add_lo_max, 4
        .globl  add_lo_min
        .type   add_lo_min,@function
add_lo_min:
        add     x1, x1, #:tprel_lo12:b_pad-0x10
        .size   add_lo_min, 4
        .globl  add_hi_max
        .type   add_hi_max,@function
add_hi_max:
        add     x2, x2, #:tprel_hi12:b_hi, lsl #12
        .size   add_hi_max, 4
        .globl  add_hi_min
        .type   add_hi_min,@function
add_hi_min:
        add     x3, x3, #:tprel_hi12:b_pad-0x10, lsl #12
        .size   add_hi_min, 4
        .globl  add_lo_nc_hi
        .type   add_lo_nc_hi,@function
add_lo_nc_hi:
        add     x4, x4, #:tprel_lo12_nc:b_hi
        .size   add_lo_nc_hi, 4

# LDSTn_TPREL_LO12 at the last aligned offset below 4 KiB, and LDST8 at 0.
# rjitlink-check: *{4}ldst8_max = 0x397ffc05
# rjitlink-check: *{4}ldst16_max = 0x795ffc06
# rjitlink-check: *{4}ldst32_max = 0xb94ffc07
# rjitlink-check: *{4}ldst64_max = 0xf947fc08
# rjitlink-check: *{4}ldst128_max = 0x3dc3fc09
# rjitlink-check: *{4}ldst8_min = 0x3940000a
        .globl  ldst8_max
        .type   ldst8_max,@function
ldst8_max:
        ldrb    w5, [x0, #:tprel_lo12:b_8]
        .size   ldst8_max, 4
        .globl  ldst16_max
        .type   ldst16_max,@function
ldst16_max:
        ldrh    w6, [x0, #:tprel_lo12:b_16]
        .size   ldst16_max, 4
        .globl  ldst32_max
        .type   ldst32_max,@function
ldst32_max:
        ldr     w7, [x0, #:tprel_lo12:b_32]
        .size   ldst32_max, 4
        .globl  ldst64_max
        .type   ldst64_max,@function
ldst64_max:
        ldr     x8, [x0, #:tprel_lo12:b_64]
        .size   ldst64_max, 4
        .globl  ldst128_max
        .type   ldst128_max,@function
ldst128_max:
        ldr     q9, [x0, #:tprel_lo12:b_128]
        .size   ldst128_max, 4
        .globl  ldst8_min
        .type   ldst8_min,@function
ldst8_min:
        ldrb    w10, [x0, #:tprel_lo12:b_pad-0x10]
        .size   ldst8_min, 4

# TLSLD_ADD_DTPREL_HI12 (DTPREL = DTPOFF + A, 0 <= DTPREL < 2^24) at 0xffffef + 0x10 and at 0.
# rjitlink-check: *{4}dtp_hi_max = 0x917ffd6b
# rjitlink-check: *{4}dtp_hi_min = 0x9140018c
        .globl  dtp_hi_max
        .type   dtp_hi_max,@function
dtp_hi_max:
        add     x11, x11, #:dtprel_hi12:b_hi+0x10, lsl #12
        .size   dtp_hi_max, 4
        .globl  dtp_hi_min
        .type   dtp_hi_min,@function
dtp_hi_min:
        add     x12, x12, #:dtprel_hi12:b_pad, lsl #12
        .size   dtp_hi_min, 4

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  b_pad
        .type   b_pad,@object
b_pad:
        .zero   0xfe0
        .size   b_pad, 0xfe0
        .globl  b_128
        .type   b_128,@object
b_128:
        .zero   8
        .size   b_128, 8
        .globl  b_64
        .type   b_64,@object
b_64:
        .zero   4
        .size   b_64, 4
        .globl  b_32
        .type   b_32,@object
b_32:
        .zero   2
        .size   b_32, 2
        .globl  b_16
        .type   b_16,@object
b_16:
        .zero   1
        .size   b_16, 1
        .globl  b_8
        .type   b_8,@object
b_8:
        .zero   1
        .size   b_8, 1
        .globl  b_pad2
        .type   b_pad2,@object
b_pad2:
        .zero   0xffefff
        .size   b_pad2, 0xffefff
        .globl  b_hi
        .type   b_hi,@object
b_hi:
        .zero   1
        .size   b_hi, 1
