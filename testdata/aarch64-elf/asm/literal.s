# R_AARCH64_LD_PREL_LO19 (ldr literal) and R_AARCH64_ADR_PREL_LO21 (adr), forwards and backwards.
#   LDR (literal): imm19 (bits 23:5) = (S + A - P) >> 2, ±1 MiB, target 4-byte aligned.
#   ADR:           immhi:immlo (bits 23:5, 30:29) = S + A - P, byte-granular, ±1 MiB.
# decode_operand operand 1 is the offset: in instructions for LDR (literal), in bytes for ADR.
# ADR targets sit at odd byte offsets, so a fixup that drops the low two bits (immlo) fails.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj literal.s -o literal.o
# RUN: rjitlink -noexec -slab-allocate 1Mb -slab-address 0x7fff00000000 -slab-page-size 4096 -check literal.s literal.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

        .globl  lit_back
        .type   lit_back,@object
        .p2align 3
lit_back:
        .xword  0x1122334455667788
        .size   lit_back, 8

        .globl  byte_back
        .type   byte_back,@object
        .byte   0
byte_back:
        .byte   0x5a
        .size   byte_back, 1

        .p2align 2
        .space  0x3c3c

# ldr x1, lit_fwd: 0x58000001.
# jitlink-check: decode_operand(ldr_fwd, 1)[18:0] = ((lit_fwd - ldr_fwd) >> 2)[18:0]
# jitlink-check: *{4}ldr_fwd = (((lit_fwd - ldr_fwd) >> 2)[18:0] << 5) | 0x58000001
        .globl  ldr_fwd
        .type   ldr_fwd,@function
ldr_fwd:
        ldr     x1, lit_fwd
        .size   ldr_fwd, 4

# ldr w2, lit_back: 0x18000002, backwards.
# jitlink-check: decode_operand(ldr_back, 1)[18:0] = ((lit_back - ldr_back) >> 2)[18:0]
# jitlink-check: *{4}ldr_back = (((lit_back - ldr_back) >> 2)[18:0] << 5) | 0x18000002
        .globl  ldr_back
        .type   ldr_back,@function
ldr_back:
        ldr     w2, lit_back
        .size   ldr_back, 4

# ldr x5, lit_fwd+8 (addend): the second doubleword.
# jitlink-check: *{4}ldr_addend = ((((lit_fwd + 8) - ldr_addend) >> 2)[18:0] << 5) | 0x58000005
        .globl  ldr_addend
        .type   ldr_addend,@function
ldr_addend:
        ldr     x5, lit_fwd+8
        .size   ldr_addend, 4

# adr x3, byte_fwd: 0x10000003; immlo = bits 1:0 of the offset, immhi = bits 20:2.
# jitlink-check: decode_operand(adr_fwd, 1)[20:0] = (byte_fwd - adr_fwd)[20:0]
# jitlink-check: *{4}adr_fwd = ((byte_fwd - adr_fwd)[1:0] << 29) | ((byte_fwd - adr_fwd)[20:2] << 5) | 0x10000003
        .globl  adr_fwd
        .type   adr_fwd,@function
adr_fwd:
        adr     x3, byte_fwd
        .size   adr_fwd, 4

# adr x4, byte_back: backwards (negative offset).
# jitlink-check: decode_operand(adr_back, 1)[20:0] = (byte_back - adr_back)[20:0]
# jitlink-check: *{4}adr_back = ((byte_back - adr_back)[1:0] << 29) | ((byte_back - adr_back)[20:2] << 5) | 0x10000004
        .globl  adr_back
        .type   adr_back,@function
adr_back:
        adr     x4, byte_back
        .size   adr_back, 4

# adr x6, byte_fwd+2 (addend).
# jitlink-check: decode_operand(adr_addend, 1)[20:0] = ((byte_fwd + 2) - adr_addend)[20:0]
        .globl  adr_addend
        .type   adr_addend,@function
adr_addend:
        adr     x6, byte_fwd+2
        .size   adr_addend, 4

        .space  0x8888

        .globl  lit_fwd
        .type   lit_fwd,@object
        .p2align 3
lit_fwd:
        .xword  0x0102030405060708
        .xword  0x1112131415161718
        .size   lit_fwd, 16

        .globl  byte_fwd
        .type   byte_fwd,@object
        .byte   1, 2, 3
byte_fwd:
        .byte   0xa5, 0xa6, 0xa7
        .size   byte_fwd, 3
