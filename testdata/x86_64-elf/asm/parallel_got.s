# A link large enough for the GOT pass to settle edges in parallel (src/link/got.rs: 16k edges
# or more): 2,000 functions of 10 GOT loads of `near`, each function in a section of its own,
# then `big`, one block of 17,000 more (settled in runs of 16k). Every load of `near` is
# relaxed to a lea in the first pass; the loads of the -abs externals ext_a..ext_d and the call
# to ext_c need GOT entries (and a stub), made in the second pass in block and edge order:
# ext_b and ext_c from f3, ext_a from f1500, ext_d from the second run of `big`. Their entries
# follow each other in that order whichever run is settled first (rjitlink-check rules: the
# GOT's layout is rjitlink's; llvm-jitlink-22 passes the jitlink-check rules).
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj parallel_got.s -o parallel_got.o
# RUN: rjitlink -noexec -slab-allocate 4Mb -slab-address 0x10000 -slab-page-size 4096 -abs ext_a=0x123456789a -abs ext_b=0x223456789a -abs ext_c=0x323456789a -abs ext_d=0x423456789a -check parallel_got.s parallel_got.o
# RUN: rjitlink -noexec -slab-allocate 4Mb -slab-address 0x10000 -slab-page-size 4096 -abs ext_a=0x123456789a -abs ext_b=0x223456789a -abs ext_c=0x323456789a -abs ext_d=0x423456789a -check-name=rjitlink-check -check parallel_got.s parallel_got.o

# Relaxed: mov (0x8b) became lea (0x8d), addressing near directly.
# jitlink-check: *{1}(f0 + 1) = 0x8d
# jitlink-check: *{4}(f0 + 3) = (near - (f0 + 7)) & 0xffffffff
# jitlink-check: *{1}(f1999 + 64) = 0x8d
# jitlink-check: *{1}(big + 1) = 0x8d
# jitlink-check: *{1}(big + 118994) = 0x8d
# jitlink-check: *{4}(big + 118996) = (near - (big + 119000)) & 0xffffffff
# Not relaxable (absolute targets): loads through their GOT entries.
# jitlink-check: *{1}(f3 + 71) = 0x8b
# jitlink-check: *{4}(f3 + 73) = (got_addr(parallel_got.o, ext_b) - (f3 + 77)) & 0xffffffff
# jitlink-check: *{8}(got_addr(parallel_got.o, ext_b)) = ext_b
# jitlink-check: *{4}(f1500 + 73) = (got_addr(parallel_got.o, ext_a) - (f1500 + 77)) & 0xffffffff
# jitlink-check: *{8}(got_addr(parallel_got.o, ext_a)) = ext_a
# jitlink-check: *{4}(big + 119003) = (got_addr(parallel_got.o, ext_d) - (big + 119007)) & 0xffffffff
# jitlink-check: *{8}(got_addr(parallel_got.o, ext_d)) = ext_d
# jitlink-check: *{8}(got_addr(parallel_got.o, ext_c)) = ext_c
# The entries in the order of the edges that made them.
# rjitlink-check: got_addr(parallel_got.o, ext_c) = got_addr(parallel_got.o, ext_b) + 8
# rjitlink-check: got_addr(parallel_got.o, ext_a) = got_addr(parallel_got.o, ext_c) + 8
# rjitlink-check: got_addr(parallel_got.o, ext_d) = got_addr(parallel_got.o, ext_a) + 8

        .text
        .globl  main
main:
        xorl    %eax, %eax
        retq

        .data
        .globl  near
near:
        .quad   0

        .altmacro
        .macro  function n
        .section .text.f\n,"ax",@progbits
        .globl  f\n
f\n:
        .rept   10
        movq    near@GOTPCREL(%rip), %rax
        .endr
        .if \n == 3
        movq    ext_b@GOTPCREL(%rip), %rax
        callq   ext_c@PLT
        .endif
        .if \n == 1500
        movq    ext_a@GOTPCREL(%rip), %rax
        .endif
        retq
        .endm

        .set    i, 0
        .rept   2000
        function %i
        .set    i, i + 1
        .endr

        .section .text.big,"ax",@progbits
        .globl  big
big:
        .rept   17000
        movq    near@GOTPCREL(%rip), %rax
        .endr
        movq    ext_d@GOTPCREL(%rip), %rax
        retq
