# A thread-local variable aligned to 256: the static TLS block for JIT'd code is aligned to
# 128, so such a link is one clear error (in this process and in rjitlink-executor).
        .text
        .globl  main
        .type   main,@function
main:
        movl    %fs:v@tpoff, %eax
        retq
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 8
        .globl  v
v:
        .zero   4
        .size   v, 4
