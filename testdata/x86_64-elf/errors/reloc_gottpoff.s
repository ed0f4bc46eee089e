# An unsupported relocation type, R_X86_64_GOTTPOFF (initial-exec TLS), against a defined TLS
# variable: the link must fail with an error that names the type.
        .text
        .globl  main
        .type   main,@function
main:
        movq    tls_var@GOTTPOFF(%rip), %rax
        movl    %fs:(%rax), %eax
        retq
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .globl  tls_var
        .type   tls_var,@object
        .p2align 2
tls_var:
        .zero   4
        .size   tls_var, 4
