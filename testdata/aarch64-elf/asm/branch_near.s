# An external (-abs) branch target *within* ±128 MiB, where rjitlink and llvm-jitlink-22 differ.
#
# rjitlink (`# rjitlink-check:`, run with -check-name=rjitlink-check): stubs are range-extension
# veneers; bl/b to an -abs function in reach of the branch are direct; the far one in the same
# link still goes through its stub.
# llvm-jitlink-22 has no stub bypass on aarch64: every branch to a symbol not defined in the
# graph goes through a stub, in range or not. The `# llvm22-check:` lines record that; only the
# differential test runs them (-check-name=llvm22-check). They are not a specification.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj branch_near.s -o branch_near.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs near_fn=0x7fff04000000 -abs near_back=0x7ffefc000010 -abs far_fn=0x123456789000 -check-name=rjitlink-check -check branch_near.s branch_near.o
# RUN: llvm-jitlink-22 -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs near_fn=0x7fff04000000 -abs near_back=0x7ffefc000010 -abs far_fn=0x123456789000 -check-name=llvm22-check -check branch_near.s branch_near.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# bl near_fn (64 MiB above the slab): direct for rjitlink, via the stub for llvm-jitlink-22.
# rjitlink-check: *{4}call_near = ((near_fn - call_near) >> 2)[25:0] | 0x94000000
# rjitlink-check: decode_operand(call_near, 0)[25:0] = ((near_fn - call_near) >> 2)[25:0]
# llvm22-check: *{4}call_near = ((stub_addr(branch_near.o, near_fn) - call_near) >> 2)[25:0] | 0x94000000
# llvm22-check: *{8}got_addr(branch_near.o, near_fn) = near_fn
        .globl  call_near
        .type   call_near,@function
call_near:
        bl      near_fn
        .size   call_near, 4

# b near_back (about 64 MiB below the slab, backwards): direct for rjitlink.
# rjitlink-check: *{4}jump_near_back = ((near_back - jump_near_back) >> 2)[25:0] | 0x14000000
# llvm22-check: *{4}jump_near_back = ((stub_addr(branch_near.o, near_back) - jump_near_back) >> 2)[25:0] | 0x14000000
        .globl  jump_near_back
        .type   jump_near_back,@function
jump_near_back:
        b       near_back
        .size   jump_near_back, 4

# bl far_fn: through its stub for both.
# rjitlink-check: *{4}call_far = ((stub_addr(branch_near.o, far_fn) - call_far) >> 2)[25:0] | 0x94000000
# rjitlink-check: *{4}(stub_addr(branch_near.o, far_fn) + 8) = 0xd61f0200
# rjitlink-check: *{8}got_addr(branch_near.o, far_fn) = far_fn
# llvm22-check: *{4}call_far = ((stub_addr(branch_near.o, far_fn) - call_far) >> 2)[25:0] | 0x94000000
        .globl  call_far
        .type   call_far,@function
call_far:
        bl      far_fn
        .size   call_far, 4
