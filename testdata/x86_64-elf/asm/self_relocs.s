# -add-self-relocations: `f` refers to itself RIP-relatively twice, which the assembler
# resolves without a relocation (f is local, in the same section); the option gives each an
# edge to f. The reference to `g` already has a relocation and is left alone.
# (tests/x86_64_relocations.rs: self_relocations, which reads -show-graph.)
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj self_relocs.s -o self_relocs.o

        .text
        .globl  main
        .type   main,@function
main:
        callq   f
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .type   f,@function
f:
        leaq    f(%rip), %rax
        leaq    g(%rip), %rcx
        nop
        movq    f(%rip), %rdx
        retq
        .size   f, .-f

        .globl  g
        .type   g,@function
g:
        retq
        .size   g, .-g
