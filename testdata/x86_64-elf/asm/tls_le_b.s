# The second object of tls_le.s's link (no rjitlink RUN line of its own: tls_le.s's RUN line links
# it and checks its rules): a 16-aligned .tdata block that follows tls_le.o's .tdata blocks in the
# TLS image, and a .tbss block after tls_le.o's. b_func reads tls_le.o's le_d4 local-exec: TPOFF32
# across objects.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_le_b.s -o tls_le_b.o

# movl %fs:le_d4@tpoff, %eax in the other file: the same TPOFF, -0x58.
# rjitlink-check: *{4}(b_func + 4) = 0xffffffa8

        .text
        .globl  b_func
        .type   b_func,@function
b_func:
        movl    %fs:le_d4@tpoff, %eax
        retq
        .size   b_func, .-b_func

        .section .tdata,"awT",@progbits
        .p2align 4
        .globl  b_d16
        .type   b_d16,@object
b_d16:
        .quad   0x0102030405060708
        .quad   0x1112131415161718
        .size   b_d16, 16

        .section .tbss,"awT",@nobits
        .p2align 2
        .globl  b_b4
        .type   b_b4,@object
b_b4:
        .zero   4
        .size   b_b4, 4
