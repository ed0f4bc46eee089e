# ARM64_RELOC_GOT_LOAD_PAGE21 (adrp x, sym@GOTPAGE), ARM64_RELOC_GOT_LOAD_PAGEOFF12
# (ldr x, [x, sym@GOTPAGEOFF]) and ARM64_RELOC_POINTER_TO_GOT (.long sym@GOT - ., 32-bit
# pc-relative: GOT entry - P), for a symbol defined in this object and a far -abs symbol.
# llvm-jitlink-22 does not relax GOT loads on arm64: both go through an 8-byte $__GOT entry.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj got.s -o got.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs _ext_sym=0x123456789000 -check got.s got.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        mov     w0, #0
        ret

# jitlink-check: *{8}got_addr(got.o, _data) = _data
# jitlink-check: *{8}got_addr(got.o, _ext_sym) = _ext_sym

# adrp x0, _data@GOTPAGE (0x90000000); ldr x0, [x0, _data@GOTPAGEOFF] (0xf9400000).
# jitlink-check: decode_operand(_adrp_got, 1)[20:0] = (got_addr(got.o, _data)[63:12] - _adrp_got[63:12])[20:0]
# jitlink-check: *{4}_adrp_got = ((got_addr(got.o, _data)[63:12] - _adrp_got[63:12])[1:0] << 29) | ((got_addr(got.o, _data)[63:12] - _adrp_got[63:12])[20:2] << 5) | 0x90000000
# jitlink-check: decode_operand(_ldr_got, 2) = got_addr(got.o, _data)[11:3]
# jitlink-check: *{4}_ldr_got = (got_addr(got.o, _data)[11:3] << 10) | 0xf9400000
        .globl  _adrp_got
_adrp_got:
        adrp    x0, _data@GOTPAGE
        .globl  _ldr_got
_ldr_got:
        ldr     x0, [x0, _data@GOTPAGEOFF]

# The same for the -abs symbol, into x9 (0x90000009, 0xf9400129).
# jitlink-check: *{4}_adrp_got_ext = ((got_addr(got.o, _ext_sym)[63:12] - _adrp_got_ext[63:12])[1:0] << 29) | ((got_addr(got.o, _ext_sym)[63:12] - _adrp_got_ext[63:12])[20:2] << 5) | 0x90000009
# jitlink-check: decode_operand(_ldr_got_ext, 2) = got_addr(got.o, _ext_sym)[11:3]
# jitlink-check: *{4}_ldr_got_ext = (got_addr(got.o, _ext_sym)[11:3] << 10) | 0xf9400129
        .globl  _adrp_got_ext
_adrp_got_ext:
        adrp    x9, _ext_sym@GOTPAGE
        .globl  _ldr_got_ext
_ldr_got_ext:
        ldr     x9, [x9, _ext_sym@GOTPAGEOFF]
        ret

        .section __DATA,__data
        .p2align 3
        .globl  _data
_data:
        .quad   42

# POINTER_TO_GOT, with a guard word after it.
# jitlink-check: *{4}_ptr_to_got = (got_addr(got.o, _ext_sym) - _ptr_to_got)[31:0]
# jitlink-check: *{4}(_ptr_to_got + 4) = 0x600df00d
        .globl  _ptr_to_got
_ptr_to_got:
        .long   _ext_sym@GOT - .
        .long   0x600df00d
