# R_X86_64_GOTPCRELX and R_X86_64_REX_GOTPCRELX loads, checked identically by rjitlink and
# llvm-jitlink-22:
#   - `mov foo@GOTPCREL(%rip), %reg` to a symbol defined in the link is relaxed to
#     `lea foo(%rip), %reg`: opcode 0x8b becomes 0x8d, the prefix and ModRM bytes are unchanged, and
#     rel32 = foo - end-of-instruction. (No got_addr for such symbols: when every reference is
#     relaxed rjitlink makes no GOT entry.)
#   - against an -abs symbol nothing is relaxed: the mov/call/jmp keep their opcodes and load through
#     the GOT entry, which holds the absolute value. ext_far is more than 2 GiB from the slab, so
#     llvm-jitlink-22 (which would relax an in-range -abs target) does not relax it either.
# The relaxation of `call *`/`jmp *` to defined symbols is rjitlink-specific: see gotpcrelx_branch.s.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj gotpcrelx.s -o gotpcrelx.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_far=0x123456789000 -check gotpcrelx.s gotpcrelx.o

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# REX_GOTPCRELX: movq data_a@GOTPCREL(%rip), %rax (48 8b 05) -> leaq data_a(%rip), %rax (48 8d 05).
# jitlink-check: *{1}rex_mov_rax = 0x48
# jitlink-check: *{1}(rex_mov_rax + 1) = 0x8d
# jitlink-check: *{1}(rex_mov_rax + 2) = 0x05
# jitlink-check: *{4}(rex_mov_rax + 3) = (data_a - (rex_mov_rax + 7))[31:0]
        .globl  rex_mov_rax
        .type   rex_mov_rax,@function
rex_mov_rax:
        movq    data_a@GOTPCREL(%rip), %rax
        .size   rex_mov_rax, 7

# REX_GOTPCRELX with REX.R: movq func_b@GOTPCREL(%rip), %r12 (4c 8b 25) -> leaq (4c 8d 25); the
# target is a function in .text, after the instruction.
# jitlink-check: *{1}rex_mov_r12 = 0x4c
# jitlink-check: *{1}(rex_mov_r12 + 1) = 0x8d
# jitlink-check: *{1}(rex_mov_r12 + 2) = 0x25
# jitlink-check: *{4}(rex_mov_r12 + 3) = (func_b - (rex_mov_r12 + 7))[31:0]
        .globl  rex_mov_r12
        .type   rex_mov_r12,@function
rex_mov_r12:
        movq    func_b@GOTPCREL(%rip), %r12
        .size   rex_mov_r12, 7

# GOTPCRELX (no REX prefix): movl data_c@GOTPCREL(%rip), %ecx (8b 0d) -> leal data_c(%rip), %ecx (8d 0d).
# The byte before the instruction is the 0x90 of a nop and must be left alone.
# jitlink-check: *{1}(gotpcrelx_mov - 1) = 0x90
# jitlink-check: *{1}gotpcrelx_mov = 0x8d
# jitlink-check: *{1}(gotpcrelx_mov + 1) = 0x0d
# jitlink-check: *{4}(gotpcrelx_mov + 2) = (data_c - (gotpcrelx_mov + 6))[31:0]
        nop
        .globl  gotpcrelx_mov
        .type   gotpcrelx_mov,@function
gotpcrelx_mov:
        movl    data_c@GOTPCREL(%rip), %ecx
        .size   gotpcrelx_mov, 6

# Not relaxed (absolute target): movq ext_far@GOTPCREL(%rip), %rdx stays 48 8b 15 through the GOT.
# jitlink-check: *{1}abs_mov = 0x48
# jitlink-check: *{1}(abs_mov + 1) = 0x8b
# jitlink-check: *{1}(abs_mov + 2) = 0x15
# jitlink-check: *{4}(abs_mov + 3) = (got_addr(gotpcrelx.o, ext_far) - (abs_mov + 7))[31:0]
# jitlink-check: *{8}got_addr(gotpcrelx.o, ext_far) = ext_far
        .globl  abs_mov
        .type   abs_mov,@function
abs_mov:
        movq    ext_far@GOTPCREL(%rip), %rdx
        .size   abs_mov, 7

# Not relaxed (absolute target): call *ext_far@GOTPCREL(%rip) stays ff 15 through the same GOT entry.
# jitlink-check: *{2}abs_call = 0x15ff
# jitlink-check: *{4}(abs_call + 2) = (got_addr(gotpcrelx.o, ext_far) - (abs_call + 6))[31:0]
        .globl  abs_call
        .type   abs_call,@function
abs_call:
        callq   *ext_far@GOTPCREL(%rip)
        .size   abs_call, 6

# Not relaxed (absolute target): jmp *ext_far@GOTPCREL(%rip) stays ff 25 through the same GOT entry.
# jitlink-check: *{2}abs_jmp = 0x25ff
# jitlink-check: *{4}(abs_jmp + 2) = (got_addr(gotpcrelx.o, ext_far) - (abs_jmp + 6))[31:0]
        .globl  abs_jmp
        .type   abs_jmp,@function
abs_jmp:
        jmpq    *ext_far@GOTPCREL(%rip)
        .size   abs_jmp, 6

        .globl  func_b
        .type   func_b,@function
func_b:
        retq
        .size   func_b, .-func_b

        .data
        .p2align 3
        .globl  data_a
data_a:
        .quad   1
        .size   data_a, 8

        .globl  data_c
data_c:
        .long   3
        .size   data_c, 4
