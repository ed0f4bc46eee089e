# UNWIND_X86_64_MODE_DWARF for a function that has no FDE.
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
        .long   0x04000000
        .quad   0
        .quad   0
