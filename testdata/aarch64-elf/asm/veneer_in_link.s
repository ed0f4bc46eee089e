# A BL whose target is in the same link but 256 MiB away: the link is larger than a branch's
# ±128 MiB reach, so rjitlink gives the target a stub and the BL goes through it (a
# range-extension veneer). llvm-jitlink-22 fails this link ("out of range of Branch26PCRel").
# The .bss between the two (in the RW segment, laid out between R and RX) costs no file size.
#
# RUN: rjitlink -noexec -slab-allocate 300Mb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check veneer_in_link.s veneer_in_link.o

        .section .rodata,"a",@progbits
        .globl far_fn
        .p2align 2
far_fn:
        .word 0xd65f03c0        // ret (never run; -noexec)
        .size far_fn, 4

        .bss
        .globl gap
gap:
        .zero 256*1024*1024
        .size gap, 256*1024*1024

        .text
        .globl main
        .p2align 2
main:
        bl far_fn
        ret
        .size main, 8

# The target really is out of reach, and the BL lands on far_fn's stub, whose GOT entry holds far_fn.
# rjitlink-check: (main - far_fn) >> 27 = 2
# rjitlink-check: decode_operand(main, 0)[25:0] = ((stub_addr(veneer_in_link.o, far_fn) - main) >> 2)[25:0]
# rjitlink-check: *{8}got_addr(veneer_in_link.o, far_fn) = far_fn
