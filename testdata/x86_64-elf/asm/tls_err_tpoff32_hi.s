# R_X86_64_TPOFF32 one past its upper bound: tv is the image's only variable (8 bytes, align 8), so
# TPOFF(tv) = -8, and tv@tpoff+0x80000008 = 0x80000000 = 2^31 does not fit a signed 32-bit field
# (tls_le.s links 0x7fffffff).
# Expected (exit 1): rjitlink: error: tls_err_tpoff32_hi.o: section .text+0x5: R_X86_64_TPOFF32 against 'tv': value 0x80000000 out of range [-2GiB, 2GiB)
# llvm-jitlink-22 rejects the relocation type itself: "Unsupported x86-64 relocation type R_X86_64_TPOFF32".
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_err_tpoff32_hi.s -o tls_err_tpoff32_hi.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 tls_err_tpoff32_hi.o

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        leaq    tv@tpoff+0x80000008(%rax), %rax
        retq
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 3
        .globl  tv
        .type   tv,@object
tv:
        .zero   8
        .size   tv, 8
