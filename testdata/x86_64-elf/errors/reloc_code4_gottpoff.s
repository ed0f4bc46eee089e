# An unsupported thread-local relocation, R_X86_64_CODE_4_GOTTPOFF (APX initial-exec):
# the link must fail with an error that names the type.
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
        .reloc  ., R_X86_64_CODE_4_GOTTPOFF, tls_var
        .long   0
        .size   foo, 4

        .section .tbss,"awT",@nobits
        .globl  tls_var
tls_var:
        .zero   4
