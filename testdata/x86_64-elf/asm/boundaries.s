# Segment boundary symbols a static linker defines: rjitlink defines them at the link's own
# segments when inputs refer to them (llvm-jitlink-22 does not: these are rjitlink-check rules).
#
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check boundaries.s boundaries.o
#
# The layout: RW (.data, then .bss), then RX (.text); the pointers below are in .data.
# rjitlink-check: *{8}p_start = 0x7fff00000000
# rjitlink-check: *{8}p_data_start = first_data
# rjitlink-check: *{8}p_data_start2 = first_data
# rjitlink-check: *{8}p_edata = last_data + 8
# rjitlink-check: *{8}p_bss_start = last_data + 8
# rjitlink-check: *{8}p_end = last_bss + 16
# rjitlink-check: *{8}p_end2 = last_bss + 16
# rjitlink-check: *{8}p_etext = main + 1
# rjitlink-check: *{8}p_etext2 = main + 1

        .text
        .globl  main
        .type   main,@function
main:
        retq
        .size   main, .-main

        .data
        .p2align 3
        .globl  first_data, p_start, p_data_start, p_data_start2, p_edata, p_bss_start, p_end, p_end2, p_etext, p_etext2
first_data:
p_start:        .quad   __executable_start
p_data_start:   .quad   __data_start
p_data_start2:  .quad   data_start
p_edata:        .quad   _edata
p_bss_start:    .quad   __bss_start
p_end:          .quad   _end
p_end2:         .quad   end
p_etext:        .quad   _etext
p_etext2:       .quad   etext
        .globl  last_data
last_data:      .quad   0

        .bss
        .p2align 4
        .globl  last_bss
        .zero   64
last_bss:       .zero   16
