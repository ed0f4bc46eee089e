# A compact unwind base above the code: every offset from it would underflow.
        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        retq
        .globl  _other
_other:
        retq

        .section __LD,__compact_unwind,regular,debug
        .quad   _main
        .long   1
        .long   0x02000000
        .quad   0
        .quad   0

        .globl  __jitlink$libunwind_dso_base
        .set    __jitlink$libunwind_dso_base, 0xffff000000000000
