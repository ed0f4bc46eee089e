# R_X86_64_DTPOFF32 one past its lower bound: DTPOFF(tv) = 0, and tv@dtpoff-0x80000001 does not fit
# a signed 32-bit field (tls_gd.s links -0x80000000).
# Expected (exit 1): rjitlink: error: tls_err_dtpoff32_lo.o: section .text+0x5: R_X86_64_DTPOFF32 against 'tv': value -0x80000001 out of range [-2GiB, 2GiB)
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported x86-64 relocation type R_X86_64_DTPOFF32".
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_err_dtpoff32_lo.s -o tls_err_dtpoff32_lo.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_dtpoff32_lo.o

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        leaq    tv@dtpoff-0x80000001(%rax), %rax
        retq
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 3
        .globl  tv
        .type   tv,@object
tv:
        .zero   8
        .size   tv, 8
