# A universal (fat) archive, libX.a, with an arm64 slice (x_arm64.s: _x = 1) and an arm64e one
# (x_arm64e.s: _x = 2): linked with this arm64e object, the arm64e slice is the one read. Built
# by build.sh (llvm-mc-22, llvm-ar-22, llvm-lipo-22); run by tests/macho_relocations.rs.
#
# jitlink-check: *{4}_x = 2

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        adrp    x0, _x@GOTPAGE
        ldr     x0, [x0, _x@GOTPAGEOFF]
        ldr     w0, [x0]
        ret

.subsections_via_symbols
