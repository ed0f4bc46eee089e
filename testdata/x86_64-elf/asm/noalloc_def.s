# A global defined in a non-allocated section (.mynotes): it is defined (not undefined), with
# no address in the link. Alone, this object links; noalloc_ref.s refers to it from code, which
# is an error naming why (tests/x86_64_relocations.rs: noalloc_symbols).
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj noalloc_def.s -o noalloc_def.o

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .section .mynotes,"",@progbits
        .globl  noalloc_sym
noalloc_sym:
        .quad   1
