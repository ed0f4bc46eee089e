# Dead-stripping a large graph (src/link/prune.rs): `big` is one block of 17,001 edges. The
# local `tail` is referenced only by its last edge, and the local `chain` only from `tail`, so
# each is kept only when the walk covers all of big's edges and goes on from what they reach.
# (A parallel walk, a frontier of blocks at a time with atomic
# marks, was tried and measured slower than this serial one: kept as its test.)
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj prune_large.s -o prune_large.o
# RUN: rjitlink -noexec -slab-allocate 1Mb -slab-address 0x10000 -slab-page-size 4096 -check prune_large.s prune_large.o

# (The assembler turns references to locals into references to their sections, so the checks
# name the sections.)
# jitlink-check: *{8}(section_addr(prune_large.o, .data.tail)) = section_addr(prune_large.o, .text.chain)
# jitlink-check: *{1}(section_addr(prune_large.o, .text.chain)) = 0xc3
# jitlink-check: *{4}(big + 119003) = (section_addr(prune_large.o, .data.tail) - (big + 119007)) & 0xffffffff

        .text
        .globl  main
main:
        xorl    %eax, %eax
        retq

        .data
        .globl  near
near:
        .quad   0

        .section .text.big,"ax",@progbits
        .globl  big
big:
        .rept   17000
        leaq    near(%rip), %rax
        .endr
        leaq    tail(%rip), %rax
        retq

        .section .data.tail,"aw",@progbits
tail:
        .quad   chain

        .section .text.chain,"ax",@progbits
chain:
        retq
