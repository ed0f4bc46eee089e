# Initial-exec thread-local storage: R_X86_64_GOTTPOFF (rjitlink-only: llvm-jitlink-22 rejects it,
# "Unsupported x86-64 relocation type R_X86_64_GOTTPOFF").
#   - `movq x@gottpoff(%rip), %reg` and `addq x@gottpoff(%rip), %reg` against a thread-local
#     variable of the link are relaxed as GNU ld relaxes them for an executable:
#       REX 48/4c 8b 05+8*r  (movq disp32(%rip))  -> REX 48/49 c7 c0+r  (movq $TPOFF(x), %reg)
#       REX 48/4c 03 05+8*r  (addq disp32(%rip))  -> REX 48/49 81 c0+r  (addq $TPOFF(x), %reg)
#     (REX.R, which named the register in ModRM.reg, becomes REX.B for ModRM.rm), imm32 = TPOFF(x),
#     and when every reference to x is relaxed there is no GOT entry for x.
#   - any other instruction (`cmpq`, a `movl` without REX) keeps its bytes and loads through a GOT
#     word that holds TPOFF(x): disp32 = G - 4 - P = GOT entry - end of instruction.
# The image: ie_a (.tdata, DTPOFF 0), ie_b (.tdata, 4), ie_c (.tbss align 16, 0x10), ie_g (.tbss,
# 0x20); 0x28 bytes aligned to 16, so TPOFF = DTPOFF - 0x30: -0x30, -0x2c, -0x20, -0x10.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_ie.s -o tls_ie.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_ie.s tls_ie.o

# rjitlink-check: tpoff(ie_a) = 0xffffffffffffffd0
# rjitlink-check: tpoff(ie_b) = 0xffffffffffffffd4
# rjitlink-check: tpoff(ie_c) = 0xffffffffffffffe0
# rjitlink-check: tpoff(ie_g) = 0xfffffffffffffff0

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# movq ie_a@gottpoff(%rip), %rax: 48 8b 05 -> 48 c7 c0 d0 ff ff ff.
# rjitlink-check: *{4}ie_mov_rax = 0xd0c0c748
# rjitlink-check: *{4}(ie_mov_rax + 3) = tpoff(ie_a)[31:0]
# rjitlink-check: *{4}(ie_mov_rax + 3) = 0xffffffd0
        .globl  ie_mov_rax
        .type   ie_mov_rax,@function
ie_mov_rax:
        movq    ie_a@gottpoff(%rip), %rax
        .size   ie_mov_rax, 7

# movq ie_b@gottpoff(%rip), %rdi: 48 8b 3d -> 48 c7 c7 (ModRM.reg 7 becomes ModRM.rm).
# rjitlink-check: *{4}ie_mov_rdi = 0xd4c7c748
# rjitlink-check: *{4}(ie_mov_rdi + 3) = 0xffffffd4
        .globl  ie_mov_rdi
        .type   ie_mov_rdi,@function
ie_mov_rdi:
        movq    ie_b@gottpoff(%rip), %rdi
        .size   ie_mov_rdi, 7

# movq ie_a@gottpoff(%rip), %r12: 4c 8b 25 -> 49 c7 c4 (REX.R -> REX.B).
# rjitlink-check: *{1}ie_mov_r12 = 0x49
# rjitlink-check: *{1}(ie_mov_r12 + 1) = 0xc7
# rjitlink-check: *{1}(ie_mov_r12 + 2) = 0xc4
# rjitlink-check: *{4}(ie_mov_r12 + 3) = 0xffffffd0
        .globl  ie_mov_r12
        .type   ie_mov_r12,@function
ie_mov_r12:
        movq    ie_a@gottpoff(%rip), %r12
        .size   ie_mov_r12, 7

# movq ie_c@gottpoff(%rip), %r15: 4c 8b 3d -> 49 c7 c7 e0 ff ff ff (a .tbss variable).
# rjitlink-check: *{4}ie_mov_r15 = 0xe0c7c749
# rjitlink-check: *{4}(ie_mov_r15 + 3) = tpoff(ie_c)[31:0]
        .globl  ie_mov_r15
        .type   ie_mov_r15,@function
ie_mov_r15:
        movq    ie_c@gottpoff(%rip), %r15
        .size   ie_mov_r15, 7

# addq ie_b@gottpoff(%rip), %rax: 48 03 05 -> 48 81 c0 d4 ff ff ff.
# rjitlink-check: *{4}ie_add_rax = 0xd4c08148
# rjitlink-check: *{4}(ie_add_rax + 3) = 0xffffffd4
        .globl  ie_add_rax
        .type   ie_add_rax,@function
ie_add_rax:
        addq    ie_b@gottpoff(%rip), %rax
        .size   ie_add_rax, 7

# addq ie_c@gottpoff(%rip), %r9: 4c 03 0d -> 49 81 c1 e0 ff ff ff.
# rjitlink-check: *{4}ie_add_r9 = 0xe0c18149
# rjitlink-check: *{4}(ie_add_r9 + 3) = 0xffffffe0
        .globl  ie_add_r9
        .type   ie_add_r9,@function
ie_add_r9:
        addq    ie_c@gottpoff(%rip), %r9
        .size   ie_add_r9, 7

# addq ie_g@gottpoff(%rip), %rsp: 48 03 25 -> 48 81 c4 f0 ff ff ff.
# rjitlink-check: *{4}ie_add_rsp = 0xf0c48148
# rjitlink-check: *{4}(ie_add_rsp + 3) = 0xfffffff0
        .globl  ie_add_rsp
        .type   ie_add_rsp,@function
ie_add_rsp:
        addq    ie_g@gottpoff(%rip), %rsp
        .size   ie_add_rsp, 7

# Not relaxable: cmpq ie_g@gottpoff(%rip), %rax (48 3b 05) stays, through ie_g's GOT word,
# which holds TPOFF(ie_g) = -0x10 (the relaxed addq above needs no entry, this one does).
# rjitlink-check: *{1}(ie_cmp - 1) = 0x90
# rjitlink-check: *{1}ie_cmp = 0x48
# rjitlink-check: *{1}(ie_cmp + 1) = 0x3b
# rjitlink-check: *{1}(ie_cmp + 2) = 0x05
# rjitlink-check: *{4}(ie_cmp + 3) = (got_addr(tls_ie.o, ie_g) - (ie_cmp + 7))[31:0]
# rjitlink-check: decode_operand(ie_cmp, 4) = got_addr(tls_ie.o, ie_g) - next_pc(ie_cmp)
# rjitlink-check: *{8}got_addr(tls_ie.o, ie_g) = tpoff(ie_g)
# rjitlink-check: *{8}got_addr(tls_ie.o, ie_g) = 0xfffffffffffffff0
        nop
        .globl  ie_cmp
        .type   ie_cmp,@function
ie_cmp:
        cmpq    ie_g@gottpoff(%rip), %rax
        .size   ie_cmp, 7

# Not relaxable: movl ie_c@gottpoff(%rip), %eax (8b 05, no REX prefix: the byte before is a nop)
# reads the low half of ie_c's GOT word; the relaxed loads of ie_c above share nothing with it.
# rjitlink-check: *{1}(ie_movl - 1) = 0x90
# rjitlink-check: *{2}ie_movl = 0x058b
# rjitlink-check: *{4}(ie_movl + 2) = (got_addr(tls_ie.o, ie_c) - (ie_movl + 6))[31:0]
# rjitlink-check: *{8}got_addr(tls_ie.o, ie_c) = 0xffffffffffffffe0
        nop
        .globl  ie_movl
        .type   ie_movl,@function
ie_movl:
        movl    ie_c@gottpoff(%rip), %eax
        .size   ie_movl, 6
        retq

        .section .tdata,"awT",@progbits
        .p2align 2
        .globl  ie_a
        .type   ie_a,@object
ie_a:
        .long   1
        .size   ie_a, 4
        .globl  ie_b
        .type   ie_b,@object
ie_b:
        .long   2
        .size   ie_b, 4

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  ie_c
        .type   ie_c,@object
ie_c:
        .zero   16
        .size   ie_c, 16
        .globl  ie_g
        .type   ie_g,@object
ie_g:
        .zero   8
        .size   ie_g, 8
