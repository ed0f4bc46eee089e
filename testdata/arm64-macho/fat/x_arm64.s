# The arm64 slice of libX.a: _x = 1.
        .section __DATA,__data
        .globl  _x
        .p2align 2
_x:
        .long   1

.subsections_via_symbols
