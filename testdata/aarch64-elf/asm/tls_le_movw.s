# Local-exec thread-local storage with MOVZ/MOVN/MOVK: R_AARCH64_TLSLE_MOVW_TPREL_G2, G1, G0 (checked:
# -2^48 <= TPREL < 2^48, -2^32 <= TPREL < 2^32, -2^16 <= TPREL < 2^16; bits 47..32, 31..16, 15..0; the
# linker writes MOVZ, or MOVN of the inverted bits when TPREL < 0, whatever the assembler wrote:
# llvm-mc emits MOVN) and G1_NC, G0_NC (MOVK, unchecked, the instruction kept). TPREL = TPOFF(x) + A.
# rjitlink-only: llvm-jitlink-22 rejects them ("Unsupported aarch64 relocation:544:
# R_AARCH64_TLSLE_MOVW_TPREL_G2").
# The image is aligned to 64, so with -noexec it starts at align_up(16, 64) = 0x40 past the thread
# pointer: m_a (DTPOFF 0, TPOFF 0x40), m_pad (0x10 bytes in, 0x12340 bytes), m_b (DTPOFF 0x12350,
# TPOFF 0x12390). The checked kinds are tested here at their exact bounds (with addends); one past
# them fails the link (tls_err_movw_*.s).
# Encodings (64-bit): MOVN 0x92800000, MOVZ 0xd2800000, MOVK 0xf2800000, hw (LSL/16) at bit 21,
# imm16 at bit 5; 32-bit: 0x12800000, 0x52800000.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_le_movw.s -o tls_le_movw.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_le_movw.s tls_le_movw.o

# rjitlink-check: tpoff(m_a) = 0x40
# rjitlink-check: tpoff(m_pad) = 0x50
# rjitlink-check: tpoff(m_b) = 0x12390
# rjitlink-check: tpoff(m_b) = dtpoff(m_b) + 0x40

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# movz x0, #:tprel_g2:m_b; movk x0, #:tprel_g1_nc:m_b; movk x0, #:tprel_g0_nc:m_b: 0, 0x1, 0x2390.
# rjitlink-check: *{4}mw_g2 = 0xd2c00000
# rjitlink-check: *{4}mw_g1_nc = 0xf2a00000 | (tpoff(m_b)[31:16] << 5)
# rjitlink-check: *{4}mw_g1_nc = 0xf2a00020
# rjitlink-check: decode_operand(mw_g1_nc, 2) = 1
# rjitlink-check: *{4}mw_g0_nc = 0xf2800000 | (tpoff(m_b)[15:0] << 5)
# rjitlink-check: *{4}mw_g0_nc = 0xf2847200
# rjitlink-check: decode_operand(mw_g0_nc, 2) = 0x2390
        .globl  mw_g2
        .type   mw_g2,@function
mw_g2:
        movz    x0, #:tprel_g2:m_b
        .size   mw_g2, 4
        .globl  mw_g1_nc
        .type   mw_g1_nc,@function
mw_g1_nc:
        movk    x0, #:tprel_g1_nc:m_b
        .size   mw_g1_nc, 4
        .globl  mw_g0_nc
        .type   mw_g0_nc,@function
mw_g0_nc:
        movk    x0, #:tprel_g0_nc:m_b
        .size   mw_g0_nc, 4

# movz x1, #:tprel_g1:m_b (MOVZ, LSL #16, 1); movk x1, #:tprel_g0_nc:m_b.
# rjitlink-check: *{4}mw_g1 = 0xd2a00021
# rjitlink-check: decode_operand(mw_g1, 1) = 1
# rjitlink-check: *{4}mw_g1_lo = 0xf2847201
        .globl  mw_g1
        .type   mw_g1,@function
mw_g1:
        movz    x1, #:tprel_g1:m_b
        .size   mw_g1, 4
        .globl  mw_g1_lo
        .type   mw_g1_lo,@function
mw_g1_lo:
        movk    x1, #:tprel_g0_nc:m_b
        .size   mw_g1_lo, 4

# movz x2, #:tprel_g0:m_a: MOVZ 0x40.
# rjitlink-check: *{4}mw_g0 = 0xd2800000 | (tpoff(m_a) << 5) | 2
# rjitlink-check: *{4}mw_g0 = 0xd2800802
        .globl  mw_g0
        .type   mw_g0,@function
mw_g0:
        movz    x2, #:tprel_g0:m_a
        .size   mw_g0, 4

# Negative: m_a - 0x100000 = -0xfffc0 (0xfffffffffff00040). G1: MOVN x3, #0xf, LSL #16 (bits 31..16
# of ~value = 0xfffbf); G0_NC: MOVK x3, #0x0040. Together: ~0xf0000 with the low half 0x0040.
# rjitlink-check: *{4}mw_g1_neg = 0x92a001e3
# rjitlink-check: *{4}mw_g0_nc_neg = 0xf2800803
        .globl  mw_g1_neg
        .type   mw_g1_neg,@function
mw_g1_neg:
        movz    x3, #:tprel_g1:m_a-0x100000
        .size   mw_g1_neg, 4
        .globl  mw_g0_nc_neg
        .type   mw_g0_nc_neg,@function
mw_g0_nc_neg:
        movk    x3, #:tprel_g0_nc:m_a-0x100000
        .size   mw_g0_nc_neg, 4

# m_a - 0x41 = -1: G0 is MOVN x4, #0.
# rjitlink-check: *{4}mw_g0_neg = 0x92800004
        .globl  mw_g0_neg
        .type   mw_g0_neg,@function
mw_g0_neg:
        movz    x4, #:tprel_g0:m_a-0x41
        .size   mw_g0_neg, 4

# m_a - 2^48 = 0xffff000000000040: MOVN x5, #0xffff, LSL #32; MOVK x5, #0, LSL #16; MOVK x5, #0x40.
# rjitlink-check: *{4}mw_g2_neg = 0x92dfffe5
# rjitlink-check: *{4}mw_g1_nc_neg = 0xf2a00005
# rjitlink-check: *{4}mw_g0_nc_neg2 = 0xf2800805
        .globl  mw_g2_neg
        .type   mw_g2_neg,@function
mw_g2_neg:
        movz    x5, #:tprel_g2:m_a-0x1000000000000
        .size   mw_g2_neg, 4
        .globl  mw_g1_nc_neg
        .type   mw_g1_nc_neg,@function
mw_g1_nc_neg:
        movk    x5, #:tprel_g1_nc:m_a-0x1000000000000
        .size   mw_g1_nc_neg, 4
        .globl  mw_g0_nc_neg2
        .type   mw_g0_nc_neg2,@function
mw_g0_nc_neg2:
        movk    x5, #:tprel_g0_nc:m_a-0x1000000000000
        .size   mw_g0_nc_neg2, 4

# 32-bit: movz w6, #:tprel_g0:m_a (0x52800806); movz w7, #:tprel_g1:m_b (0x52a00027);
# movz w8, #:tprel_g0:m_a-0x41 = -1 (MOVN w8, #0: 0x12800008).
# rjitlink-check: *{4}mw_w_g0 = 0x52800806
# rjitlink-check: *{4}mw_w_g1 = 0x52a00027
# rjitlink-check: *{4}mw_w_neg = 0x12800008
        .globl  mw_w_g0
        .type   mw_w_g0,@function
mw_w_g0:
        movz    w6, #:tprel_g0:m_a
        .size   mw_w_g0, 4
        .globl  mw_w_g1
        .type   mw_w_g1,@function
mw_w_g1:
        movz    w7, #:tprel_g1:m_b
        .size   mw_w_g1, 4
        .globl  mw_w_neg
        .type   mw_w_neg,@function
mw_w_neg:
        movz    w8, #:tprel_g0:m_a-0x41
        .size   mw_w_neg, 4

# The bounds, all in range: G0 0xffff (MOVZ #0xffff) and -0x10000 (MOVN #0xffff); G1 0xffffffff and
# -2^32; G2 2^48 - 1 and -2^48.
# rjitlink-check: *{4}mw_g0_max = 0xd29fffe9
# rjitlink-check: *{4}mw_g0_min = 0x929fffea
# rjitlink-check: *{4}mw_g1_max = 0xd2bfffeb
# rjitlink-check: *{4}mw_g1_min = 0x92bfffec
# rjitlink-check: *{4}mw_g2_max = 0xd2dfffed
# rjitlink-check: *{4}mw_g2_min = 0x92dfffee
        .globl  mw_g0_max
        .type   mw_g0_max,@function
mw_g0_max:
        movz    x9, #:tprel_g0:m_a+0xffbf
        .size   mw_g0_max, 4
        .globl  mw_g0_min
        .type   mw_g0_min,@function
mw_g0_min:
        movz    x10, #:tprel_g0:m_a-0x10040
        .size   mw_g0_min, 4
        .globl  mw_g1_max
        .type   mw_g1_max,@function
mw_g1_max:
        movz    x11, #:tprel_g1:m_a+0xffffffbf
        .size   mw_g1_max, 4
        .globl  mw_g1_min
        .type   mw_g1_min,@function
mw_g1_min:
        movz    x12, #:tprel_g1:m_a-0x100000040
        .size   mw_g1_min, 4
        .globl  mw_g2_max
        .type   mw_g2_max,@function
mw_g2_max:
        movz    x13, #:tprel_g2:m_a+0xffffffffffbf
        .size   mw_g2_max, 4
        .globl  mw_g2_min
        .type   mw_g2_min,@function
mw_g2_min:
        movz    x14, #:tprel_g2:m_a-0x1000000000040
        .size   mw_g2_min, 4

        .section .tbss,"awT",@nobits
        .p2align 6
        .globl  m_a
        .type   m_a,@object
m_a:
        .zero   16
        .size   m_a, 16
        .globl  m_pad
        .type   m_pad,@object
m_pad:
        .zero   0x12340
        .size   m_pad, 0x12340
        .globl  m_b
        .type   m_b,@object
m_b:
        .zero   8
        .size   m_b, 8
