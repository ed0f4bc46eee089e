# R_AARCH64_TLSLE_MOVW_TPREL_G1 one past its upper bound (signed 33 bits): tv + 0xfffffff0 = 2^32
# (tls_le_movw.s links 2^32 - 1).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_movw_g1_hi.o: section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G1 against 'tv': value 0x100000000 out of range [-4GiB, 4GiB)
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:545: R_AARCH64_TLSLE_MOVW_TPREL_G1".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_movw_g1_hi.s -o tls_err_movw_g1_hi.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_movw_g1_hi.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        movz    x0, #:tprel_g1:tv+0xfffffff0
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
