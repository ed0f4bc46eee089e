# Large-code-model GOT relocations: R_X86_64_GOTPCREL64, R_X86_64_GOT64, R_X86_64_GOTOFF64,
# R_X86_64_GOTPC32, R_X86_64_GOTPC64. `_GLOBAL_OFFSET_TABLE_` is the GOT base: the start of $__GOT.
#   GOTPCREL64 = GOT-entry(S) + A - P      GOT64   = GOT-entry(S) - GOT + A
#   GOTOFF64   = S + A - GOT               GOTPC32/GOTPC64 = GOT + A - P
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj got64.s -o got64.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_far=0x123456789000 -check got64.s got64.o
#
# GOTPCREL64, GOTPC32 and the data-form GOTPC64 have no assembler syntax and are written with .reloc.

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# The large-model PIC prologue: leaq pic_base(%rip), %rbx (7 bytes) then
# movabsq $_GLOBAL_OFFSET_TABLE_-pic_base, %r11 (49 bb imm64). The assembler emits GOTPC64 with
# addend 9 (the immediate's offset from pic_base), so the field holds GOT - pic_base.
# jitlink-check: *{4}(pic_base + 3) = 0xfffffff9
# jitlink-check: *{2}(pic_base + 7) = 0xbb49
# jitlink-check: *{8}(pic_base + 9) = _GLOBAL_OFFSET_TABLE_ - pic_base
        .globl  pic_base
        .type   pic_base,@function
pic_base:
        leaq    pic_base(%rip), %rbx
        movabsq $_GLOBAL_OFFSET_TABLE_-pic_base, %r11
        .size   pic_base, 17

# movabsq $func@GOT, %rax (48 b8 imm64): R_X86_64_GOT64, the GOT entry's offset from the GOT base.
# jitlink-check: *{2}got64_code = 0xb848
# jitlink-check: *{8}(got64_code + 2) = got_addr(got64.o, func) - _GLOBAL_OFFSET_TABLE_
# jitlink-check: *{8}got_addr(got64.o, func) = func
        .globl  got64_code
        .type   got64_code,@function
got64_code:
        movabsq $func@GOT, %rax
        .size   got64_code, 10

# movabsq $func@GOTOFF, %rcx (48 b9 imm64): R_X86_64_GOTOFF64, func's offset from the GOT base.
# jitlink-check: *{2}gotoff64_code = 0xb948
# jitlink-check: *{8}(gotoff64_code + 2) = func - _GLOBAL_OFFSET_TABLE_
        .globl  gotoff64_code
        .type   gotoff64_code,@function
gotoff64_code:
        movabsq $func@GOTOFF, %rcx
        .size   gotoff64_code, 10

        .globl  func
        .type   func,@function
func:
        retq
        .size   func, .-func

        .data
        .p2align 3
        .globl  data_obj
data_obj:
        .quad   0
        .size   data_obj, 8

# R_X86_64_GOT64 to an -abs symbol, addend +8 (entry - GOT + 8); the entry holds the absolute value.
# jitlink-check: *{8}got64_abs = (got_addr(got64.o, ext_far) - _GLOBAL_OFFSET_TABLE_) + 8
# jitlink-check: *{8}got_addr(got64.o, ext_far) = ext_far
        .globl  got64_abs
got64_abs:
        .quad   ext_far@GOT + 8
        .size   got64_abs, 8

# R_X86_64_GOTOFF64 to a data symbol with addend -0x10.
# jitlink-check: *{8}gotoff64_data = (data_obj - _GLOBAL_OFFSET_TABLE_) - 0x10
        .globl  gotoff64_data
gotoff64_data:
        .quad   data_obj@GOTOFF - 0x10
        .size   gotoff64_data, 8

# R_X86_64_GOTPCREL64 to data_obj, addend +4: GOT-entry(data_obj) + 4 - P.
# jitlink-check: *{8}gotpcrel64 = (got_addr(got64.o, data_obj) - gotpcrel64) + 4
# jitlink-check: *{8}got_addr(got64.o, data_obj) = data_obj
        .globl  gotpcrel64
gotpcrel64:
        .reloc  ., R_X86_64_GOTPCREL64, data_obj + 4
        .quad   0
        .size   gotpcrel64, 8

# R_X86_64_GOTPC64 in data (.reloc), addend +2: GOT + 2 - P.
# jitlink-check: *{8}gotpc64_data = (_GLOBAL_OFFSET_TABLE_ - gotpc64_data) + 2
        .globl  gotpc64_data
gotpc64_data:
        .reloc  ., R_X86_64_GOTPC64, _GLOBAL_OFFSET_TABLE_ + 2
        .quad   0
        .size   gotpc64_data, 8

# R_X86_64_GOTPC32 (.reloc), addend -1: GOT - 1 - P, in 32 bits, followed by a sentinel.
# jitlink-check: *{8}gotpc32 = (((_GLOBAL_OFFSET_TABLE_ - gotpc32) - 1)[31:0] | 0x5a5a5a5a00000000)
        .globl  gotpc32
gotpc32:
        .reloc  ., R_X86_64_GOTPC32, _GLOBAL_OFFSET_TABLE_ - 1
        .long   0
        .long   0x5a5a5a5a
        .size   gotpc32, 8
