# The arm64e slice of libX.a: _x = 2.
        .section __DATA,__data
        .globl  _x
        .p2align 2
_x:
        .long   2

.subsections_via_symbols
