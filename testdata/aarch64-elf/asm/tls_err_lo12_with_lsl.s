# Instruction class: R_AARCH64_TLSLE_ADD_TPREL_LO12 on an ADD with LSL #12 (add x0, x0, #0, lsl #12
# = 0x91400000).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_lo12_with_lsl.o: section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12 against 'tv': instruction 0x91400000 is not an ADD (immediate) without LSL #12
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:550: R_AARCH64_TLSLE_ADD_TPREL_LO12".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_lo12_with_lsl.s -o tls_err_lo12_with_lsl.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_lo12_with_lsl.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        .reloc  ., R_AARCH64_TLSLE_ADD_TPREL_LO12, tv
        add     x0, x0, #0, lsl #12
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
