# GOT relocations: R_AARCH64_ADR_GOT_PAGE (adrp to the page of S's GOT entry),
# R_AARCH64_LD64_GOT_LO12_NC (64-bit ldr, imm12 = (G & 0xfff) >> 3) and
# R_AARCH64_LD64_GOTPAGE_LO15 (64-bit ldr, imm12 = (G - Page(_GLOBAL_OFFSET_TABLE_)) >> 3), for a
# symbol defined in this object (never relaxed on aarch64) and a far -abs symbol.
# The GOT entries are 8-byte slots in section $__GOT holding the absolute address of S.
# _GLOBAL_OFFSET_TABLE_ is the start of $__GOT (reached here with adrp, ADR_PREL_PG_HI21).
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj got.s -o got.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_sym=0x123456789000 -check got.s got.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# The entries hold the targets' addresses.
# jitlink-check: *{8}got_addr(got.o, data_var) = data_var
# jitlink-check: *{8}got_addr(got.o, ext_sym) = ext_sym
# jitlink-check: got_addr(got.o, data_var)[2:0] = 0
# jitlink-check: got_addr(got.o, ext_sym)[2:0] = 0

# adrp x0, :got:data_var (0x90000000) ; ldr x0, [x0, :got_lo12:data_var] (0xf9400000).
# jitlink-check: decode_operand(adrp_got, 1)[20:0] = (got_addr(got.o, data_var)[63:12] - adrp_got[63:12])[20:0]
# jitlink-check: *{4}adrp_got = ((got_addr(got.o, data_var)[63:12] - adrp_got[63:12])[1:0] << 29) | ((got_addr(got.o, data_var)[63:12] - adrp_got[63:12])[20:2] << 5) | 0x90000000
# jitlink-check: decode_operand(ldr_got, 2) = got_addr(got.o, data_var)[11:3]
# jitlink-check: *{4}ldr_got = (got_addr(got.o, data_var)[11:3] << 10) | 0xf9400000
        .globl  adrp_got
        .type   adrp_got,@function
adrp_got:
        adrp    x0, :got:data_var
        .size   adrp_got, 4
        .globl  ldr_got
        .type   ldr_got,@function
ldr_got:
        ldr     x0, [x0, :got_lo12:data_var]
        .size   ldr_got, 4

# The same pair for the -abs symbol, into x2 (0x90000002, 0xf9400042).
# jitlink-check: decode_operand(adrp_got_ext, 1)[20:0] = (got_addr(got.o, ext_sym)[63:12] - adrp_got_ext[63:12])[20:0]
# jitlink-check: *{4}adrp_got_ext = ((got_addr(got.o, ext_sym)[63:12] - adrp_got_ext[63:12])[1:0] << 29) | ((got_addr(got.o, ext_sym)[63:12] - adrp_got_ext[63:12])[20:2] << 5) | 0x90000002
# jitlink-check: *{4}ldr_got_ext = (got_addr(got.o, ext_sym)[11:3] << 10) | 0xf9400042
        .globl  adrp_got_ext
        .type   adrp_got_ext,@function
adrp_got_ext:
        adrp    x2, :got:ext_sym
        .size   adrp_got_ext, 4
        .globl  ldr_got_ext
        .type   ldr_got_ext,@function
ldr_got_ext:
        ldr     x2, [x2, :got_lo12:ext_sym]
        .size   ldr_got_ext, 4

# adrp x1, _GLOBAL_OFFSET_TABLE_ (0x90000001); ldr x3, [x1, :gotpage_lo15:ext_sym] (0xf9400023)
# and ldr x4, [x1, :gotpage_lo15:data_var] (0xf9400024).
# jitlink-check: _GLOBAL_OFFSET_TABLE_ = section_addr(got.o, $__GOT)
# jitlink-check: decode_operand(adrp_gotbase, 1)[20:0] = (_GLOBAL_OFFSET_TABLE_[63:12] - adrp_gotbase[63:12])[20:0]
# jitlink-check: decode_operand(ld15_ext, 2) = ((got_addr(got.o, ext_sym) - (_GLOBAL_OFFSET_TABLE_[63:12] << 12)) >> 3)
# jitlink-check: *{4}ld15_ext = (((got_addr(got.o, ext_sym) - (_GLOBAL_OFFSET_TABLE_[63:12] << 12)) >> 3)[11:0] << 10) | 0xf9400023
# jitlink-check: *{4}ld15_data = (((got_addr(got.o, data_var) - (_GLOBAL_OFFSET_TABLE_[63:12] << 12)) >> 3)[11:0] << 10) | 0xf9400024
        .globl  adrp_gotbase
        .type   adrp_gotbase,@function
adrp_gotbase:
        adrp    x1, _GLOBAL_OFFSET_TABLE_
        .size   adrp_gotbase, 4
        .globl  ld15_ext
        .type   ld15_ext,@function
ld15_ext:
        ldr     x3, [x1, :gotpage_lo15:ext_sym]
        .size   ld15_ext, 4
        .globl  ld15_data
        .type   ld15_data,@function
ld15_data:
        ldr     x4, [x1, :gotpage_lo15:data_var]
        .size   ld15_data, 4

        .data
        .p2align 3
        .globl  data_var
        .type   data_var,@object
data_var:
        .xword  7
        .size   data_var, 8
