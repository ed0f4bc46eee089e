# __LD,__compact_unwind into __TEXT,__unwind_info (mach-o/compact_unwind_encoding.h), with the
# link's own Mach-O header as the base of the table's 32-bit offsets:
#   - the header (mach_header_64, MH_OBJECT) is laid out first, the table right after it;
#   - _main, _leaf_a and _leaf_b (adjacent, the same RBP_FRAME encoding) share one entry;
#   - _imm (STACK_IMMD) and _odd (DWARF: a CFA in %r12, which no compact encoding holds)
#     get their own; _odd's entry holds its FDE's offset in __eh_frame;
#   - _thrower has a personality (index 1, from a GOT entry) and an LSDA;
#   - _dead is dead-stripped, and its record with it.
# Built with -triple=x86_64-apple-macosx11.0 (build.sh): without an OS version llvm-mc
# writes no compact unwind.
#
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check compact_unwind.s compact_unwind.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check compact_unwind.s compact_unwind.o
# RUN: llvm-jitlink-22 -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=llvm22-check -check compact_unwind.s compact_unwind.o

# The header: magic, CPU_TYPE_X86_64, CPU_SUBTYPE_X86_64_ALL, MH_OBJECT, no load commands.
# jitlink-check: *{4}__jitlink$libunwind_dso_base = 0xfeedfacf
# jitlink-check: *{4}(__jitlink$libunwind_dso_base + 4) = 0x01000007
# jitlink-check: *{4}(__jitlink$libunwind_dso_base + 8) = 3
# jitlink-check: *{4}(__jitlink$libunwind_dso_base + 12) = 1
# jitlink-check: *{8}(__jitlink$libunwind_dso_base + 16) = 0
# jitlink-check: *{8}(__jitlink$libunwind_dso_base + 24) = 0
# jitlink-check: *{8}got_addr(compact_unwind.o, ___gxx_personality_v0) = ___gxx_personality_v0

# unwind_info_section_header at +0x20: version 1, no common encodings (at 0x1c), one
# personality (at 0x1c), the index at 0x20 with two entries (one page and the end).
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x20) = 1
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x24) = 0x1c
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x28) = 0
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x2c) = 0x1c
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x30) = 1
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x34) = 0x20
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x38) = 2
# The personality: its GOT entry's offset from the base.
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x3c) = got_addr(compact_unwind.o, ___gxx_personality_v0) - __jitlink$libunwind_dso_base
# Index: the page's first function, the page (table offset 0x40), its LSDAs (0x38); then the
# end of the last function, no page, the end of the LSDA array.
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x40) = _main - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x44) = 0x40
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x48) = 0x38
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x4c) = (_thrower + 6) - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x50) = 0
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x54) = 0x40
# The LSDA array: _thrower's.
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x58) = _thrower - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x5c) = _thrower_lsda - __jitlink$libunwind_dso_base
# The regular second-level page: kind 2, entries at +8, four of them.
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x60) = 2
# rjitlink-check: *{2}(__jitlink$libunwind_dso_base + 0x64) = 8
# rjitlink-check: *{2}(__jitlink$libunwind_dso_base + 0x66) = 4
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x68) = _main - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x6c) = 0x01000000
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x70) = _imm - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x74) = 0x02020000
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x78) = _odd - __jitlink$libunwind_dso_base
# _odd's FDE follows the 0x18-byte CIE (_thrower's FDE, and its CIE, are dropped).
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x7c) = 0x04000018
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x80) = _thrower - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x84) = 0x51000000
# Room reserved for the six records, two of them merged away.
# rjitlink-check: *{8}(__jitlink$libunwind_dso_base + 0x88) = 0
# rjitlink-check: *{8}(__jitlink$libunwind_dso_base + 0x90) = 0

# llvm-jitlink-22 writes the same table (third RUN line, run by the differential test), after
# the GOT entry it lays out first: every field 8 bytes further on.
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x28) = 1
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x2c) = 0x1c
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x30) = 0
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x34) = 0x1c
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x38) = 1
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x3c) = 0x20
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x40) = 2
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x44) = got_addr(compact_unwind.o, ___gxx_personality_v0) - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x48) = _main - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x4c) = 0x40
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x50) = 0x38
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x54) = (_thrower + 6) - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x58) = 0
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x5c) = 0x40
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x60) = _thrower - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x64) = _thrower_lsda - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x68) = 2
# llvm22-check: *{2}(__jitlink$libunwind_dso_base + 0x6c) = 8
# llvm22-check: *{2}(__jitlink$libunwind_dso_base + 0x6e) = 4
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x70) = _main - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x74) = 0x01000000
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x78) = _imm - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x7c) = 0x02020000
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x80) = _odd - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x84) = 0x04000018
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x88) = _thrower - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x8c) = 0x51000000
# llvm22-check: *{8}(__jitlink$libunwind_dso_base + 0x90) = 0
# llvm22-check: *{8}(__jitlink$libunwind_dso_base + 0x98) = 0

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 4
_main:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        callq   _leaf_a
        callq   _leaf_b
        callq   _imm
        callq   _odd
        callq   _thrower
        xorl    %eax, %eax
        popq    %rbp
        retq
        .cfi_endproc

        .globl  _leaf_a
_leaf_a:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        popq    %rbp
        retq
        .cfi_endproc

        .globl  _leaf_b
_leaf_b:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        popq    %rbp
        retq
        .cfi_endproc

        .globl  _imm
_imm:
        .cfi_startproc
        subq    $8, %rsp
        .cfi_def_cfa_offset 16
        addq    $8, %rsp
        retq
        .cfi_endproc

        .globl  _odd
_odd:
        .cfi_startproc
        pushq   %r12
        .cfi_def_cfa %r12, 16
        popq    %r12
        retq
        .cfi_endproc

        .globl  _thrower
_thrower:
        .cfi_startproc
        .cfi_personality 155, ___gxx_personality_v0
        .cfi_lsda 16, _thrower_lsda
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        popq    %rbp
        retq
        .cfi_endproc

_dead:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp
        .cfi_def_cfa_register %rbp
        popq    %rbp
        retq
        .cfi_endproc

        .globl  ___gxx_personality_v0
___gxx_personality_v0:
        retq

        .section __TEXT,__gcc_except_tab
        .p2align 2
        .globl  _thrower_lsda           # global, so that check rules can name it
_thrower_lsda:
        .byte   255
        .byte   155
        .p2align 2

.subsections_via_symbols
