# R_X86_64_TPOFF32 (local-exec) against a symbol that is not thread-local: the link must fail
# with an error that names the type, the symbol and why.
        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .data
        .globl  foo
foo:
        .reloc  ., R_X86_64_TPOFF32, foo
        .long   0
        .size   foo, 4
