# As parallel_relocs.s, with an R_X86_64_COPY (which no object may carry) in the first parallel
# run and another in the last: the error names the first (tests/errors.rs).
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj parallel_relocs_bad.s -o parallel_relocs_bad.o

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
        .if \n == 7 || \n == 3900
        .reloc  ., R_X86_64_COPY, near
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
