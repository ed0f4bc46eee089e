# R_AARCH64_TLSLE_ADD_TPREL_LO12_NC against an ordinary variable (tv_data, in .data).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_not_tls.o: section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC against 'tv_data': thread-local relocation against a symbol that is not thread-local
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:551: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_not_tls.s -o tls_err_not_tls.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_not_tls.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        add     x0, x0, #:tprel_lo12_nc:tv_data
        ret
        .size   main, .-main

        .data
        .globl  tv_data
        .type   tv_data,@object
tv_data:
        .xword  0
        .size   tv_data, 8

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
