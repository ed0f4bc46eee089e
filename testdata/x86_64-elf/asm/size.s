# R_X86_64_SIZE32 and R_X86_64_SIZE64: the symbol's st_size plus the addend.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj size.s -o size.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check size.s size.o

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# movl $sized_fn@SIZE, %eax (b8 imm32): SIZE32 in an instruction; sized_fn is 13 bytes long.
# jitlink-check: *{1}size32_code = 0xb8
# jitlink-check: *{4}(size32_code + 1) = 13
        .globl  size32_code
        .type   size32_code,@function
size32_code:
        movl    $sized_fn@SIZE, %eax
        .size   size32_code, 5

        .globl  sized_fn
        .type   sized_fn,@function
sized_fn:
        .fill   12, 1, 0x90
        retq
        .size   sized_fn, .-sized_fn

# big_obj is a zero-fill (.bss) object of 0x1234 bytes.
        .bss
        .p2align 3
        .globl  big_obj
        .type   big_obj,@object
big_obj:
        .zero   0x1234
        .size   big_obj, .-big_obj

        .data
        .p2align 3

# SIZE32 with addend -4, followed by a sentinel.
# jitlink-check: *{8}size32_data = 0x5a5a5a5a00001230
        .globl  size32_data
size32_data:
        .long   big_obj@SIZE - 4
        .long   0x5a5a5a5a
        .size   size32_data, 8

# SIZE64 with addend +0x100000000 (so the upper half is checked too).
# jitlink-check: *{8}size64_data = 0x100001234
        .globl  size64_data
size64_data:
        .quad   big_obj@SIZE + 0x100000000
        .size   size64_data, 8

# SIZE64 of a function, addend 0.
# jitlink-check: *{8}size64_fn = 13
        .globl  size64_fn
size64_fn:
        .quad   sized_fn@SIZE
        .size   size64_fn, 8
