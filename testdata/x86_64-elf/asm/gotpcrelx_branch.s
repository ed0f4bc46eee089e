# GOTPCRELX branch relaxation and -abs targets, where rjitlink deliberately differs from
# llvm-jitlink-22. All checks for rjitlink are `# rjitlink-check:` lines (rjitlink-only), run with
# -check-name=rjitlink-check; the file has no `# jitlink-check:` lines.
#
# rjitlink's contract:
#   - `call *foo@GOTPCREL(%rip)` (ff 15 rel32) to a symbol defined in the link becomes
#     `addr32 call foo` (67 e8 rel32), rel32 = foo - end-of-instruction (PC-relative).
#   - `jmp *foo@GOTPCREL(%rip)` (ff 25 rel32) becomes `jmp foo; nop` (e9 rel32 90), rel32 relative
#     to the end of the 5-byte jmp.
#   - a load or branch through the GOT to an -abs symbol (or any target outside the link at a
#     known address) is relaxed the same way when the target is within ±2 GiB of the site once
#     the link is laid out; beyond that it stays a load through the GOT entry, which holds the
#     absolute value.
# llvm-jitlink-22 instead relaxes call/jmp only when the target address is below 2^32, and then
# writes the *absolute* target into the rel32 field (its Pointer32 bug, fixed after 22); and it
# relaxes `mov` to an in-range -abs symbol into `lea`, as rjitlink does. The `# llvm22-check:` lines record what
# llvm-jitlink-22 does with this same object; only the differential test runs them, with
# -check-name=llvm22-check. They are not a specification for rjitlink.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj gotpcrelx_branch.s -o gotpcrelx_branch.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_near=0x7fff00100000 -abs ext_low=0x12345678 -check-name=rjitlink-check -check gotpcrelx_branch.s gotpcrelx_branch.o
# RUN: llvm-jitlink-22 -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs ext_near=0x7fff00100000 -abs ext_low=0x12345678 -check-name=llvm22-check -check gotpcrelx_branch.s gotpcrelx_branch.o

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .globl  callee_back
        .type   callee_back,@function
callee_back:
        retq
        .size   callee_back, .-callee_back

# call *callee_back@GOTPCREL(%rip): ff 15 rel32 -> 67 e8 rel32 (target before the call).
# rjitlink-check: *{1}call_back = 0x67
# rjitlink-check: *{1}(call_back + 1) = 0xe8
# rjitlink-check: *{4}(call_back + 2) = (callee_back - (call_back + 6))[31:0]
# llvm22-check: *{2}call_back = 0x15ff
# llvm22-check: *{4}(call_back + 2) = (got_addr(gotpcrelx_branch.o, callee_back) - (call_back + 6))[31:0]
# llvm22-check: *{8}got_addr(gotpcrelx_branch.o, callee_back) = callee_back
        .globl  call_back
        .type   call_back,@function
call_back:
        callq   *callee_back@GOTPCREL(%rip)
        .size   call_back, 6

# jmp *callee_fwd@GOTPCREL(%rip): ff 25 rel32 -> e9 rel32 90 (target after the jmp).
# rjitlink-check: *{1}jmp_fwd = 0xe9
# rjitlink-check: *{4}(jmp_fwd + 1) = (callee_fwd - (jmp_fwd + 5))[31:0]
# rjitlink-check: *{1}(jmp_fwd + 5) = 0x90
# llvm22-check: *{2}jmp_fwd = 0x25ff
# llvm22-check: *{4}(jmp_fwd + 2) = (got_addr(gotpcrelx_branch.o, callee_fwd) - (jmp_fwd + 6))[31:0]
        .globl  jmp_fwd
        .type   jmp_fwd,@function
jmp_fwd:
        jmpq    *callee_fwd@GOTPCREL(%rip)
        .size   jmp_fwd, 6

# jmp *callee_back@GOTPCREL(%rip): backwards jmp; the byte after the 6-byte site is untouched (cc).
# rjitlink-check: *{1}jmp_back = 0xe9
# rjitlink-check: *{4}(jmp_back + 1) = (callee_back - (jmp_back + 5))[31:0]
# rjitlink-check: *{2}(jmp_back + 5) = 0xcc90
# llvm22-check: *{2}jmp_back = 0x25ff
# llvm22-check: *{1}(jmp_back + 6) = 0xcc
        .globl  jmp_back
        .type   jmp_back,@function
jmp_back:
        jmpq    *callee_back@GOTPCREL(%rip)
        int3
        .size   jmp_back, 7

# call *callee_fwd@GOTPCREL(%rip) from a different function: 67 e8, forwards.
# rjitlink-check: *{2}call_fwd = 0xe867
# rjitlink-check: *{4}(call_fwd + 2) = (callee_fwd - (call_fwd + 6))[31:0]
# llvm22-check: *{2}call_fwd = 0x15ff
        .globl  call_fwd
        .type   call_fwd,@function
call_fwd:
        callq   *callee_fwd@GOTPCREL(%rip)
        .size   call_fwd, 6

# mov to an in-range -abs symbol: relaxed to lea (48 8d 05), by both.
# rjitlink-check: *{2}mov_near = 0x8d48
# rjitlink-check: *{1}(mov_near + 2) = 0x05
# rjitlink-check: *{4}(mov_near + 3) = (ext_near - (mov_near + 7))[31:0]
# llvm22-check: *{2}mov_near = 0x8d48
# llvm22-check: *{4}(mov_near + 3) = (ext_near - (mov_near + 7))[31:0]
        .globl  mov_near
        .type   mov_near,@function
mov_near:
        movq    ext_near@GOTPCREL(%rip), %rax
        .size   mov_near, 7

# call and jmp to an in-range -abs symbol: rjitlink relaxes them as for a symbol in the link;
# llvm-jitlink-22 keeps them (the target is above 2^32).
# rjitlink-check: *{2}call_near = 0xe867
# rjitlink-check: *{4}(call_near + 2) = (ext_near - (call_near + 6))[31:0]
# rjitlink-check: *{1}jmp_near = 0xe9
# rjitlink-check: *{4}(jmp_near + 1) = (ext_near - (jmp_near + 5))[31:0]
# rjitlink-check: *{1}(jmp_near + 5) = 0x90
# llvm22-check: *{2}call_near = 0x15ff
# llvm22-check: *{2}jmp_near = 0x25ff
        .globl  call_near
        .type   call_near,@function
call_near:
        callq   *ext_near@GOTPCREL(%rip)
        .size   call_near, 6
        .globl  jmp_near
        .type   jmp_near,@function
jmp_near:
        jmpq    *ext_near@GOTPCREL(%rip)
        .size   jmp_near, 6

# call to an -abs symbol below 2^32, out of reach of the slab: rjitlink keeps ff 15 through the
# GOT; llvm-jitlink-22 writes 67 e8 followed by the absolute address (not a displacement).
# rjitlink-check: *{2}call_low = 0x15ff
# rjitlink-check: *{4}(call_low + 2) = (got_addr(gotpcrelx_branch.o, ext_low) - (call_low + 6))[31:0]
# rjitlink-check: *{8}got_addr(gotpcrelx_branch.o, ext_low) = ext_low
# llvm22-check: *{2}call_low = 0xe867
# llvm22-check: *{4}(call_low + 2) = ext_low
        .globl  call_low
        .type   call_low,@function
call_low:
        callq   *ext_low@GOTPCREL(%rip)
        .size   call_low, 6

# jmp to the same out-of-reach -abs symbol: rjitlink keeps ff 25 through the GOT.
# rjitlink-check: *{2}jmp_low = 0x25ff
# rjitlink-check: *{4}(jmp_low + 2) = (got_addr(gotpcrelx_branch.o, ext_low) - (jmp_low + 6))[31:0]
        .globl  jmp_low
        .type   jmp_low,@function
jmp_low:
        jmpq    *ext_low@GOTPCREL(%rip)
        .size   jmp_low, 6

        .globl  callee_fwd
        .type   callee_fwd,@function
callee_fwd:
        retq
        .size   callee_fwd, .-callee_fwd
