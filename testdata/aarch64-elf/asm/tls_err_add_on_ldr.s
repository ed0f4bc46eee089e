# Instruction class: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC on an LDR (ldr x0, [x0] = 0xf9400000).
# tv is the image's only variable; the image is aligned to 16, so TPOFF(tv) = 0x10 + DTPOFF(tv).
# Expected (exit 1): rjitlink: error: tls_err_add_on_ldr.o: section .text+0x0: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC against 'tv': instruction 0xf9400000 is not an ADD (immediate) instruction
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported aarch64 relocation:551: R_AARCH64_TLSLE_ADD_TPREL_LO12_NC".
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_err_add_on_ldr.s -o tls_err_add_on_ldr.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_add_on_ldr.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        .reloc  ., R_AARCH64_TLSLE_ADD_TPREL_LO12_NC, tv
        ldr     x0, [x0]
        ret
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  tv
        .type   tv,@object
tv:
        .zero   16
        .size   tv, 16
