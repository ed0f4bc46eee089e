# 40,000 local symbols (src/link/elf.rs reads 32k or more leading locals in parallel runs of
# 16k, writing them straight into the symbol table and closing the gaps file symbols leave):
# one-byte functions loc0..loc39999 in .text, and GOT loads of locals in the first, second and
# last runs (a GOT load names its symbol; a plain reference would name the section), relaxed
# to `lea`. Two file symbols come first, so every later run's ids move.
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj parallel_symbols.s -o parallel_symbols.o
# RUN: rjitlink -noexec -slab-allocate 1Mb -slab-address 0x10000 -slab-page-size 4096 -check parallel_symbols.s parallel_symbols.o

# jitlink-check: *{4}(use + 3) = (loc5 - (use + 7)) & 0xffffffff
# jitlink-check: *{4}(use + 10) = (loc20000 - (use + 14)) & 0xffffffff
# jitlink-check: *{4}(use + 17) = (loc39990 - (use + 21)) & 0xffffffff
# jitlink-check: loc39990 - loc5 = 39985
# jitlink-check: loc20000 - loc5 = 19995

        .file   "parallel_symbols.s"
        .file   "second_file_symbol.s"
        .text
        .altmacro
        .macro  local n
loc\n:
        nop
        .endm
        .set    i, 0
        .rept   40000
        local   %i
        .set    i, i + 1
        .endr

        .globl  main
main:
        xorl    %eax, %eax
        retq

        .globl  use
use:
        movq    loc5@GOTPCREL(%rip), %rax
        movq    loc20000@GOTPCREL(%rip), %rax
        movq    loc39990@GOTPCREL(%rip), %rax
        retq
