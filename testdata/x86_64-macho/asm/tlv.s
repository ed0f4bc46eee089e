# Thread-local variables (x86_64), laid out as without a platform runtime:
#   - __DATA,__thread_vars (S_THREAD_LOCAL_VARIABLES): one 24-byte descriptor per variable,
#     {thunk, key, offset}; the thunk is a pointer to __tlv_bootstrap (given with -abs), the key
#     stays 0, the offset field is a pointer to the variable's $tlv$init data;
#   - __DATA,__thread_data (S_THREAD_LOCAL_REGULAR): the initial values of _tlv_int and
#     _tlv_quad; __DATA,__thread_bss (S_THREAD_LOCAL_ZEROFILL, .tbss): _tlv_zero's 16 zero bytes;
#   - X86_64_RELOC_TLV (movq _v@TLVP(%rip), %rdi) loads the descriptor's address through a GOT
#     entry: relaxed to leaq (48 8b -> 48 8d) for the descriptors defined here, kept as a load
#     from an 8-byte $__GOT entry for a far -abs descriptor (_ext_tlv).
# The calls through the thunk (callq *(%rdi)) are not run (-noexec); running them would need a
# platform runtime behind __tlv_bootstrap.
#
# llvm-jitlink-22 without -orc-runtime does not link this: only its MachO platform turns the TLV
# edge into a GOT load, and without it the link fails at fixup ("unsupported edge kind
# RequestTLVPAndTransformToPCRel32TLVPLoadREXRelaxable"; tests/macho_relocations.rs checks
# that). So these rules are rjitlink's own (`# rjitlink-check:`). The arm64 twin's rules are
# shared: there llvm-jitlink-22's GOT builder takes TLVP requests itself.
#
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj tlv.s -o tlv.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs __tlv_bootstrap=0x7fff5a5a0000 -abs _ext_tlv=0x123456789000 -check-name=rjitlink-check -check tlv.s tlv.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        xorl    %eax, %eax
        retq

# movq _tlv_int@TLVP(%rip), %rdi -> leaq _tlv_int(%rip), %rdi (48 8d 3d disp32), then
# callq *(%rdi) (ff 17) and movl (%rax), %eax (8b 00).
# rjitlink-check: *{2}_get_int = 0x8d48
# rjitlink-check: *{1}(_get_int + 2) = 0x3d
# rjitlink-check: *{4}(_get_int + 3) = (_tlv_int - (_get_int + 7))[31:0]
# rjitlink-check: *{2}(_get_int + 7) = 0x17ff
# rjitlink-check: *{2}(_get_int + 9) = 0x008b
        .globl  _get_int
_get_int:
        movq    _tlv_int@TLVP(%rip), %rdi
        callq   *(%rdi)
        movl    (%rax), %eax
        retq

# The same into %rsi for the zero-filled variable: 48 8d 35 disp32.
# rjitlink-check: *{2}_get_zero = 0x8d48
# rjitlink-check: *{1}(_get_zero + 2) = 0x35
# rjitlink-check: *{4}(_get_zero + 3) = (_tlv_zero - (_get_zero + 7))[31:0]
        .globl  _get_zero
_get_zero:
        movq    _tlv_zero@TLVP(%rip), %rsi
        movq    %rsi, %rdi
        callq   *(%rdi)
        movq    (%rax), %rax
        retq

# A descriptor outside the link, far away: stays 48 8b 3d, through its GOT entry.
# rjitlink-check: *{2}_get_ext = 0x8b48
# rjitlink-check: *{1}(_get_ext + 2) = 0x3d
# rjitlink-check: *{4}(_get_ext + 3) = (got_addr(tlv.o, _ext_tlv) - (_get_ext + 7))[31:0]
# rjitlink-check: *{8}got_addr(tlv.o, _ext_tlv) = _ext_tlv
        .globl  _get_ext
_get_ext:
        movq    _ext_tlv@TLVP(%rip), %rdi
        callq   *(%rdi)
        movl    (%rax), %eax
        retq

# _tlv_quad is reached from data only: a plain pointer to its descriptor.
# rjitlink-check: *{8}_quad_desc_ptr = _tlv_quad
        .section __DATA,__data
        .p2align 3
        .globl  _quad_desc_ptr
_quad_desc_ptr:
        .quad   _tlv_quad

# Initial values.
# rjitlink-check: *{4}_tlv_int$tlv$init = 42
# rjitlink-check: *{8}_tlv_quad$tlv$init = 0x1122334455667788
        .section __DATA,__thread_data,thread_local_regular
        .p2align 3
_tlv_int$tlv$init:
        .long   42
        .p2align 3
_tlv_quad$tlv$init:
        .quad   0x1122334455667788

# Zero-filled initial value (__DATA,__thread_bss).
# rjitlink-check: *{8}_tlv_zero$tlv$init = 0
# rjitlink-check: *{8}(_tlv_zero$tlv$init + 8) = 0
        .tbss   _tlv_zero$tlv$init, 16, 3

# The descriptors, 24 bytes each: thunk, key (0), offset (the init data's address).
# rjitlink-check: *{8}_tlv_int = __tlv_bootstrap
# rjitlink-check: *{8}(_tlv_int + 8) = 0
# rjitlink-check: *{8}(_tlv_int + 16) = _tlv_int$tlv$init
# rjitlink-check: *{8}_tlv_quad = __tlv_bootstrap
# rjitlink-check: *{8}(_tlv_quad + 8) = 0
# rjitlink-check: *{8}(_tlv_quad + 16) = _tlv_quad$tlv$init
# rjitlink-check: *{8}_tlv_zero = __tlv_bootstrap
# rjitlink-check: *{8}(_tlv_zero + 8) = 0
# rjitlink-check: *{8}(_tlv_zero + 16) = _tlv_zero$tlv$init
# rjitlink-check: section_addr(tlv.o, __DATA,__thread_vars) = _tlv_int
# rjitlink-check: _tlv_quad = _tlv_int + 24
# rjitlink-check: _tlv_zero = _tlv_quad + 24
# rjitlink-check: section_addr(tlv.o, __DATA,__thread_data) = _tlv_int$tlv$init
# rjitlink-check: section_addr(tlv.o, __DATA,__thread_bss) = _tlv_zero$tlv$init
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
