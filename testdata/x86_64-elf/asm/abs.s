# Absolute data relocations: R_X86_64_64, R_X86_64_32, R_X86_64_32S, R_X86_64_16, R_X86_64_8.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj abs.s -o abs.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext64=0x123456789abcdef0 -abs ext32=0x87654321 -abs ext32s=0xffffffff80001234 -abs ext16=0xbeef -abs ext8=0xa5 -check abs.s abs.o
#
# Every small field is followed by a 0x5a sentinel byte pattern and the checks load the field plus
# its sentinel in one go, so a fixup that is written one byte off, or too wide, fails.

        .text
# main is the first symbol of .text.
# jitlink-check: section_addr(abs.o, .text) = main
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .globl  local_target
        .type   local_target,@function
local_target:
        retq
        .size   local_target, .-local_target

# R_X86_64_32S in an instruction: movq $imm32 sign-extends; ext32s is in the top 2 GiB, addend -4.
# The 7-byte movq is 48 c7 c0 imm32; a 0xcc byte follows.
# jitlink-check: *{2}p32s = 0xc748
# jitlink-check: *{1}(p32s + 2) = 0xc0
# jitlink-check: *{4}(p32s + 3) = 0x80001230
# jitlink-check: *{1}(p32s + 7) = 0xcc
        .globl  p32s
        .type   p32s,@function
p32s:
        movq    $ext32s - 4, %rax
        int3
        .size   p32s, .-p32s

        .data
        .p2align 3

# R_X86_64_64 to an -abs symbol, addend +0x10.
# jitlink-check: *{8}p64_abs = 0x123456789abcdf00
# The same value through the shift and mask operators of the check language:
# jitlink-check: (*{8}p64_abs) >> 32 = 0x12345678
# jitlink-check: (*{8}p64_abs) & 0xffffff = 0xbcdf00
# jitlink-check: ((*{4}p64_abs) << 4) | 0xf = 0x9abcdf00f
# jitlink-check: (*{8}p64_abs)[63:60] = 1
        .globl  p64_abs
p64_abs:
        .quad   ext64 + 0x10
        .size   p64_abs, 8

# R_X86_64_64 to a symbol defined in this object, addend -3.
# jitlink-check: *{8}p64_local = local_target - 3
        .globl  p64_local
p64_local:
        .quad   local_target - 3
        .size   p64_local, 8

# R_X86_64_64 with a large negative addend that wraps: ext64 - 0x123456789abcdef1 = -1.
# jitlink-check: *{8}p64_wrap = 0xffffffffffffffff
        .globl  p64_wrap
p64_wrap:
        .quad   ext64 - 0x123456789abcdef1
        .size   p64_wrap, 8

# R_X86_64_32 (zero-extended) to an -abs symbol, addend +1; the value has bit 31 set.
# jitlink-check: *{8}p32 = 0x5a5a5a5a87654322
        .globl  p32
p32:
        .long   ext32 + 1
        .long   0x5a5a5a5a
        .size   p32, 8

# R_X86_64_32S (sign-extended) in data, value -1 (ext8 - 0xa6), written with .reloc.
# jitlink-check: *{8}p32s_data = 0x5a5a5a5affffffff
        .globl  p32s_data
p32s_data:
        .reloc  ., R_X86_64_32S, ext8 - 0xa6
        .long   0
        .long   0x5a5a5a5a
        .size   p32s_data, 8

# R_X86_64_16 to an -abs symbol, addend +0x10.
# jitlink-check: *{4}p16 = 0x5a5abeff
        .globl  p16
p16:
        .short  ext16 + 0x10
        .short  0x5a5a
        .size   p16, 4

# R_X86_64_8 to an -abs symbol, addend +2.
# jitlink-check: *{4}p8 = 0x5a5a5aa7
        .globl  p8
p8:
        .byte   ext8 + 2
        .byte   0x5a, 0x5a, 0x5a
        .size   p8, 4
