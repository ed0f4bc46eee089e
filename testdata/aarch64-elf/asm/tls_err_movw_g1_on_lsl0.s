# Instruction class: R_AARCH64_TLSLE_MOVW_TPREL_G1 on a MOVZ with LSL #0 (movz x0, #0 = 0xd2800000).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_movw_g1_on_lsl0.o: section .text+0x0: R_AARCH64_TLSLE_MOVW_TPREL_G1 against 'tv': instruction 0xd2800000 shifts by LSL #0 but the relocation selects bits 16..31
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:545: R_AARCH64_TLSLE_MOVW_TPREL_G1".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_movw_g1_on_lsl0.s -o tls_err_movw_g1_on_lsl0.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_movw_g1_on_lsl0.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        .reloc  ., R_AARCH64_TLSLE_MOVW_TPREL_G1, tv
        movz    x0, #0
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
