# R_AARCH64_TLSLE_ADD_TPREL_LO12 one past its upper bound: TPOFF(tv) = 0x10 + 0xff0 = 0x1000
# (tls_le_bounds.s links 0xfff).
# tv follows a 0xff0-byte .tbss pad; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_add_lo12_hi.o: section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12 against 'tv': value 0x1000 out of range [0, 4KiB)
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:550: R_AARCH64_TLSLE_ADD_TPREL_LO12".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_add_lo12_hi.s -o tls_err_add_lo12_hi.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_add_lo12_hi.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        add     x0, x0, #:tprel_lo12:tv
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
