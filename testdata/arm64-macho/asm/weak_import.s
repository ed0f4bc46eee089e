# -weak_library: _foo comes from a library that may be missing where the program runs (here a
# text-based stub, libWeakImport.tbd, exports it). Linked against it, the reference resolves to 0;
# without it, _foo is undefined (tests/macho_relocations.rs).
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj weak_import.s -o weak_import.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -weak_library libWeakImport.tbd -check weak_import.s weak_import.o

# jitlink-check: *{8}got_addr(weak_import.o, _foo) = 0

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        adrp    x0, _foo@GOTPAGE
        ldr     x0, [x0, _foo@GOTPAGEOFF]
        ret

.subsections_via_symbols
