# A relocation in a record's length and encoding fields.
        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        retq
        .globl  _other
_other:
        retq

        .section __LD,__compact_unwind,regular,debug
        .quad   _main
        .quad   _other
        .quad   0
        .quad   0
