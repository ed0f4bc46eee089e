# Refers from code to noalloc_sym, which noalloc_def.s defines in a non-allocated section.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj noalloc_ref.s -o noalloc_ref.o

        .text
        .globl  use_noalloc
        .type   use_noalloc,@function
use_noalloc:
        leaq    noalloc_sym(%rip), %rax
        retq
        .size   use_noalloc, .-use_noalloc
