# One .text section with 40,000 relocations (src/link/elf.rs converts sections of 32k entries
# or more in parallel runs of 16k, writing each run's edges into the block's room and closing
# the gaps that entries without an edge leave): `leaq near(%rip)` in 4,000 functions of 10.
# R_X86_64_NONE entries (no edge) sit in the first and the second run, so later edges move.
# The checks read relocations at the start, after the gaps, across run boundaries and at the
# end. Built with --defsym BAD=1 (parallel_relocs_bad.o, see build.sh), it carries an
# R_X86_64_COPY (which no object may carry) in the first run and another in the last, and the
# error must name the first (tests/errors.rs).
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj parallel_relocs.s -o parallel_relocs.o
# RUN: rjitlink -noexec -slab-allocate 2Mb -slab-address 0x10000 -slab-page-size 4096 -check parallel_relocs.s parallel_relocs.o

# jitlink-check: *{4}(f0 + 3) = (near - (f0 + 7)) & 0xffffffff
# jitlink-check: *{4}(f1 + 3) = (near - (f1 + 7)) & 0xffffffff
# jitlink-check: *{4}(f1700 + 66) = (near - (f1700 + 70)) & 0xffffffff
# jitlink-check: *{4}(f2000 + 3) = (near - (f2000 + 7)) & 0xffffffff
# jitlink-check: *{4}(f3276 + 24) = (near - (f3276 + 28)) & 0xffffffff
# jitlink-check: *{4}(f3999 + 66) = (near - (f3999 + 70)) & 0xffffffff
# jitlink-check: *{8}zero_ref = 0x1234

        .data
        .globl  near
near:
        .quad   0

        .text
        .globl  main
main:
        xorl    %eax, %eax
        retq

        .altmacro
        .macro  function n
        .globl  f\n
f\n:
        .if \n == 1 || \n == 2000
        .reloc  ., R_X86_64_NONE, near
        .endif
        .ifdef  BAD
        .if \n == 7 || \n == 3900
        .reloc  ., R_X86_64_COPY, near
        .endif
        .endif
        .rept   10
        leaq    near(%rip), %rax
        .endr
        retq
        .endm

        .set    i, 0
        .rept   4000
        function %i
        .set    i, i + 1
        .endr

        # An edge against symbol index 0 (the absolute 0, plus the addend) in the last run: the
        # null symbol is made after the runs and the edge pointed at it.
        .globl  zero_ref
zero_ref:
        .reloc  zero_ref, R_X86_64_64, 0x1234
        .quad   0
