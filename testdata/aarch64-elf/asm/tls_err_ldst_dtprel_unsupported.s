# R_AARCH64_TLSLD_LDST64_DTPREL_LO12 (local-dynamic loads, which neither clang nor gcc emit) is unsupported: the error names it.
# Expected (exit 1): rjitlink: error: tls_err_ldst_dtprel_unsupported.o: section .text+0x0: unsupported thread-local relocation R_AARCH64_TLSLD_LDST64_DTPREL_LO12
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_ldst_dtprel_unsupported.s -o tls_err_ldst_dtprel_unsupported.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_ldst_dtprel_unsupported.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        ldr     x1, [x0, #:dtprel_lo12:tv]
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  pad
        .type   pad,@object
pad:
        .zero   0x10
        .size   pad, 0x10
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
