# R_AARCH64_TSTBR14: tbz and tbnz to defined labels, forwards and backwards:
# imm14 (bits 18:5) = (S + A - P) >> 2, ±32 KiB.
#
# decode_operand: operand 2 of TBZ/TBNZ (after the register and the bit number) is the signed
# offset in instructions. The whole word is also checked, so the bit-number field (b5 at bit 31,
# b40 at bits 23:19) must survive.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tstbr14.s -o tstbr14.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check tstbr14.s tstbr14.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

        .globl  target_back
        .type   target_back,@function
target_back:
        ret
        .size   target_back, .-target_back

        .space  0x1f38

# tbz x0, #37, target_fwd: b5 = 1, b40 = 5: 0xb6280000.
# jitlink-check: decode_operand(tbz_fwd, 2)[13:0] = ((target_fwd - tbz_fwd) >> 2)[13:0]
# jitlink-check: *{4}tbz_fwd = (((target_fwd - tbz_fwd) >> 2)[13:0] << 5) | 0xb6280000
        .globl  tbz_fwd
        .type   tbz_fwd,@function
tbz_fwd:
        tbz     x0, #37, target_fwd
        .size   tbz_fwd, 4

# tbnz w7, #3, target_back: b5 = 0, b40 = 3: 0x37180007.
# jitlink-check: decode_operand(tbnz_back, 2)[13:0] = ((target_back - tbnz_back) >> 2)[13:0]
# jitlink-check: *{4}tbnz_back = (((target_back - tbnz_back) >> 2)[13:0] << 5) | 0x37180007
        .globl  tbnz_back
        .type   tbnz_back,@function
tbnz_back:
        tbnz    w7, #3, target_back
        .size   tbnz_back, 4

        .space  0x3a70

        .globl  target_fwd
        .type   target_fwd,@function
target_fwd:
        ret
        .size   target_fwd, .-target_fwd
