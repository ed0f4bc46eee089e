# Error input: `cbz x0, far_fn` (R_AARCH64_CONDBR19) to an -abs function far outside ±1 MiB; no
# stub can help a conditional branch, so the link fails with an out-of-range error. Linked with
# -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096
# -abs far_fn=0x123456789000.
        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        cbz     x0, far_fn
        ret
        .size   main, .-main
