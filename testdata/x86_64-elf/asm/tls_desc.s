# TLS descriptors (-mtls-dialect=gnu2): R_X86_64_GOTPC32_TLSDESC and R_X86_64_TLSDESC_CALL
# (rjitlink-only: llvm-jitlink-22 rejects them, "Unsupported x86-64 relocation type
# R_X86_64_GOTPC32_TLSDESC").
#   - `leaq x@tlsdesc(%rip), %rax` (48 8d 05 disp32): disp32 = G - 4 - P to a 16-byte GOT descriptor
#     {&__rjitlink_tlsdesc_static, TPOFF(x)}, one per variable. The resolver is a hidden symbol the
#     linker defines: mov 8(%rax), %rax; ret (48 8b 40 08 c3), so `call *(%rax)` returns TPOFF(x).
#   - `call *x@tlscall(%rax)` (ff 10, R_X86_64_TLSDESC_CALL) is left exactly as it is.
#   - _TLS_MODULE_BASE_, which gnu2 local-dynamic code addresses through a descriptor before adding
#     x@dtpoff, is defined by the linker at DTPOFF 0: its descriptor's argument is TPOFF(image).
# The image: d_t (.tdata, DTPOFF 0), d_a (.tbss align 8, 8), d_b (.tbss, 0x10); 0x14 bytes aligned to
# 8, so TPOFF = DTPOFF - 0x18: -0x18, -0x10, -0x8.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_desc.s -o tls_desc.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_desc.s tls_desc.o

# rjitlink-check: tpoff(d_t) = 0xffffffffffffffe8
# rjitlink-check: tpoff(d_a) = 0xfffffffffffffff0
# rjitlink-check: tpoff(d_b) = 0xfffffffffffffff8
# rjitlink-check: dtpoff(_TLS_MODULE_BASE_) = 0
# rjitlink-check: tpoff(_TLS_MODULE_BASE_) = 0xffffffffffffffe8
#
# The resolver, byte for byte.
# rjitlink-check: *{4}__rjitlink_tlsdesc_static = 0x08408b48
# rjitlink-check: *{1}(__rjitlink_tlsdesc_static + 4) = 0xc3

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# leaq d_a@tlsdesc(%rip), %rax; call *d_a@tlscall(%rax): descriptor {resolver, -0x10}.
# rjitlink-check: *{1}desc_a = 0x48
# rjitlink-check: *{2}(desc_a + 1) = 0x058d
# rjitlink-check: *{4}(desc_a + 3) = (got_addr(tls_desc.o, d_a) - (desc_a + 7))[31:0]
# rjitlink-check: decode_operand(desc_a, 4) = got_addr(tls_desc.o, d_a) - next_pc(desc_a)
# rjitlink-check: *{8}got_addr(tls_desc.o, d_a) = __rjitlink_tlsdesc_static
# rjitlink-check: *{8}(got_addr(tls_desc.o, d_a) + 8) = tpoff(d_a)
# rjitlink-check: *{8}(got_addr(tls_desc.o, d_a) + 8) = 0xfffffffffffffff0
# rjitlink-check: *{2}(desc_a + 7) = 0x10ff
        .globl  desc_a
        .type   desc_a,@function
desc_a:
        leaq    d_a@tlsdesc(%rip), %rax
        callq   *d_a@tlscall(%rax)
        .size   desc_a, 9

# A second sequence for d_a shares the descriptor.
# rjitlink-check: *{4}(desc_a_again + 3) = (got_addr(tls_desc.o, d_a) - (desc_a_again + 7))[31:0]
# rjitlink-check: *{2}(desc_a_again + 7) = 0x10ff
        .globl  desc_a_again
        .type   desc_a_again,@function
desc_a_again:
        leaq    d_a@tlsdesc(%rip), %rax
        callq   *d_a@tlscall(%rax)
        .size   desc_a_again, 9

# d_t (.tdata, the image's first byte) has its own descriptor {resolver, -0x18}.
# rjitlink-check: *{4}(desc_t + 3) = (got_addr(tls_desc.o, d_t) - (desc_t + 7))[31:0]
# rjitlink-check: *{8}got_addr(tls_desc.o, d_t) = __rjitlink_tlsdesc_static
# rjitlink-check: *{8}(got_addr(tls_desc.o, d_t) + 8) = 0xffffffffffffffe8
# rjitlink-check: *{2}(desc_t + 7) = 0x10ff
        .globl  desc_t
        .type   desc_t,@function
desc_t:
        leaq    d_t@tlsdesc(%rip), %rax
        callq   *d_t@tlscall(%rax)
        .size   desc_t, 9

# gnu2 local-dynamic: the descriptor of _TLS_MODULE_BASE_ {resolver, TPOFF(image) = -0x18}, then
# leaq d_b@dtpoff(%rax), %rcx (48 8d 88 imm32 = DTPOFF(d_b) = 0x10) and
# movl d_a@dtpoff+2(%rax), %edx (8b 90 imm32 = 8 + 2).
# rjitlink-check: *{4}(desc_base + 3) = (got_addr(tls_desc.o, _TLS_MODULE_BASE_) - (desc_base + 7))[31:0]
# rjitlink-check: *{8}got_addr(tls_desc.o, _TLS_MODULE_BASE_) = __rjitlink_tlsdesc_static
# rjitlink-check: *{8}(got_addr(tls_desc.o, _TLS_MODULE_BASE_) + 8) = tpoff(d_t) - dtpoff(d_t)
# rjitlink-check: *{8}(got_addr(tls_desc.o, _TLS_MODULE_BASE_) + 8) = 0xffffffffffffffe8
# rjitlink-check: *{2}(desc_base + 7) = 0x10ff
# rjitlink-check: *{2}(desc_base + 9) = 0x8d48
# rjitlink-check: *{1}(desc_base + 11) = 0x88
# rjitlink-check: *{4}(desc_base + 12) = dtpoff(d_b)
# rjitlink-check: *{4}(desc_base + 12) = 0x10
# rjitlink-check: *{2}(desc_base + 16) = 0x908b
# rjitlink-check: *{4}(desc_base + 18) = 0xa
        .globl  desc_base
        .type   desc_base,@function
desc_base:
        leaq    _TLS_MODULE_BASE_@tlsdesc(%rip), %rax
        callq   *_TLS_MODULE_BASE_@tlscall(%rax)
        leaq    d_b@dtpoff(%rax), %rcx
        movl    d_a@dtpoff+2(%rax), %edx
        .size   desc_base, 22
        retq

        .section .tdata,"awT",@progbits
        .p2align 2
        .globl  d_t
        .type   d_t,@object
d_t:
        .long   3
        .size   d_t, 4

        .section .tbss,"awT",@nobits
        .p2align 3
        .globl  d_a
        .type   d_a,@object
d_a:
        .zero   8
        .size   d_a, 8
        .globl  d_b
        .type   d_b,@object
d_b:
        .zero   4
        .size   d_b, 4
