# R_AARCH64_NONE: rjitlink accepts it and changes nothing; llvm-jitlink-22 rejects the object
# ("Unsupported aarch64 relocation:0: R_AARCH64_NONE"), so these are rjitlink-only checks, run
# with -check-name=rjitlink-check. The differential test expects llvm-jitlink-22 to fail on it.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj none.s -o none.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check none.s none.o

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# A NONE relocation on an instruction (against a symbol, with an addend) and on data leaves the
# bytes as assembled; the BL next to it is still fixed up.
# rjitlink-check: *{4}none_insn = 0xd503201f
# rjitlink-check: *{4}(none_insn + 4) = ((main - (none_insn + 4)) >> 2)[25:0] | 0x94000000
# rjitlink-check: *{8}none_data = 0x1122334455667788
# rjitlink-check: *{8}(none_data + 8) = main
        .globl  none_insn
        .type   none_insn,@function
none_insn:
        .reloc  ., R_AARCH64_NONE, main+0x40
        nop
        bl      main
        .size   none_insn, 8

        .data
        .p2align 3
        .globl  none_data
        .type   none_data,@object
none_data:
        .reloc  ., R_AARCH64_NONE, main
        .xword  0x1122334455667788
        .xword  main
        .size   none_data, 16
