# R_AARCH64_TLSLE_MOVW_TPREL_G0 one past its lower bound (signed 17 bits): tv - 0x10011 = -0x10001
# (tls_le_movw.s links -0x10000).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_movw_g0_lo.o: section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G0 against 'tv': value -0x10001 out of range [-64KiB, 64KiB)
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:547: R_AARCH64_TLSLE_MOVW_TPREL_G0".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_movw_g0_lo.s -o tls_err_movw_g0_lo.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_movw_g0_lo.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        movz    x0, #:tprel_g0:tv-0x10011
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
