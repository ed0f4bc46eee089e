# 33 bytes: not a whole number of 32-byte records.
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
        .byte   0
