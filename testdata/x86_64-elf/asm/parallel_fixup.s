# A link large enough to be fixed up in parallel (src/link/fixup.rs: 16k edges or more): 2,000
# functions of 10 `leaq near(%rip)` each, every function in a section of its own so that the
# blocks are cut into runs. The checks read relocations in the first, middle and last runs.
# f5 and f1990 also refer to `far`: within reach here, out of range in tests/errors.rs
# (parallel_fixup_reports_the_first_error_in_layout_order), where the error must name f5, the
# first in layout order, whichever run finishes first.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj parallel_fixup.s -o parallel_fixup.o
# RUN: rjitlink -noexec -slab-allocate 1Mb -slab-address 0x10000 -slab-page-size 4096 -abs far=0x7fff0000 -check parallel_fixup.s parallel_fixup.o

# jitlink-check: *{4}(f0 + 3) = (near - (f0 + 7)) & 0xffffffff
# jitlink-check: *{4}(f0 + 66) = (near - (f0 + 70)) & 0xffffffff
# jitlink-check: *{4}(f1000 + 31) = (near - (f1000 + 35)) & 0xffffffff
# jitlink-check: *{4}(f1999 + 66) = (near - (f1999 + 70)) & 0xffffffff
# jitlink-check: *{4}(f5 + 73) = far - (f5 + 77)
# jitlink-check: *{4}(f1990 + 73) = far - (f1990 + 77)

        .text
        .globl  main
main:
        xorl    %eax, %eax
        retq

        .data
        .globl  near
near:
        .quad   0

        .altmacro
        .macro  function n
        .section .text.f\n,"ax",@progbits
        .globl  f\n
f\n:
        .rept   10
        leaq    near(%rip), %rax
        .endr
        .if \n == 5 || \n == 1990
        leaq    far(%rip), %rax
        .endif
        retq
        .endm

        .set    i, 0
        .rept   2000
        function %i
        .set    i, i + 1
        .endr
