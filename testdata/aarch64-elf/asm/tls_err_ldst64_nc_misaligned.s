# R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC (range unchecked, alignment checked) on a TPREL that is not a
# multiple of 8: TPOFF(tv) + 4 = 0x14.
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_ldst64_nc_misaligned.o: section .text+0x0: R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC against 'tv': value 0x14 is not a multiple of 8
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:559: R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_ldst64_nc_misaligned.s -o tls_err_ldst64_nc_misaligned.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_ldst64_nc_misaligned.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        ldr     x0, [x0, #:tprel_lo12_nc:tv+4]
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
