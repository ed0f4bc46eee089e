# R_AARCH64_TLSLD_ADD_DTPREL_LO12 one past its upper bound: DTPOFF(tv) = 0x1000 (tls_ld_lo12.s links 0xff0).
# Expected (exit 1): rjitlink: error: tls_err_dtprel_lo12_hi.o: section .text+0x0: R_AARCH64_TLSLD_ADD_DTPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_dtprel_lo12_hi.s -o tls_err_dtprel_lo12_hi.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_dtprel_lo12_hi.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        add     x0, x0, #:dtprel_lo12:tv
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  pad
        .type   pad,@object
pad:
        .zero   0x1000
        .size   pad, 0x1000
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
