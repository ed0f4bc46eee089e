# Big-endian AArch64 (aarch64_be, BE8): data is big-endian, instructions stay little-endian
# (A64 is word-invariant). Instruction fixups are checked by decoding the instructions,
# data by loads, which read memory in the target's byte order; the LE and BE links of the
# asm/ check files have the same instruction bytes (tests/aarch64_elf_relocations.rs).
#
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_fn=0x123456789000 -abs ext_data=0x87654321 -check be.s be.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        .cfi_startproc
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        bl      callee
        ldp     x29, x30, [sp], #16
        ret
        .cfi_endproc
        .size   main, .-main

        .globl  callee
        .type   callee,@function
        .p2align 2
callee:
        .cfi_startproc
        ret
        .cfi_endproc
        .size   callee, .-callee

# R_AARCH64_CALL26 and JUMP26, to the link and (through a stub) out of reach.
# jitlink-check: decode_operand(main + 4, 0)[25:0] = (callee - (main + 4))[27:2]
# jitlink-check: decode_operand(call_ext, 0)[25:0] = (stub_addr(be.o, ext_fn) - call_ext)[27:2]
# jitlink-check: decode_operand(jump_ext, 0)[25:0] = (stub_addr(be.o, ext_fn) - jump_ext)[27:2]
# The GOT entry the stub loads: a big-endian word.
# jitlink-check: *{8}got_addr(be.o, ext_fn) = ext_fn
        .globl  call_ext
        .p2align 2
call_ext:
        bl      ext_fn
        .globl  jump_ext
jump_ext:
        b       ext_fn

# R_AARCH64_ADR_PREL_PG_HI21 + ADD_ABS_LO12_NC, and a GOT load (ADR_GOT_PAGE + LD64_GOT_LO12_NC).
# jitlink-check: decode_operand(adrp_data, 1)[20:0] = (value_quad[63:12] - adrp_data[63:12])[20:0]
# jitlink-check: decode_operand(add_data, 2) = value_quad[11:0]
# jitlink-check: decode_operand(adrp_got, 1)[20:0] = (got_addr(be.o, ext_data)[63:12] - adrp_got[63:12])[20:0]
# jitlink-check: decode_operand(ldr_got, 2) = got_addr(be.o, ext_data)[11:3]
# jitlink-check: *{8}got_addr(be.o, ext_data) = ext_data
        .globl  adrp_data, add_data, adrp_got, ldr_got
adrp_data:
        adrp    x0, value_quad
add_data:
        add     x0, x0, :lo12:value_quad
adrp_got:
        adrp    x1, :got:ext_data
ldr_got:
        ldr     x1, [x1, :got_lo12:ext_data]

# R_AARCH64_MOVW_UABS_G0_NC..G3: immediates, not data, so the same in either order.
# jitlink-check: decode_operand(movz_g3, 1) = ext_fn[63:48]
# jitlink-check: decode_operand(movk_g2, 2) = ext_fn[47:32]
# jitlink-check: decode_operand(movk_g1, 2) = ext_fn[31:16]
# jitlink-check: decode_operand(movk_g0, 2) = ext_fn[15:0]
        .globl  movz_g3, movk_g2, movk_g1, movk_g0
movz_g3:
        movz    x2, #:abs_g3:ext_fn
movk_g2:
        movk    x2, #:abs_g2_nc:ext_fn
movk_g1:
        movk    x2, #:abs_g1_nc:ext_fn
movk_g0:
        movk    x2, #:abs_g0_nc:ext_fn

# Data: R_AARCH64_ABS64, ABS32, PREL64, PREL32, each most significant byte first.
# jitlink-check: *{8}abs64 = callee + 4
# jitlink-check: *{1}abs64 = (callee + 4)[63:56]
# jitlink-check: *{1}(abs64 + 7) = (callee + 4)[7:0]
# jitlink-check: *{4}abs32 = ext_data
# jitlink-check: *{1}abs32 = 0x87
# jitlink-check: *{1}(abs32 + 3) = 0x21
# jitlink-check: *{4}(abs32 + 4) = 0x5a5a5a5a
# jitlink-check: *{8}prel64 = main - prel64
# jitlink-check: *{4}prel32 = (callee - prel32)[31:0]
# jitlink-check: *{2}(prel32 + 4) = 0x1234
# jitlink-check: *{1}(prel32 + 4) = 0x12
        .data
        .p2align 3
        .globl  abs64, abs32, prel64, prel32
abs64:
        .xword  callee + 4
abs32:
        .word   ext_data
        .word   0x5a5a5a5a
prel64:
        .xword  main - .
prel32:
        .word   callee - .
        .hword  0x1234
        .p2align 3
# An unrelocated word, as the assembler wrote it.
# jitlink-check: *{8}value_quad = 0x0102030405060708
# jitlink-check: *{1}value_quad = 1
        .globl  value_quad
value_quad:
        .xword  0x0102030405060708

# .eh_frame, split by its big-endian length fields: the CIE (CIE id 0), then main's FDE at
# 4 + the CIE's length, with its CIE pointer (back to the CIE) and its pc_begin
# (R_AARCH64_PREL32) big-endian.
# jitlink-check: *{4}(section_addr(be.o, .eh_frame) + 4) = 0
# jitlink-check: *{4}(section_addr(be.o, .eh_frame) + ((*{4}section_addr(be.o, .eh_frame)) + 8)) = (*{4}section_addr(be.o, .eh_frame)) + 8
# jitlink-check: *{4}(section_addr(be.o, .eh_frame) + ((*{4}section_addr(be.o, .eh_frame)) + 12)) = (main - (section_addr(be.o, .eh_frame) + ((*{4}section_addr(be.o, .eh_frame)) + 12)))[31:0]
