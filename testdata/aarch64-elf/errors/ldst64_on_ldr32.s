# Error input: an R_AARCH64_LDST64_ABS_LO12_NC relocation on a 32-bit `ldr w0, [x0]`. The
# relocation's access size (8 bytes) does not match the instruction's (4 bytes): rjitlink must
# reject the link with a one-line error (tests/aarch64_elf_relocations.rs).
        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        adrp    x0, var
        .reloc  ., R_AARCH64_LDST64_ABS_LO12_NC, var
        ldr     w0, [x0]
        ret
        .size   main, .-main

        .data
        .p2align 3
        .globl  var
var:
        .xword  1
        .size   var, 8
