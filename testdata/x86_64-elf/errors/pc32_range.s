# A PC32 fixup out of range: run with a low slab address and `-abs far=0x7f0000000000`, so
# far - (fixup + 4) does not fit in a signed 32-bit field.
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x10000 -slab-page-size 4096 -abs far=0x7f0000000000 pc32_range.o
        .text
        .globl  main
        .type   main,@function
main:
        leaq    far(%rip), %rax
        xorl    %eax, %eax
        retq
        .size   main, .-main
