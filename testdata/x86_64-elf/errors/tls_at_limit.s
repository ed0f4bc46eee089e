# A link whose thread-local storage needs 65408 bytes: the static TLS block that rjitlink and
# rjitlink-executor reserve for JIT'd code holds 65536 bytes (RJITLINK_STATIC_TLS at build
# time), of which the first 128 stay reserved, so 65408 bytes is exactly the most one link can
# have (tls_at_limit.s runs) and one byte more is a clear error (tls_over_limit.s).
        .text
        .globl  main
        .type   main,@function
main:
        movl    $7, %fs:big@tpoff+65404
        movl    %fs:big@tpoff+65404, %eax
        subl    $7, %eax
        retq
        .size   main, .-main

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  big
big:
        .zero   65408
        .size   big, 65408
