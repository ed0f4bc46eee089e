# R_AARCH64_TLSLE_LDST16_TPREL_LO12 on an odd TPREL: TPOFF(tv) + 1 = 0x11.
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_ldst16_misaligned.o: section .text+0x0: R_AARCH64_TLSLE_LDST16_TPREL_LO12 against 'tv': value 0x11 is not a multiple of 2
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:554: R_AARCH64_TLSLE_LDST16_TPREL_LO12".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_ldst16_misaligned.s -o tls_err_ldst16_misaligned.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_ldst16_misaligned.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        ldrh    w0, [x0, #:tprel_lo12:tv+1]
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
