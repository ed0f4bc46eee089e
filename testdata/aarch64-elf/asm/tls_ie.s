# Initial-exec thread-local storage: R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 (adrp: pages from P to the
# GOT word), TLSIE_LD64_GOTTPREL_LO12_NC (64-bit ldr: imm12 = (G & 0xfff) >> 3) and
# TLSIE_LD_GOTTPREL_PREL19 (ldr literal: imm19 = (G - P) >> 2), where G is a GOT word holding
# TPOFF(x), one per variable (AArch64 code is not relaxed: the load stays).
# rjitlink-only: llvm-jitlink-22 rejects them ("Unsupported aarch64 relocation:541:
# R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21").
# The image is aligned to 8, so TPOFF = align_up(16, 8) + DTPOFF: i_a (.tdata) 0x10, i_b (.tbss)
# 0x18, i_c 0x20.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_ie.s -o tls_ie.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_ie.s tls_ie.o

# The GOT words.
# rjitlink-check: *{8}got_addr(tls_ie.o, i_a) = tpoff(i_a)
# rjitlink-check: *{8}got_addr(tls_ie.o, i_a) = 0x10
# rjitlink-check: *{8}got_addr(tls_ie.o, i_b) = 0x18
# rjitlink-check: *{8}got_addr(tls_ie.o, i_c) = 0x20
# rjitlink-check: *{8}i_a = 0x0123456789abcdef

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# An ordinary GOT load first (adrp x9, :got:main; ldr x9, [x9, #:got_lo12:main]), so that the TLS
# entries after it do not sit at page offset 0, where an unrelocated imm12 would look right.
# rjitlink-check: *{8}got_addr(tls_ie.o, main) = main
        .globl  got_first
        .type   got_first,@function
got_first:
        adrp    x9, :got:main
        ldr     x9, [x9, #:got_lo12:main]
        .size   got_first, 8

# adrp x0, :gottprel:i_a (0x90000000); ldr x0, [x0, #:gottprel_lo12:i_a] (0xf9400000).
# rjitlink-check: decode_operand(ie_adrp, 1)[20:0] = (got_addr(tls_ie.o, i_a)[63:12] - ie_adrp[63:12])[20:0]
# rjitlink-check: *{4}ie_adrp = ((got_addr(tls_ie.o, i_a)[63:12] - ie_adrp[63:12])[1:0] << 29) | ((got_addr(tls_ie.o, i_a)[63:12] - ie_adrp[63:12])[20:2] << 5) | 0x90000000
# rjitlink-check: *{4}ie_ldr = 0xf9400000 | (got_addr(tls_ie.o, i_a)[11:3] << 10)
# rjitlink-check: decode_operand(ie_ldr, 2) = got_addr(tls_ie.o, i_a)[11:3]
        .globl  ie_adrp
        .type   ie_adrp,@function
ie_adrp:
        adrp    x0, :gottprel:i_a
        .size   ie_adrp, 4
        .globl  ie_ldr
        .type   ie_ldr,@function
ie_ldr:
        ldr     x0, [x0, #:gottprel_lo12:i_a]
        .size   ie_ldr, 4

# A second sequence for i_a, in x5/x6, loads the same GOT word.
# rjitlink-check: *{4}ie_adrp2 = ((got_addr(tls_ie.o, i_a)[63:12] - ie_adrp2[63:12])[1:0] << 29) | ((got_addr(tls_ie.o, i_a)[63:12] - ie_adrp2[63:12])[20:2] << 5) | 0x90000005
# rjitlink-check: *{4}ie_ldr2 = 0xf94000a6 | (got_addr(tls_ie.o, i_a)[11:3] << 10)
        .globl  ie_adrp2
        .type   ie_adrp2,@function
ie_adrp2:
        adrp    x5, :gottprel:i_a
        .size   ie_adrp2, 4
        .globl  ie_ldr2
        .type   ie_ldr2,@function
ie_ldr2:
        ldr     x6, [x5, #:gottprel_lo12:i_a]
        .size   ie_ldr2, 4

# i_c (.tbss): adrp x2 / ldr x3, [x2].
# rjitlink-check: *{4}ie_adrp_c = ((got_addr(tls_ie.o, i_c)[63:12] - ie_adrp_c[63:12])[1:0] << 29) | ((got_addr(tls_ie.o, i_c)[63:12] - ie_adrp_c[63:12])[20:2] << 5) | 0x90000002
# rjitlink-check: *{4}ie_ldr_c = 0xf9400043 | (got_addr(tls_ie.o, i_c)[11:3] << 10)
        .globl  ie_adrp_c
        .type   ie_adrp_c,@function
ie_adrp_c:
        adrp    x2, :gottprel:i_c
        .size   ie_adrp_c, 4
        .globl  ie_ldr_c
        .type   ie_ldr_c,@function
ie_ldr_c:
        ldr     x3, [x2, #:gottprel_lo12:i_c]
        .size   ie_ldr_c, 4

# Tiny code model: ldr x1, :gottprel:i_b (ldr literal, 0x58000001), imm19 = (G - P) >> 2.
# rjitlink-check: *{4}ie_lit = 0x58000001 | ((got_addr(tls_ie.o, i_b) - ie_lit)[20:2] << 5)
# rjitlink-check: decode_operand(ie_lit, 1)[18:0] = (got_addr(tls_ie.o, i_b) - ie_lit)[20:2]
        .globl  ie_lit
        .type   ie_lit,@function
ie_lit:
        ldr     x1, :gottprel:i_b
        .size   ie_lit, 4

        .section .tdata,"awT",@progbits
        .p2align 3
        .globl  i_a
        .type   i_a,@object
i_a:
        .xword  0x0123456789abcdef
        .size   i_a, 8

        .section .tbss,"awT",@nobits
        .p2align 3
        .globl  i_b
        .type   i_b,@object
i_b:
        .zero   8
        .size   i_b, 8
        .globl  i_c
        .type   i_c,@object
i_c:
        .zero   8
        .size   i_c, 8
