# Error input: `ldr x0, [x0, :lo12:var]` (R_AARCH64_LDST64_ABS_LO12_NC) where var is only 4-byte
# aligned, so the page offset is not a multiple of the access size: rjitlink must reject the link.
        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        adrp    x0, var
        ldr     x0, [x0, :lo12:var]
        ret
        .size   main, .-main

        .data
        .p2align 3
        .word   0
        .globl  var
var:
        .xword  1
        .size   var, 8
