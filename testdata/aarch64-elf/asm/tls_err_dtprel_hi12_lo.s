# R_AARCH64_TLSLD_ADD_DTPREL_HI12 one past its lower bound: DTPOFF(tv) = 0, tv - 1 = -1
# (tls_le_bounds.s links 0).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_dtprel_hi12_lo.o: section .text+0x0: R_AARCH64_TLSLD_ADD_DTPREL_HI12 against 'tv': value -0x1 out of range [0, 16MiB)
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:528: R_AARCH64_TLSLD_ADD_DTPREL_HI12".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_dtprel_hi12_lo.s -o tls_err_dtprel_hi12_lo.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_dtprel_hi12_lo.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        add     x0, x0, #:dtprel_hi12:tv-1, lsl #12
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
