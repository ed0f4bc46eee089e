# R_AARCH64_CALL26 (bl) and R_AARCH64_JUMP26 (b) to functions defined in this object, forwards,
# backwards and with an addend: imm26 = (S + A - P) >> 2, direct, no stub.
#
# Each site is checked twice: decode_operand (LLVM MC operand 0 of B/BL is the signed offset in
# instructions; sliced to 26 bits because operands are sign-extended to 64) and the whole 32-bit
# word, so an offset that is one instruction off, or a clobbered opcode bit, fails.
# The padding puts callees more than 64 KiB away, so high imm26 bits are exercised too.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj branch26.s -o branch26.o
# RUN: rjitlink -noexec -slab-allocate 1Mb -slab-address 0x7fff00000000 -slab-page-size 4096 -check branch26.s branch26.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

        .globl  callee_back
        .type   callee_back,@function
callee_back:
        ret
        .size   callee_back, .-callee_back

        .space  0x12344

# bl callee_back: backwards, negative imm26.
# jitlink-check: decode_operand(call_back, 0)[25:0] = ((callee_back - call_back) >> 2)[25:0]
# jitlink-check: *{4}call_back = ((callee_back - call_back) >> 2)[25:0] | 0x94000000
        .globl  call_back
        .type   call_back,@function
call_back:
        bl      callee_back
        .size   call_back, 4

# bl callee_fwd: forwards.
# jitlink-check: decode_operand(call_fwd, 0)[25:0] = ((callee_fwd - call_fwd) >> 2)[25:0]
# jitlink-check: *{4}call_fwd = ((callee_fwd - call_fwd) >> 2)[25:0] | 0x94000000
        .globl  call_fwd
        .type   call_fwd,@function
call_fwd:
        bl      callee_fwd
        .size   call_fwd, 4

# bl callee_fwd+8: the addend is added before shifting.
# jitlink-check: *{4}call_addend = (((callee_fwd + 8) - call_addend) >> 2)[25:0] | 0x94000000
        .globl  call_addend
        .type   call_addend,@function
call_addend:
        bl      callee_fwd+8
        .size   call_addend, 4

# b callee_back (JUMP26): opcode 0x14000000.
# jitlink-check: decode_operand(jump_back, 0)[25:0] = ((callee_back - jump_back) >> 2)[25:0]
# jitlink-check: *{4}jump_back = ((callee_back - jump_back) >> 2)[25:0] | 0x14000000
        .globl  jump_back
        .type   jump_back,@function
jump_back:
        b       callee_back
        .size   jump_back, 4

# b callee_fwd (JUMP26), forwards.
# jitlink-check: decode_operand(jump_fwd, 0)[25:0] = ((callee_fwd - jump_fwd) >> 2)[25:0]
# jitlink-check: *{4}jump_fwd = ((callee_fwd - jump_fwd) >> 2)[25:0] | 0x14000000
        .globl  jump_fwd
        .type   jump_fwd,@function
jump_fwd:
        b       callee_fwd
        .size   jump_fwd, 4

        .space  0x20008

        .globl  callee_fwd
        .type   callee_fwd,@function
callee_fwd:
        nop
        nop
        ret
        .size   callee_fwd, .-callee_fwd
