# PC-relative data and code relocations: R_X86_64_PC64, R_X86_64_PC32, R_X86_64_PC16, R_X86_64_PC8.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj pcrel.s -o pcrel.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs far=0x123456789000 -abs near=0x7fff00100000 -check pcrel.s pcrel.o
#
# The assembler folds `sym - .` when sym is in the same section, so same-section PC16/PC8 fields
# are written with .reloc. Small fields are followed by 0x5a sentinel bytes that the checks load too.

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# R_X86_64_PC32 from code to data in another section (leaq data_target(%rip): 48 8d 05 rel32,
# addend -4, so the field holds data_target - end-of-instruction).
# jitlink-check: *{2}lea_pc32 = 0x8d48
# jitlink-check: *{1}(lea_pc32 + 2) = 0x05
# jitlink-check: *{4}(lea_pc32 + 3) = (data_target - (lea_pc32 + 7))[31:0]
        .globl  lea_pc32
        .type   lea_pc32,@function
lea_pc32:
        leaq    data_target(%rip), %rax
        .size   lea_pc32, 7
        retq

# R_X86_64_PC32 from code to an -abs symbol 1 MiB above the slab, addend -4.
# jitlink-check: *{4}(lea_near + 3) = (near - (lea_near + 7))[31:0]
        .globl  lea_near
        .type   lea_near,@function
lea_near:
        leaq    near(%rip), %rcx
        .size   lea_near, 7
        retq

        .globl  back8
back8:
        .byte   0x11
        .size   back8, 1

# R_X86_64_PC8 backwards to back8 (same section, via .reloc): the field is back8 - pc8_back = -1.
# jitlink-check: *{4}pc8_back = (((back8 - pc8_back)[7:0]) | 0x5a5a5a00)
        .globl  pc8_back
pc8_back:
        .reloc  ., R_X86_64_PC8, back8
        .byte   0
        .byte   0x5a, 0x5a, 0x5a
        .size   pc8_back, 4

# R_X86_64_PC8 forwards with an addend: fwd8 + 3 - pc8_fwd.
# jitlink-check: *{4}pc8_fwd = (((fwd8 - pc8_fwd) + 3)[7:0] | 0x5a5a5a00)
        .globl  pc8_fwd
pc8_fwd:
        .reloc  ., R_X86_64_PC8, fwd8 + 3
        .byte   0
        .byte   0x5a, 0x5a, 0x5a
        .size   pc8_fwd, 4

# R_X86_64_PC16 backwards to back8 (same section, via .reloc).
# jitlink-check: *{4}pc16_back = (((back8 - pc16_back)[15:0]) | 0x5a5a0000)
        .globl  pc16_back
pc16_back:
        .reloc  ., R_X86_64_PC16, back8
        .short  0
        .short  0x5a5a
        .size   pc16_back, 4

        .globl  fwd8
fwd8:
        .byte   0x22
        .size   fwd8, 1

        .data
        .p2align 3
        .globl  data_target
data_target:
        .quad   0
        .size   data_target, 8

# R_X86_64_PC64 to a far -abs symbol (more than 2 GiB away), addend +5.
# jitlink-check: *{8}pc64_far = (far - pc64_far) + 5
        .globl  pc64_far
pc64_far:
        .quad   far + 5 - .
        .size   pc64_far, 8

# R_X86_64_PC64 to a symbol in .text (cross-section, so the assembler emits a relocation).
# jitlink-check: *{8}pc64_text = main - pc64_text
        .globl  pc64_text
pc64_text:
        .quad   main - .
        .size   pc64_text, 8

# R_X86_64_PC32 in data, cross-section to .text with addend +0x20.
# jitlink-check: *{8}pc32_data = (((main - pc32_data) + 0x20)[31:0] | 0x5a5a5a5a00000000)
        .globl  pc32_data
pc32_data:
        .long   main + 0x20 - .
        .long   0x5a5a5a5a
        .size   pc32_data, 8

# R_X86_64_PC16 in data, cross-section to .text (the slab is small, so the distance fits).
# jitlink-check: *{4}pc16_data = ((main - pc16_data)[15:0] | 0x5a5a0000)
        .globl  pc16_data
pc16_data:
        .short  main - .
        .short  0x5a5a
        .size   pc16_data, 4
