# CALL26 / JUMP26 to an external (-abs) function far outside ±128 MiB of the slab: the branch goes
# to the target's 12-byte stub in $__STUBS (adrp x16, GOT@page; ldr x16, [x16, GOT@pageoff];
# br x16), which loads the target from its 8-byte GOT entry in $__GOT. One stub per target, shared
# by bl and b; a second far target gets its own stub and GOT entry.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj stubs.s -o stubs.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs far_fn=0x123456789000 -abs far_fn2=0x10000 -check stubs.s stubs.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# bl far_fn / b far_fn: both to the same stub.
# jitlink-check: decode_operand(call_far, 0)[25:0] = ((stub_addr(stubs.o, far_fn) - call_far) >> 2)[25:0]
# jitlink-check: *{4}call_far = ((stub_addr(stubs.o, far_fn) - call_far) >> 2)[25:0] | 0x94000000
# jitlink-check: decode_operand(jump_far, 0)[25:0] = ((stub_addr(stubs.o, far_fn) - jump_far) >> 2)[25:0]
# jitlink-check: *{4}jump_far = ((stub_addr(stubs.o, far_fn) - jump_far) >> 2)[25:0] | 0x14000000
        .globl  call_far
        .type   call_far,@function
call_far:
        bl      far_fn
        .size   call_far, 4
        .globl  jump_far
        .type   jump_far,@function
jump_far:
        b       far_fn
        .size   jump_far, 4

# The stub: adrp x16 (0x90000010) to the GOT entry's page, ldr x16, [x16, #lo12] (0xf9400210),
# br x16 (0xd61f0200). The GOT entry holds far_fn.
# jitlink-check: *{4}stub_addr(stubs.o, far_fn) = ((got_addr(stubs.o, far_fn)[63:12] - stub_addr(stubs.o, far_fn)[63:12])[1:0] << 29) | ((got_addr(stubs.o, far_fn)[63:12] - stub_addr(stubs.o, far_fn)[63:12])[20:2] << 5) | 0x90000010
# jitlink-check: *{4}(stub_addr(stubs.o, far_fn) + 4) = (got_addr(stubs.o, far_fn)[11:3] << 10) | 0xf9400210
# jitlink-check: *{4}(stub_addr(stubs.o, far_fn) + 8) = 0xd61f0200
# jitlink-check: *{8}got_addr(stubs.o, far_fn) = far_fn
# jitlink-check: stub_addr(stubs.o, far_fn)[1:0] = 0

# bl far_fn2 (also beyond ±128 MiB, below the slab): its own stub and GOT entry.
# jitlink-check: *{4}call_far2 = ((stub_addr(stubs.o, far_fn2) - call_far2) >> 2)[25:0] | 0x94000000
# jitlink-check: *{4}(stub_addr(stubs.o, far_fn2) + 4) = (got_addr(stubs.o, far_fn2)[11:3] << 10) | 0xf9400210
# jitlink-check: *{4}(stub_addr(stubs.o, far_fn2) + 8) = 0xd61f0200
# jitlink-check: *{8}got_addr(stubs.o, far_fn2) = far_fn2
        .globl  call_far2
        .type   call_far2,@function
call_far2:
        bl      far_fn2
        .size   call_far2, 4
