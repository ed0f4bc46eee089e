# Local-exec thread-local loads and stores: R_AARCH64_TLSLE_LDST{8,16,32,64,128}_TPREL_LO12 (imm12 =
# TPREL >> log2(size), 0 <= TPREL < 2^12 and TPREL a multiple of the access size) and their _NC forms
# (TPREL & 0xfff, unchecked range, alignment still checked), on integer and FP/SIMD LDR/STR
# (unsigned offset). TPREL = TPOFF(x) + A.
# rjitlink-only: llvm-jitlink-22 rejects them ("Unsupported aarch64 relocation:552:
# R_AARCH64_TLSLE_LDST8_TPREL_LO12").
# Each variable is aligned for its own access size but not for the next larger one, so a fixup
# that scales by the wrong size fails. The image is aligned to 16, so TPOFF = 0x10 + DTPOFF:
#   l_128 0x5b0, l_64 0x5c8, l_32 0x5d4, l_16 0x5da, l_8 0x5dd (all in .tbss after a 0x5a0-byte pad).
# The bounds are in tls_le_bounds.s; one past them, and misalignment, in tls_err_*.s.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_le_ldst.s -o tls_le_ldst.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_le_ldst.s tls_le_ldst.o

# rjitlink-check: tpoff(l_128) = 0x5b0
# rjitlink-check: tpoff(l_64) = 0x5c8
# rjitlink-check: tpoff(l_32) = 0x5d4
# rjitlink-check: tpoff(l_16) = 0x5da
# rjitlink-check: tpoff(l_8) = 0x5dd

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# LDST8: ldrb w1, [x0, #:tprel_lo12:l_8] (0x39400001), strb w2 (0x39000002), ldrsb x3 (0x39800003),
# ldr b4 (0x3d400004): unscaled, 0x5dd; and the _NC form, ldrb w5 with l_8 + 0x10000 (0x39400005):
# only the low 12 bits, 0x5dd again.
# rjitlink-check: *{4}ld8 = 0x39400001 | (tpoff(l_8) << 10)
# rjitlink-check: *{4}ld8 = 0x39577401
# rjitlink-check: decode_operand(ld8, 2) = 0x5dd
# rjitlink-check: *{4}st8 = 0x39177402
# rjitlink-check: *{4}ld8s = 0x39977403
# rjitlink-check: *{4}ld8fp = 0x3d577404
# rjitlink-check: *{4}ld8_nc = 0x39577405
        .globl  ld8
        .type   ld8,@function
ld8:
        ldrb    w1, [x0, #:tprel_lo12:l_8]
        .size   ld8, 4
        .globl  st8
        .type   st8,@function
st8:
        strb    w2, [x0, #:tprel_lo12:l_8]
        .size   st8, 4
        .globl  ld8s
        .type   ld8s,@function
ld8s:
        ldrsb   x3, [x0, #:tprel_lo12:l_8]
        .size   ld8s, 4
        .globl  ld8fp
        .type   ld8fp,@function
ld8fp:
        ldr     b4, [x0, #:tprel_lo12:l_8]
        .size   ld8fp, 4
        .globl  ld8_nc
        .type   ld8_nc,@function
ld8_nc:
        ldrb    w5, [x0, #:tprel_lo12_nc:l_8+0x10000]
        .size   ld8_nc, 4

# LDST16: ldrh w1 (0x79400001), strh w2 (0x79000002), ldr h3 (0x7d400003): 0x5da / 2 = 0x2ed;
# _NC: ldrsh w4 (0x79c00004) with l_16 + 0x3000 (low 12 bits 0x5da).
# rjitlink-check: *{4}ld16 = 0x79400001 | (tpoff(l_16)[11:1] << 10)
# rjitlink-check: *{4}ld16 = 0x794bb401
# rjitlink-check: decode_operand(ld16, 2) = 0x2ed
# rjitlink-check: *{4}st16 = 0x790bb402
# rjitlink-check: *{4}ld16fp = 0x7d4bb403
# rjitlink-check: *{4}ld16_nc = 0x79cbb404
        .globl  ld16
        .type   ld16,@function
ld16:
        ldrh    w1, [x0, #:tprel_lo12:l_16]
        .size   ld16, 4
        .globl  st16
        .type   st16,@function
st16:
        strh    w2, [x0, #:tprel_lo12:l_16]
        .size   st16, 4
        .globl  ld16fp
        .type   ld16fp,@function
ld16fp:
        ldr     h3, [x0, #:tprel_lo12:l_16]
        .size   ld16fp, 4
        .globl  ld16_nc
        .type   ld16_nc,@function
ld16_nc:
        ldrsh   w4, [x0, #:tprel_lo12_nc:l_16+0x3000]
        .size   ld16_nc, 4

# LDST32: ldr w1 (0xb9400001), ldrsw x2 (0xb9800002), str s3 (0xbd000003): 0x5d4 / 4 = 0x175;
# _NC: str w4 (0xb9000004) with l_32 + 0x1000.
# rjitlink-check: *{4}ld32 = 0xb9400001 | (tpoff(l_32)[11:2] << 10)
# rjitlink-check: *{4}ld32 = 0xb945d401
# rjitlink-check: decode_operand(ld32, 2) = 0x175
# rjitlink-check: *{4}ld32s = 0xb985d402
# rjitlink-check: *{4}st32fp = 0xbd05d403
# rjitlink-check: *{4}st32_nc = 0xb905d404
        .globl  ld32
        .type   ld32,@function
ld32:
        ldr     w1, [x0, #:tprel_lo12:l_32]
        .size   ld32, 4
        .globl  ld32s
        .type   ld32s,@function
ld32s:
        ldrsw   x2, [x0, #:tprel_lo12:l_32]
        .size   ld32s, 4
        .globl  st32fp
        .type   st32fp,@function
st32fp:
        str     s3, [x0, #:tprel_lo12:l_32]
        .size   st32fp, 4
        .globl  st32_nc
        .type   st32_nc,@function
st32_nc:
        str     w4, [x0, #:tprel_lo12_nc:l_32+0x1000]
        .size   st32_nc, 4

# LDST64: ldr x1 (0xf9400001), str x2 (0xf9000002), ldr d3 (0xfd400003): 0x5c8 / 8 = 0xb9; with an
# addend, ldr x4, l_64 + 8 (0x5d0 / 8 = 0xba); _NC: ldr x5 with l_64 + 0x7000.
# rjitlink-check: *{4}ld64 = 0xf9400001 | (tpoff(l_64)[11:3] << 10)
# rjitlink-check: *{4}ld64 = 0xf942e401
# rjitlink-check: decode_operand(ld64, 2) = 0xb9
# rjitlink-check: *{4}st64 = 0xf902e402
# rjitlink-check: *{4}ld64fp = 0xfd42e403
# rjitlink-check: *{4}ld64_add = 0xf942e804
# rjitlink-check: *{4}ld64_nc = 0xf942e405
        .globl  ld64
        .type   ld64,@function
ld64:
        ldr     x1, [x0, #:tprel_lo12:l_64]
        .size   ld64, 4
        .globl  st64
        .type   st64,@function
st64:
        str     x2, [x0, #:tprel_lo12:l_64]
        .size   st64, 4
        .globl  ld64fp
        .type   ld64fp,@function
ld64fp:
        ldr     d3, [x0, #:tprel_lo12:l_64]
        .size   ld64fp, 4
        .globl  ld64_add
        .type   ld64_add,@function
ld64_add:
        ldr     x4, [x0, #:tprel_lo12:l_64+8]
        .size   ld64_add, 4
        .globl  ld64_nc
        .type   ld64_nc,@function
ld64_nc:
        ldr     x5, [x0, #:tprel_lo12_nc:l_64+0x7000]
        .size   ld64_nc, 4

# LDST128: ldr q1 (0x3dc00001), str q2 (0x3d800002): 0x5b0 / 16 = 0x5b; _NC: ldr q3 with l_128 + 0x2000.
# rjitlink-check: *{4}ld128 = 0x3dc00001 | (tpoff(l_128)[11:4] << 10)
# rjitlink-check: *{4}ld128 = 0x3dc16c01
# rjitlink-check: decode_operand(ld128, 2) = 0x5b
# rjitlink-check: *{4}st128 = 0x3d816c02
# rjitlink-check: *{4}ld128_nc = 0x3dc16c03
        .globl  ld128
        .type   ld128,@function
ld128:
        ldr     q1, [x0, #:tprel_lo12:l_128]
        .size   ld128, 4
        .globl  st128
        .type   st128,@function
st128:
        str     q2, [x0, #:tprel_lo12:l_128]
        .size   st128, 4
        .globl  ld128_nc
        .type   ld128_nc,@function
ld128_nc:
        ldr     q3, [x0, #:tprel_lo12_nc:l_128+0x2000]
        .size   ld128_nc, 4

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  l_pad
        .type   l_pad,@object
l_pad:
        .zero   0x5a0
        .size   l_pad, 0x5a0
        .globl  l_128
        .type   l_128,@object
l_128:
        .zero   16
        .size   l_128, 16
        .zero   8
        .globl  l_64
        .type   l_64,@object
l_64:
        .zero   8
        .size   l_64, 8
        .zero   4
        .globl  l_32
        .type   l_32,@object
l_32:
        .zero   4
        .size   l_32, 4
        .zero   2
        .globl  l_16
        .type   l_16,@object
l_16:
        .zero   2
        .size   l_16, 2
        .zero   1
        .globl  l_8
        .type   l_8,@object
l_8:
        .zero   1
        .size   l_8, 1
