# R_X86_64_PLT32: a call/jmp to a function defined in this object is direct (no stub); a call/jmp to
# an external (-abs) function more than 2 GiB away goes through a 6-byte stub `ff 25 rel32` in
# $__STUBS, which jumps through the target's 8-byte GOT entry in $__GOT.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj plt.s -o plt.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_fn=0x123456789000 -abs ext_near_fn=0x7fff00100000 -check plt.s plt.o
#
# ext_fn is deliberately out of rel32 range of the slab, which pins down the stub path;
# ext_near_fn is in range, and a call to it bypasses its stub (both linkers call it directly).

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .globl  local_fn
        .type   local_fn,@function
local_fn:
        retq
        .size   local_fn, .-local_fn

# call local_fn: e8 rel32, direct, rel32 = local_fn - end of call (backwards, so negative).
# jitlink-check: *{1}call_local = 0xe8
# jitlink-check: *{4}(call_local + 1) = (local_fn - (call_local + 5))[31:0]
        .globl  call_local
        .type   call_local,@function
call_local:
        callq   local_fn
        .size   call_local, 5

# jmp fwd_fn (tail call): e9 rel32, direct, forwards.
# jitlink-check: *{1}jmp_local = 0xe9
# jitlink-check: *{4}(jmp_local + 1) = (fwd_fn - (jmp_local + 5))[31:0]
        .globl  jmp_local
        .type   jmp_local,@function
jmp_local:
        jmp     fwd_fn@PLT
        .size   jmp_local, 5

# call ext_near_fn: e8 rel32 straight to the in-range absolute target, not its stub.
# jitlink-check: *{1}call_ext_near = 0xe8
# jitlink-check: *{4}(call_ext_near + 1) = (ext_near_fn - (call_ext_near + 5))[31:0]
        .globl  call_ext_near
        .type   call_ext_near,@function
call_ext_near:
        callq   ext_near_fn
        .size   call_ext_near, 5

# call ext_fn: e8 rel32 to the stub; the stub is ff 25 rel32 to the GOT entry; the GOT entry holds
# the absolute address of ext_fn.
# jitlink-check: *{1}call_ext = 0xe8
# jitlink-check: *{4}(call_ext + 1) = (stub_addr(plt.o, ext_fn) - (call_ext + 5))[31:0]
# jitlink-check: *{2}stub_addr(plt.o, ext_fn) = 0x25ff
# jitlink-check: *{4}(stub_addr(plt.o, ext_fn) + 2) = (got_addr(plt.o, ext_fn) - (stub_addr(plt.o, ext_fn) + 6))[31:0]
# jitlink-check: *{8}got_addr(plt.o, ext_fn) = ext_fn
        .globl  call_ext
        .type   call_ext,@function
call_ext:
        callq   ext_fn
        .size   call_ext, 5

# jmp ext_fn@PLT: e9 rel32 to the same stub (one stub per target).
# jitlink-check: *{1}jmp_ext = 0xe9
# jitlink-check: *{4}(jmp_ext + 1) = (stub_addr(plt.o, ext_fn) - (jmp_ext + 5))[31:0]
        .globl  jmp_ext
        .type   jmp_ext,@function
jmp_ext:
        jmp     ext_fn@PLT
        .size   jmp_ext, 5

        .globl  fwd_fn
        .type   fwd_fn,@function
fwd_fn:
        retq
        .size   fwd_fn, .-fwd_fn
