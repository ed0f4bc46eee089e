# R_AARCH64_ADR_PREL_PG_HI21 (adrp), R_AARCH64_ADD_ABS_LO12_NC (add) and
# R_AARCH64_LDST{8,16,32,64,128}_ABS_LO12_NC (ldr/str, integer and FP/SIMD) to data in .data.
#   ADRP:   immhi:immlo = (Page(S + A) - Page(P)) >> 12, Page(x) = x & ~0xfff, ±4 GiB.
#   ADD:    imm12 (bits 21:10) = (S + A) & 0xfff.
#   LDSTn:  imm12 = ((S + A) & 0xfff) >> log2(n / 8), so the field is the scaled offset.
# decode_operand: ADRP operand 1 is in pages; ADD/LDR/STR operand 2 is the raw imm12 field.
# Each variable sits at an offset that is aligned for its own access size but not for the next
# larger one, so a fixup that scales by the wrong size fails; the adrp sites target the other
# segment (a different page) and `big + 0x1238` crosses a page inside the object.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj page.s -o page.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check page.s page.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# adrp x0, var64: 0x90000000; immlo (bits 30:29) = pages[1:0], immhi (bits 23:5) = pages[20:2].
# jitlink-check: decode_operand(adrp_var, 1)[20:0] = (var64[63:12] - adrp_var[63:12])[20:0]
# jitlink-check: *{4}adrp_var = ((var64[63:12] - adrp_var[63:12])[1:0] << 29) | ((var64[63:12] - adrp_var[63:12])[20:2] << 5) | 0x90000000
        .globl  adrp_var
        .type   adrp_var,@function
adrp_var:
        adrp    x0, var64
        .size   adrp_var, 4

# adrp x1, big+0x1238: the addend is added before taking the page.
# jitlink-check: decode_operand(adrp_addend, 1)[20:0] = ((big + 0x1238)[63:12] - adrp_addend[63:12])[20:0]
# jitlink-check: *{4}adrp_addend = (((big + 0x1238)[63:12] - adrp_addend[63:12])[1:0] << 29) | (((big + 0x1238)[63:12] - adrp_addend[63:12])[20:2] << 5) | 0x90000001
        .globl  adrp_addend
        .type   adrp_addend,@function
adrp_addend:
        adrp    x1, big+0x1238
        .size   adrp_addend, 4

# add x0, x0, :lo12:var8: 0x91000000.
# jitlink-check: decode_operand(add_lo, 2) = var8[11:0]
# jitlink-check: *{4}add_lo = (var8[11:0] << 10) | 0x91000000
        .globl  add_lo
        .type   add_lo,@function
add_lo:
        add     x0, x0, :lo12:var8
        .size   add_lo, 4

# add w2, w3, :lo12:big+0x1238 (32-bit add, addend): 0x11000062.
# jitlink-check: decode_operand(add_addend, 2) = (big + 0x1238)[11:0]
# jitlink-check: *{4}add_addend = ((big + 0x1238)[11:0] << 10) | 0x11000062
        .globl  add_addend
        .type   add_addend,@function
add_addend:
        add     w2, w3, :lo12:big+0x1238
        .size   add_addend, 4

# LDST8: ldrb w1, [x0, :lo12:var8] (0x39400001), strb w1 (0x39000001): unscaled.
# jitlink-check: decode_operand(ld8, 2) = var8[11:0]
# jitlink-check: *{4}ld8 = (var8[11:0] << 10) | 0x39400001
# jitlink-check: *{4}st8 = (var8[11:0] << 10) | 0x39000001
        .globl  ld8
        .type   ld8,@function
ld8:
        ldrb    w1, [x0, :lo12:var8]
        .size   ld8, 4
        .globl  st8
        .type   st8,@function
st8:
        strb    w1, [x0, :lo12:var8]
        .size   st8, 4

# LDST16: ldrh w1 (0x79400001), ldrsh x2 (0x79800002): offset / 2.
# jitlink-check: decode_operand(ld16, 2) = var16[11:1]
# jitlink-check: *{4}ld16 = (var16[11:1] << 10) | 0x79400001
# jitlink-check: *{4}ld16s = (var16[11:1] << 10) | 0x79800002
        .globl  ld16
        .type   ld16,@function
ld16:
        ldrh    w1, [x0, :lo12:var16]
        .size   ld16, 4
        .globl  ld16s
        .type   ld16s,@function
ld16s:
        ldrsh   x2, [x0, :lo12:var16]
        .size   ld16s, 4

# LDST32: ldr w1 (0xb9400001), ldrsw x3 (0xb9800003), str s2 (0xbd000002): offset / 4.
# jitlink-check: decode_operand(ld32, 2) = var32[11:2]
# jitlink-check: *{4}ld32 = (var32[11:2] << 10) | 0xb9400001
# jitlink-check: *{4}ld32s = (var32[11:2] << 10) | 0xb9800003
# jitlink-check: *{4}st32fp = (var32[11:2] << 10) | 0xbd000002
        .globl  ld32
        .type   ld32,@function
ld32:
        ldr     w1, [x0, :lo12:var32]
        .size   ld32, 4
        .globl  ld32s
        .type   ld32s,@function
ld32s:
        ldrsw   x3, [x0, :lo12:var32]
        .size   ld32s, 4
        .globl  st32fp
        .type   st32fp,@function
st32fp:
        str     s2, [x0, :lo12:var32]
        .size   st32fp, 4

# LDST64: ldr x1 (0xf9400001), ldr d0 (0xfd400000), str x4 with addend 8 (0xf9000004): offset / 8.
# jitlink-check: decode_operand(ld64, 2) = var64[11:3]
# jitlink-check: *{4}ld64 = (var64[11:3] << 10) | 0xf9400001
# jitlink-check: *{4}ld64fp = (var64[11:3] << 10) | 0xfd400000
# jitlink-check: decode_operand(st64_addend, 2) = (var64 + 8)[11:3]
# jitlink-check: *{4}st64_addend = ((var64 + 8)[11:3] << 10) | 0xf9000004
        .globl  ld64
        .type   ld64,@function
ld64:
        ldr     x1, [x0, :lo12:var64]
        .size   ld64, 4
        .globl  ld64fp
        .type   ld64fp,@function
ld64fp:
        ldr     d0, [x0, :lo12:var64]
        .size   ld64fp, 4
        .globl  st64_addend
        .type   st64_addend,@function
st64_addend:
        str     x4, [x0, :lo12:var64+8]
        .size   st64_addend, 4

# LDST128: ldr q0 (0x3dc00000), str q1 (0x3d800001): offset / 16.
# jitlink-check: decode_operand(ld128, 2) = var128[11:4]
# jitlink-check: *{4}ld128 = (var128[11:4] << 10) | 0x3dc00000
# jitlink-check: *{4}st128 = (var128[11:4] << 10) | 0x3d800001
        .globl  ld128
        .type   ld128,@function
ld128:
        ldr     q0, [x0, :lo12:var128]
        .size   ld128, 4
        .globl  st128
        .type   st128,@function
st128:
        str     q1, [x0, :lo12:var128]
        .size   st128, 4

        .data
        .p2align 4
        .space  0x5a0
# Offsets in .data: var128 0x5a0, var64 0x5b8, var32 0x5cc, var16 0x5d2, var8 0x5d5.
        .globl  var128
        .type   var128,@object
var128:
        .space  16
        .size   var128, 16
        .space  8
        .globl  var64
        .type   var64,@object
var64:
        .xword  0x1122334455667788
        .xword  0
        .size   var64, 16
        .space  4
        .globl  var32
        .type   var32,@object
var32:
        .word   0x11223344
        .size   var32, 4
        .space  2
        .globl  var16
        .type   var16,@object
var16:
        .hword  0x1122
        .size   var16, 2
        .space  1
        .globl  var8
        .type   var8,@object
var8:
        .byte   0x11
        .size   var8, 1

        .p2align 4
        .globl  big
        .type   big,@object
big:
        .space  0x2000
        .size   big, 0x2000
