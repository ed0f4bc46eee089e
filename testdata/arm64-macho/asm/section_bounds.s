# section$start$SEG$SECT and section$end$SEG$SECT: the first and one-past-last byte of the
# section SEG,SECT (here __DATA,__plugins: two entries, 16 bytes). The section is kept although
# nothing else refers to it, and the bounds are what a loop over it reads.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj section_bounds.s -o section_bounds.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check section_bounds.s section_bounds.o

# jitlink-check: (*{8}_end_ptr) - (*{8}_start_ptr) = 16
# jitlink-check: *{8}_start_ptr = _first
# jitlink-check: *{8}(*{8}_start_ptr) = 0x1111
# jitlink-check: *{8}((*{8}_start_ptr) + 8) = 0x2222

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        mov     w0, #0
        ret

        .section __DATA,__plugins
        .globl  _first
        .p2align 3
_first:
        .quad   0x1111
        .quad   0x2222

        .section __DATA,__data
        .globl  _start_ptr
        .p2align 3
_start_ptr:
        .quad   section$start$__DATA$__plugins
        .globl  _end_ptr
_end_ptr:
        .quad   section$end$__DATA$__plugins

.subsections_via_symbols
