# __LD,__compact_unwind into __TEXT,__unwind_info (mach-o/compact_unwind_encoding.h), with the
# link's own Mach-O header as the base of the table's 32-bit offsets:
#   - the header (mach_header_64, MH_OBJECT) is laid out first, the table right after it#
#   - _main, _leaf_a and _leaf_b (adjacent, the same FRAME encoding) share one entry#
#   - _imm (FRAMELESS) and _odd (DWARF: a CFA in x19, which no compact encoding holds)
#     get their own# _odd's entry holds its FDE's offset in __eh_frame#
#   - _thrower has a personality (index 1, from a GOT entry) and an LSDA#
#   - _dead is dead-stripped, and its record with it.
#
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check compact_unwind.s compact_unwind.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check compact_unwind.s compact_unwind.o
# RUN: llvm-jitlink-22 -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=llvm22-check -check compact_unwind.s compact_unwind.o

# The header: magic, CPU_TYPE_ARM64, CPU_SUBTYPE_ARM64_ALL, MH_OBJECT, no load commands.
# jitlink-check: *{4}__jitlink$libunwind_dso_base = 0xfeedfacf
# jitlink-check: *{4}(__jitlink$libunwind_dso_base + 4) = 0x0100000c
# jitlink-check: *{4}(__jitlink$libunwind_dso_base + 8) = 0
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
# Index: the page's first function, the page (table offset 0x40), its LSDAs (0x38)# then the
# end of the last function, no page, the end of the LSDA array.
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x40) = _main - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x44) = 0x40
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x48) = 0x38
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x4c) = (_thrower + 16) - __jitlink$libunwind_dso_base
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
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x6c) = 0x04000000
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x70) = _imm - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x74) = 0x02001000
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x78) = _odd - __jitlink$libunwind_dso_base
# _odd's FDE follows the 0x14-byte CIE (_thrower's FDE, and its CIE, are dropped).
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x7c) = 0x03000014
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x80) = _thrower - __jitlink$libunwind_dso_base
# rjitlink-check: *{4}(__jitlink$libunwind_dso_base + 0x84) = 0x54000000
# Room reserved for the six records, two of them merged away.
# rjitlink-check: *{8}(__jitlink$libunwind_dso_base + 0x88) = 0
# rjitlink-check: *{8}(__jitlink$libunwind_dso_base + 0x90) = 0

# llvm-jitlink-22 writes the same table, at the same place (third RUN line, run by the
# differential test).
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x20) = 1
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x24) = 0x1c
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x28) = 0
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x2c) = 0x1c
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x30) = 1
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x34) = 0x20
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x38) = 2
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x3c) = got_addr(compact_unwind.o, ___gxx_personality_v0) - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x40) = _main - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x44) = 0x40
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x48) = 0x38
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x4c) = (_thrower + 16) - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x50) = 0
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x54) = 0x40
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x58) = _thrower - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x5c) = _thrower_lsda - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x60) = 2
# llvm22-check: *{2}(__jitlink$libunwind_dso_base + 0x64) = 8
# llvm22-check: *{2}(__jitlink$libunwind_dso_base + 0x66) = 4
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x68) = _main - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x6c) = 0x04000000
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x70) = _imm - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x74) = 0x02001000
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x78) = _odd - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x7c) = 0x03000014
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x80) = _thrower - __jitlink$libunwind_dso_base
# llvm22-check: *{4}(__jitlink$libunwind_dso_base + 0x84) = 0x54000000
# llvm22-check: *{8}(__jitlink$libunwind_dso_base + 0x88) = 0
# llvm22-check: *{8}(__jitlink$libunwind_dso_base + 0x90) = 0

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        .cfi_startproc
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        mov     x29, sp
        .cfi_def_cfa w29, 16
        .cfi_offset w30, -8
        .cfi_offset w29, -16
        bl      _leaf_a
        bl      _leaf_b
        bl      _imm
        bl      _odd
        bl      _thrower
        mov     w0, #0
        ldp     x29, x30, [sp], #16
        ret
        .cfi_endproc

        .globl  _leaf_a
        .p2align 2
_leaf_a:
        .cfi_startproc
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        mov     x29, sp
        .cfi_def_cfa w29, 16
        .cfi_offset w30, -8
        .cfi_offset w29, -16
        ldp     x29, x30, [sp], #16
        ret
        .cfi_endproc

        .globl  _leaf_b
        .p2align 2
_leaf_b:
        .cfi_startproc
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        mov     x29, sp
        .cfi_def_cfa w29, 16
        .cfi_offset w30, -8
        .cfi_offset w29, -16
        ldp     x29, x30, [sp], #16
        ret
        .cfi_endproc

        .globl  _imm
        .p2align 2
_imm:
        .cfi_startproc
        sub     sp, sp, #16
        .cfi_def_cfa_offset 16
        add     sp, sp, #16
        ret
        .cfi_endproc

        .globl  _odd
        .p2align 2
_odd:
        .cfi_startproc
        .cfi_def_cfa x19, 16
        ret
        .cfi_endproc

        .globl  _thrower
        .p2align 2
_thrower:
        .cfi_startproc
        .cfi_personality 155, ___gxx_personality_v0
        .cfi_lsda 16, _thrower_lsda
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        mov     x29, sp
        .cfi_def_cfa w29, 16
        .cfi_offset w30, -8
        .cfi_offset w29, -16
        ldp     x29, x30, [sp], #16
        ret
        .cfi_endproc

        .p2align 2
_dead:
        .cfi_startproc
        stp     x29, x30, [sp, #-16]!
        .cfi_def_cfa_offset 16
        mov     x29, sp
        .cfi_def_cfa w29, 16
        .cfi_offset w30, -8
        .cfi_offset w29, -16
        ldp     x29, x30, [sp], #16
        ret
        .cfi_endproc

        .globl  ___gxx_personality_v0
        .p2align 2
___gxx_personality_v0:
        ret

        .section __TEXT,__gcc_except_tab
        .p2align 2
        .globl  _thrower_lsda           ; global, so that check rules can name it
_thrower_lsda:
        .byte   255
        .byte   155
        .p2align 2

.subsections_via_symbols
