# Four personality functions: the encoding's two bits name at most three.
        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        retq
        .globl  _other
_other:
        retq

        .globl  _p1, _p2, _p3, _p4, _f2, _f3, _f4
_p1:    retq
_p2:    retq
_p3:    retq
_p4:    retq
_f2:    retq
_f3:    retq
_f4:    retq
        .section __LD,__compact_unwind,regular,debug
        .quad   _main
        .long   1
        .long   0x02000000
        .quad   _p1
        .quad   0
        .quad   _f2
        .long   1
        .long   0x02000000
        .quad   _p2
        .quad   0
        .quad   _f3
        .long   1
        .long   0x02000000
        .quad   _p3
        .quad   0
        .quad   _f4
        .long   1
        .long   0x02000000
        .quad   _p4
        .quad   0
