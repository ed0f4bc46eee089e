# ARM64_RELOC_PAGE21 (adrp, (Page(S + A) - Page(P)) >> 12) and ARM64_RELOC_PAGEOFF12 on add and
# on loads/stores of every access size (1, 2, 4, 8, 16 bytes: imm12 = ((S + A) & 0xfff) >> size),
# with and without an ARM64_RELOC_ADDEND. (llvm-mc-22 writes a malformed ADDEND for a negative
# addend such as `sym@PAGEOFF-8`, so only positive ones are used.)
# decode_operand: ADRP operand 1 in pages; ADD/LDR/STR operand 2 is the raw (scaled) imm12.
# Each variable is aligned for its own access size but not for the next larger one.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj page.s -o page.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check page.s page.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        mov     w0, #0
        ret

# adrp x0, _var64@PAGE (0x90000000).
# jitlink-check: decode_operand(_adrp_var, 1)[20:0] = (_var64[63:12] - _adrp_var[63:12])[20:0]
# jitlink-check: *{4}_adrp_var = ((_var64[63:12] - _adrp_var[63:12])[1:0] << 29) | ((_var64[63:12] - _adrp_var[63:12])[20:2] << 5) | 0x90000000
        .globl  _adrp_var
_adrp_var:
        adrp    x0, _var64@PAGE

# adrp x1, _big@PAGE+0x1238 (ADDEND 0x1238): the page of _big + 0x1238.
# jitlink-check: decode_operand(_adrp_addend, 1)[20:0] = ((_big + 0x1238)[63:12] - _adrp_addend[63:12])[20:0]
# jitlink-check: *{4}_adrp_addend = (((_big + 0x1238)[63:12] - _adrp_addend[63:12])[1:0] << 29) | (((_big + 0x1238)[63:12] - _adrp_addend[63:12])[20:2] << 5) | 0x90000001
        .globl  _adrp_addend
_adrp_addend:
        adrp    x1, _big@PAGE+0x1238

# add x0, x0, _var8@PAGEOFF (0x91000000); add x2, x1, _big@PAGEOFF+0x1238 (0x91000022).
# jitlink-check: decode_operand(_add_lo, 2) = _var8[11:0]
# jitlink-check: *{4}_add_lo = (_var8[11:0] << 10) | 0x91000000
# jitlink-check: decode_operand(_add_addend, 2) = (_big + 0x1238)[11:0]
# jitlink-check: *{4}_add_addend = ((_big + 0x1238)[11:0] << 10) | 0x91000022
        .globl  _add_lo
_add_lo:
        add     x0, x0, _var8@PAGEOFF
        .globl  _add_addend
_add_addend:
        add     x2, x1, _big@PAGEOFF+0x1238

# 1 byte: ldrb w1 (0x39400001), strb w1 (0x39000001).
# jitlink-check: decode_operand(_ld8, 2) = _var8[11:0]
# jitlink-check: *{4}_ld8 = (_var8[11:0] << 10) | 0x39400001
# jitlink-check: *{4}_st8 = (_var8[11:0] << 10) | 0x39000001
        .globl  _ld8
_ld8:
        ldrb    w1, [x0, _var8@PAGEOFF]
        .globl  _st8
_st8:
        strb    w1, [x0, _var8@PAGEOFF]

# 2 bytes: ldrh w1 (0x79400001).
# jitlink-check: decode_operand(_ld16, 2) = _var16[11:1]
# jitlink-check: *{4}_ld16 = (_var16[11:1] << 10) | 0x79400001
        .globl  _ld16
_ld16:
        ldrh    w1, [x0, _var16@PAGEOFF]

# 4 bytes: ldr w1 (0xb9400001), ldr s3 (0xbd400003).
# jitlink-check: decode_operand(_ld32, 2) = _var32[11:2]
# jitlink-check: *{4}_ld32 = (_var32[11:2] << 10) | 0xb9400001
# jitlink-check: *{4}_ld32fp = (_var32[11:2] << 10) | 0xbd400003
        .globl  _ld32
_ld32:
        ldr     w1, [x0, _var32@PAGEOFF]
        .globl  _ld32fp
_ld32fp:
        ldr     s3, [x0, _var32@PAGEOFF]

# 8 bytes: ldr x1 (0xf9400001); str x4 at _var64+8 (ADDEND, 0xf9000004); ldr x5 at _after64
# (0xf9400005).
# jitlink-check: decode_operand(_ld64, 2) = _var64[11:3]
# jitlink-check: *{4}_ld64 = (_var64[11:3] << 10) | 0xf9400001
# jitlink-check: *{4}_st64_addend = ((_var64 + 8)[11:3] << 10) | 0xf9000004
# jitlink-check: *{4}_ld64_after = (_after64[11:3] << 10) | 0xf9400005
        .globl  _ld64
_ld64:
        ldr     x1, [x0, _var64@PAGEOFF]
        .globl  _st64_addend
_st64_addend:
        str     x4, [x0, _var64@PAGEOFF+8]
        .globl  _ld64_after
_ld64_after:
        ldr     x5, [x0, _after64@PAGEOFF]

# 16 bytes: ldr q0 (0x3dc00000), str q1 (0x3d800001).
# jitlink-check: decode_operand(_ld128, 2) = _var128[11:4]
# jitlink-check: *{4}_ld128 = (_var128[11:4] << 10) | 0x3dc00000
# jitlink-check: *{4}_st128 = (_var128[11:4] << 10) | 0x3d800001
        .globl  _ld128
_ld128:
        ldr     q0, [x0, _var128@PAGEOFF]
        .globl  _st128
_st128:
        str     q1, [x0, _var128@PAGEOFF]
        ret

        .section __DATA,__data
        .p2align 4
        .space  0x5a0
# Offsets in __data: _var128 0x5a0, _var64 0x5b8, _after64 0x5c8, _var32 0x5d4, _var16 0x5da,
# _var8 0x5dd.
        .globl  _var128
_var128:
        .space  16
        .space  8
        .globl  _var64
_var64:
        .quad   0x1122334455667788
        .quad   0
        .globl  _after64
_after64:
        .quad   0
        .space  4
        .globl  _var32
_var32:
        .long   0x11223344
        .space  2
        .globl  _var16
_var16:
        .short  0x1122
        .space  1
        .globl  _var8
_var8:
        .byte   0x11

        .p2align 4
        .globl  _big
_big:
        .space  0x2000
