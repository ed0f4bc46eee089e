# Thread-local variables (arm64), laid out as without a platform runtime; see
# x86_64-macho/asm/tlv.s for the x86_64 twin:
#   - __DATA,__thread_vars (S_THREAD_LOCAL_VARIABLES): one 24-byte descriptor per variable,
#     {thunk, key, offset}; the thunk is a pointer to __tlv_bootstrap (given with -abs), the key
#     stays 0, the offset field is a pointer to the variable's $tlv$init data;
#   - __DATA,__thread_data (S_THREAD_LOCAL_REGULAR): the initial values of _tlv_int and
#     _tlv_quad; __DATA,__thread_bss (S_THREAD_LOCAL_ZEROFILL, .tbss): _tlv_zero's 16 zero bytes;
#   - ARM64_RELOC_TLVP_LOAD_PAGE21 / TLVP_LOAD_PAGEOFF12 (adrp x, _v@TLVPPAGE;
#     ldr x, [x, _v@TLVPPAGEOFF]) load the descriptor's address from an 8-byte $__GOT entry, as
#     GOT_LOAD_PAGE21 / GOT_LOAD_PAGEOFF12 do (neither linker relaxes them on arm64), for the
#     descriptors defined here and for a far -abs one (_ext_tlv).
# The calls through the thunk (ldr x8, [x0]; blr x8) are not run (-noexec). llvm-jitlink-22
# links these the same way without -orc-runtime (its GOT builder takes the TLVP requests as GOT
# requests), so the rules are shared, but for the reads of zero-fill memory (`# rjitlink-check:`,
# second RUN line).
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj tlv.s -o tlv.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs __tlv_bootstrap=0x7fff5a5a0000 -abs _ext_tlv=0x123456789000 -check tlv.s tlv.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs __tlv_bootstrap=0x7fff5a5a0000 -abs _ext_tlv=0x123456789000 -check-name=rjitlink-check -check tlv.s tlv.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        mov     w0, #0
        ret

# jitlink-check: *{8}got_addr(tlv.o, _tlv_int) = _tlv_int
# jitlink-check: *{8}got_addr(tlv.o, _tlv_zero) = _tlv_zero
# jitlink-check: *{8}got_addr(tlv.o, _ext_tlv) = _ext_tlv

# adrp x0, _tlv_int@TLVPPAGE (0x90000000); ldr x0, [x0, _tlv_int@TLVPPAGEOFF] (0xf9400000);
# then ldr x8, [x0] (0xf9400008), blr x8 (0xd63f0100), ldr w0, [x0] (0xb9400000).
# jitlink-check: decode_operand(_get_int, 1)[20:0] = (got_addr(tlv.o, _tlv_int)[63:12] - _get_int[63:12])[20:0]
# jitlink-check: *{4}_get_int = ((got_addr(tlv.o, _tlv_int)[63:12] - _get_int[63:12])[1:0] << 29) | ((got_addr(tlv.o, _tlv_int)[63:12] - _get_int[63:12])[20:2] << 5) | 0x90000000
# jitlink-check: decode_operand(_get_int + 4, 2) = got_addr(tlv.o, _tlv_int)[11:3]
# jitlink-check: *{4}(_get_int + 4) = (got_addr(tlv.o, _tlv_int)[11:3] << 10) | 0xf9400000
# jitlink-check: *{4}(_get_int + 8) = 0xf9400008
# jitlink-check: *{4}(_get_int + 12) = 0xd63f0100
# jitlink-check: *{4}(_get_int + 16) = 0xb9400000
        .globl  _get_int
        .p2align 2
_get_int:
        adrp    x0, _tlv_int@TLVPPAGE
        ldr     x0, [x0, _tlv_int@TLVPPAGEOFF]
        ldr     x8, [x0]
        blr     x8
        ldr     w0, [x0]
        ret

# The zero-filled variable, through x1 (0x90000001, 0xf9400021).
# jitlink-check: *{4}_get_zero = ((got_addr(tlv.o, _tlv_zero)[63:12] - _get_zero[63:12])[1:0] << 29) | ((got_addr(tlv.o, _tlv_zero)[63:12] - _get_zero[63:12])[20:2] << 5) | 0x90000001
# jitlink-check: *{4}(_get_zero + 4) = (got_addr(tlv.o, _tlv_zero)[11:3] << 10) | 0xf9400021
        .globl  _get_zero
        .p2align 2
_get_zero:
        adrp    x1, _tlv_zero@TLVPPAGE
        ldr     x1, [x1, _tlv_zero@TLVPPAGEOFF]
        mov     x0, x1
        ldr     x8, [x0]
        blr     x8
        ldr     x0, [x0]
        ret

# A descriptor outside the link, far away, through x9 (0x90000009, 0xf9400129).
# jitlink-check: *{4}_get_ext = ((got_addr(tlv.o, _ext_tlv)[63:12] - _get_ext[63:12])[1:0] << 29) | ((got_addr(tlv.o, _ext_tlv)[63:12] - _get_ext[63:12])[20:2] << 5) | 0x90000009
# jitlink-check: decode_operand(_get_ext + 4, 2) = got_addr(tlv.o, _ext_tlv)[11:3]
# jitlink-check: *{4}(_get_ext + 4) = (got_addr(tlv.o, _ext_tlv)[11:3] << 10) | 0xf9400129
        .globl  _get_ext
        .p2align 2
_get_ext:
        adrp    x9, _ext_tlv@TLVPPAGE
        ldr     x9, [x9, _ext_tlv@TLVPPAGEOFF]
        mov     x0, x9
        ldr     x8, [x0]
        blr     x8
        ldr     w0, [x0]
        ret

# _tlv_quad is reached from data only: a plain pointer to its descriptor.
# jitlink-check: *{8}_quad_desc_ptr = _tlv_quad
        .section __DATA,__data
        .p2align 3
        .globl  _quad_desc_ptr
_quad_desc_ptr:
        .quad   _tlv_quad

# Initial values.
# jitlink-check: *{4}_tlv_int$tlv$init = 42
# jitlink-check: *{8}_tlv_quad$tlv$init = 0x1122334455667788
        .section __DATA,__thread_data,thread_local_regular
        .p2align 3
_tlv_int$tlv$init:
        .long   42
        .p2align 3
_tlv_quad$tlv$init:
        .quad   0x1122334455667788

# Zero-filled initial value (__DATA,__thread_bss). Reading zero-fill memory crashes
# llvm-jitlink-22's checker (segmentation fault in readMemoryAtAddr), so these two rules are
# rjitlink's own (second RUN line).
# rjitlink-check: *{8}_tlv_zero$tlv$init = 0
# rjitlink-check: *{8}(_tlv_zero$tlv$init + 8) = 0
        .tbss   _tlv_zero$tlv$init, 16, 3

# The descriptors, 24 bytes each: thunk, key (0), offset (the init data's address).
# jitlink-check: *{8}_tlv_int = __tlv_bootstrap
# jitlink-check: *{8}(_tlv_int + 8) = 0
# jitlink-check: *{8}(_tlv_int + 16) = _tlv_int$tlv$init
# jitlink-check: *{8}_tlv_quad = __tlv_bootstrap
# jitlink-check: *{8}(_tlv_quad + 8) = 0
# jitlink-check: *{8}(_tlv_quad + 16) = _tlv_quad$tlv$init
# jitlink-check: *{8}_tlv_zero = __tlv_bootstrap
# jitlink-check: *{8}(_tlv_zero + 8) = 0
# jitlink-check: *{8}(_tlv_zero + 16) = _tlv_zero$tlv$init
# jitlink-check: section_addr(tlv.o, __DATA,__thread_vars) = _tlv_int
# jitlink-check: _tlv_quad = _tlv_int + 24
# jitlink-check: _tlv_zero = _tlv_quad + 24
# jitlink-check: section_addr(tlv.o, __DATA,__thread_data) = _tlv_int$tlv$init
# jitlink-check: section_addr(tlv.o, __DATA,__thread_bss) = _tlv_zero$tlv$init
        .section __DATA,__thread_vars,thread_local_variables
        .p2align 3
        .globl  _tlv_int
_tlv_int:
        .quad   __tlv_bootstrap
        .quad   0
        .quad   _tlv_int$tlv$init

        .globl  _tlv_quad
_tlv_quad:
        .quad   __tlv_bootstrap
        .quad   0
        .quad   _tlv_quad$tlv$init

        .globl  _tlv_zero
_tlv_zero:
        .quad   __tlv_bootstrap
        .quad   0
        .quad   _tlv_zero$tlv$init

.subsections_via_symbols
