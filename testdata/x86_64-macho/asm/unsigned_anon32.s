# X86_64_RELOC_UNSIGNED, 32-bit, non-extern (section-relative): rjitlink-only. ld64 accepts it;
# llvm-jitlink-22 rejects it ("Unsupported x86-64 relocation: ... extern=false, length=2"), which
# the differential test records. Run with -check-name=rjitlink-check; the slab is below 4 GiB.
#
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj unsigned_anon32.s -o unsigned_anon32.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x40000000 -slab-page-size 4096 -check-name=rjitlink-check -check unsigned_anon32.s unsigned_anon32.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        xorl    %eax, %eax
        retq

        .section __DATA,__data
        .p2align 3
# rjitlink-check: *{4}_p32_anon = (section_addr(unsigned_anon32.o, __TEXT,__const) + 0x8)[31:0]
# rjitlink-check: *{4}(_p32_anon + 4) = (section_addr(unsigned_anon32.o, __TEXT,__const) + 0xb)[31:0]
# rjitlink-check: *{8}_p64_anon = section_addr(unsigned_anon32.o, __TEXT,__const) + 0x8
        .globl  _p32_anon
_p32_anon:
        .long   Lanon
        .long   Lanon + 3
        .globl  _p64_anon
_p64_anon:
        .quad   Lanon

        .section __TEXT,__const
        .p2align 3
        .quad   0x1111111111111111
Lanon:
        .quad   0x3333333333333333
