# A record whose function field has no relocation.
        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        retq
        .globl  _other
_other:
        retq

        .section __LD,__compact_unwind,regular,debug
        .quad   0
        .long   1
        .long   0x02000000
        .quad   0
        .quad   0
