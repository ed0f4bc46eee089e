# R_AARCH64_TLSLD_ADD_DTPREL_LO12 (the checked form): imm12 = DTPOFF(S) + A, with
# 0 <= DTPOFF < 4096; tv follows a 0xff0-byte .tbss pad, so DTPOFF(tv) = 0xff0, and the bound
# 0xfff links (tls_err_dtprel_lo12_hi.s is one past it).
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_ld_lo12.s -o tls_ld_lo12.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_ld_lo12.s tls_ld_lo12.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
# rjitlink-check: dtpoff(tv) = 0xff0
# rjitlink-check: (*{4}main)[21:10] = 0xff0
# rjitlink-check: (*{4}(main + 4))[21:10] = 0xfff
# rjitlink-check: (*{4}(main + 4))[9:0] = 0x21
        add     x0, x0, #:dtprel_lo12:tv
        add     x1, x1, #:dtprel_lo12:tv+15
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  pad
        .type   pad,@object
pad:
        .zero   0xff0
        .size   pad, 0xff0
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
