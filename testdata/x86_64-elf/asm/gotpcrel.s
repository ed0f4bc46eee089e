# R_X86_64_GOTPCREL (the non-relaxable form): the field holds GOT-entry + A - P, and the 8-byte GOT
# entry in $__GOT holds the target's address. GOTPCREL is never relaxed, even to a defined symbol.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj gotpcrel.s -o gotpcrel.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_far=0x123456789000 -abs ext_near=0x7fff00100000 -check gotpcrel.s gotpcrel.o
#
# llvm-mc emits GOTPCRELX/REX_GOTPCRELX for `foo@GOTPCREL(%rip)` operands, so the instruction
# forms here are written with .reloc over a zero displacement.

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# movq defined_data@GOTPCREL(%rip), %rax as plain GOTPCREL: stays a load (48 8b 05) through the GOT.
# jitlink-check: *{2}mov_defined = 0x8b48
# jitlink-check: *{1}(mov_defined + 2) = 0x05
# jitlink-check: *{4}(mov_defined + 3) = (got_addr(gotpcrel.o, defined_data) - (mov_defined + 7))[31:0]
# jitlink-check: *{8}got_addr(gotpcrel.o, defined_data) = defined_data
        .globl  mov_defined
        .type   mov_defined,@function
mov_defined:
        .reloc  .+3, R_X86_64_GOTPCREL, defined_data - 4
        movq    0(%rip), %rax
        .size   mov_defined, 7

# movq ext_near@GOTPCREL(%rip), %rcx as plain GOTPCREL to a near -abs symbol.
# jitlink-check: *{2}mov_near = 0x8b48
# jitlink-check: *{1}(mov_near + 2) = 0x0d
# jitlink-check: *{4}(mov_near + 3) = (got_addr(gotpcrel.o, ext_near) - (mov_near + 7))[31:0]
# jitlink-check: *{8}got_addr(gotpcrel.o, ext_near) = ext_near
        .globl  mov_near
        .type   mov_near,@function
mov_near:
        .reloc  .+3, R_X86_64_GOTPCREL, ext_near - 4
        movq    0(%rip), %rcx
        .size   mov_near, 7
        retq

        .data
        .p2align 3
        .globl  defined_data
defined_data:
        .quad   0x1122334455667788
        .size   defined_data, 8

# .long ext_far@GOTPCREL in data (addend 0): the GOT entry's address minus the field's address.
# jitlink-check: *{8}data_far = ((got_addr(gotpcrel.o, ext_far) - data_far)[31:0] | 0x5a5a5a5a00000000)
# jitlink-check: *{8}got_addr(gotpcrel.o, ext_far) = ext_far
        .globl  data_far
data_far:
        .long   ext_far@GOTPCREL
        .long   0x5a5a5a5a
        .size   data_far, 8

# .long defined_data@GOTPCREL+0x10 in data: the addend is added after the GOT entry address.
# jitlink-check: *{4}data_defined_addend = ((got_addr(gotpcrel.o, defined_data) - data_defined_addend) + 0x10)[31:0]
        .globl  data_defined_addend
data_defined_addend:
        .long   defined_data@GOTPCREL + 0x10
        .size   data_defined_addend, 4
