# General- and local-dynamic thread-local storage, and the dynamic TLS data relocations
# (rjitlink-only: llvm-jitlink-22 links R_X86_64_TLSGD its own way, a TLV entry {0, &x} for the
# process's __tls_get_addr, and rejects the rest: "Unsupported x86-64 relocation type
# R_X86_64_TLSLD").
#   - R_X86_64_TLSGD (`data16 leaq x@tlsgd(%rip), %rdi`): disp32 = G - 4 - P to a 16-byte GOT
#     tls_index {module, offset} = {TPOFF(image), DTPOFF(x)}, one per variable.
#   - the `call __tls_get_addr@PLT` (R_X86_64_PLT32) goes to the link's own __tls_get_addr, a hidden
#     symbol the linker defines (mov (%rdi),%rax; add 8(%rdi),%rax; add %fs:0,%rax; ret: 48 8b 07
#     48 03 47 08 64 48 03 04 25 00 00 00 00 c3), which returns tp + module + offset; so does
#     `call *__tls_get_addr@GOTPCREL(%rip)` (gcc -fno-plt), relaxed to `addr32 call` (67 e8).
#   - R_X86_64_TLSLD (`leaq x@tlsld(%rip), %rdi`): disp32 to the link's one module tls_index
#     {TPOFF(image), 0}, whatever the variable; R_X86_64_DTPOFF32 (`x@dtpoff(%rax)`) = DTPOFF(x) + A.
#   - data: R_X86_64_DTPOFF64 (`.quad x@dtpoff`) = DTPOFF(x) + A, R_X86_64_DTPMOD64 = TPOFF(image).
# The image: ld_x (.tdata, DTPOFF 0), gd_x (.tdata, 8), gd_y (.tbss align 64, 0x40), ld_y (.tbss,
# 0x48); 0x50 bytes aligned to 64, so TPOFF(image) = -0x80 and TPOFF(x) = DTPOFF(x) - 0x80.
# The in-range bounds of DTPOFF32 (0x7fffffff and -0x80000000, with addends) are here; one past them
# fails the link (tls_err_dtpoff32_hi.s, tls_err_dtpoff32_lo.s).
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_gd.s -o tls_gd.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_gd.s tls_gd.o

# rjitlink-check: dtpoff(ld_x) = 0
# rjitlink-check: dtpoff(gd_x) = 8
# rjitlink-check: dtpoff(gd_y) = 0x40
# rjitlink-check: dtpoff(ld_y) = 0x48
# rjitlink-check: tpoff(ld_x) = 0xffffffffffffff80
# rjitlink-check: tpoff(gd_x) = 0xffffffffffffff88
# rjitlink-check: tpoff(gd_y) = 0xffffffffffffffc0
# rjitlink-check: tpoff(ld_y) = 0xffffffffffffffc8
#
# The link's __tls_get_addr, byte for byte.
# rjitlink-check: *{8}__tls_get_addr = 0x6408470348078b48
# rjitlink-check: *{8}(__tls_get_addr + 8) = 0x0000000025040348
# rjitlink-check: *{1}(__tls_get_addr + 16) = 0xc3

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

# data16 leaq gd_x@tlsgd(%rip), %rdi: 66 48 8d 3d disp32 to gd_x's tls_index {-0x80, 8}; then
# data16 data16 rex64 call __tls_get_addr@PLT: 66 66 48 e8 rel32 to the link's __tls_get_addr.
# rjitlink-check: *{4}gd_x_lea = 0x3d8d4866
# rjitlink-check: *{4}(gd_x_lea + 4) = (got_addr(tls_gd.o, gd_x) - (gd_x_lea + 8))[31:0]
# rjitlink-check: decode_operand(gd_x_lea, 4) = got_addr(tls_gd.o, gd_x) - next_pc(gd_x_lea)
# rjitlink-check: *{8}got_addr(tls_gd.o, gd_x) = tpoff(ld_x) - dtpoff(ld_x)
# rjitlink-check: *{8}got_addr(tls_gd.o, gd_x) = 0xffffffffffffff80
# rjitlink-check: *{8}(got_addr(tls_gd.o, gd_x) + 8) = dtpoff(gd_x)
# rjitlink-check: *{8}(got_addr(tls_gd.o, gd_x) + 8) = 8
# rjitlink-check: *{4}(gd_x_lea + 8) = 0xe8486666
# rjitlink-check: *{4}(gd_x_lea + 12) = (__tls_get_addr - (gd_x_lea + 16))[31:0]
        .globl  gd_x_lea
        .type   gd_x_lea,@function
gd_x_lea:
        data16 leaq gd_x@tlsgd(%rip), %rdi
        data16 data16 rex64 callq __tls_get_addr@PLT
        .size   gd_x_lea, 16

# A second general-dynamic sequence for gd_x uses the same tls_index.
# rjitlink-check: *{4}(gd_x_again + 4) = (got_addr(tls_gd.o, gd_x) - (gd_x_again + 8))[31:0]
# rjitlink-check: *{4}(gd_x_again + 12) = (__tls_get_addr - (gd_x_again + 16))[31:0]
        .globl  gd_x_again
        .type   gd_x_again,@function
gd_x_again:
        data16 leaq gd_x@tlsgd(%rip), %rdi
        data16 data16 rex64 callq __tls_get_addr@PLT
        .size   gd_x_again, 16

# gd_y (.tbss) has its own tls_index {-0x80, 0x40}; the call is gcc -fno-plt's
# `data16 rex64 call *__tls_get_addr@GOTPCREL(%rip)` (66 48 ff 15, R_X86_64_GOTPCRELX), relaxed
# to `addr32 call` (66 48 67 e8 rel32) since __tls_get_addr is in the link.
# rjitlink-check: *{4}(gd_y_lea + 4) = (got_addr(tls_gd.o, gd_y) - (gd_y_lea + 8))[31:0]
# rjitlink-check: *{8}got_addr(tls_gd.o, gd_y) = 0xffffffffffffff80
# rjitlink-check: *{8}(got_addr(tls_gd.o, gd_y) + 8) = 0x40
# rjitlink-check: *{4}(gd_y_lea + 8) = 0xe8674866
# rjitlink-check: *{4}(gd_y_lea + 12) = (__tls_get_addr - (gd_y_lea + 16))[31:0]
        .globl  gd_y_lea
        .type   gd_y_lea,@function
gd_y_lea:
        data16 leaq gd_y@tlsgd(%rip), %rdi
        .byte   0x66
        rex64 callq *__tls_get_addr@GOTPCREL(%rip)
        .size   gd_y_lea, 16

# Local-dynamic: leaq ld_x@tlsld(%rip), %rdi (48 8d 3d disp32) to the module tls_index
# {TPOFF(image), 0} = {-0x80, 0}; call __tls_get_addr@PLT (e8); then
# leaq ld_x@dtpoff(%rax), %rcx (48 8d 88 imm32 = DTPOFF(ld_x) = 0) and
# movl ld_y@dtpoff+4(%rax), %edx (8b 90 imm32 = 0x48 + 4).
# rjitlink-check: *{1}ld_lea = 0x48
# rjitlink-check: *{2}(ld_lea + 1) = 0x3d8d
# rjitlink-check: *{8}(next_pc(ld_lea) + decode_operand(ld_lea, 4)) = tpoff(ld_x) - dtpoff(ld_x)
# rjitlink-check: *{8}(next_pc(ld_lea) + decode_operand(ld_lea, 4)) = 0xffffffffffffff80
# rjitlink-check: *{8}(next_pc(ld_lea) + decode_operand(ld_lea, 4) + 8) = 0
# rjitlink-check: *{1}(ld_lea + 7) = 0xe8
# rjitlink-check: *{4}(ld_lea + 8) = (__tls_get_addr - (ld_lea + 12))[31:0]
# rjitlink-check: *{2}(ld_lea + 12) = 0x8d48
# rjitlink-check: *{1}(ld_lea + 14) = 0x88
# rjitlink-check: *{4}(ld_lea + 15) = dtpoff(ld_x)
# rjitlink-check: *{4}(ld_lea + 15) = 0
# rjitlink-check: *{2}(ld_lea + 19) = 0x908b
# rjitlink-check: *{4}(ld_lea + 21) = dtpoff(ld_y) + 4
# rjitlink-check: *{4}(ld_lea + 21) = 0x4c
        .globl  ld_lea
        .type   ld_lea,@function
ld_lea:
        leaq    ld_x@tlsld(%rip), %rdi
        callq   __tls_get_addr@PLT
        leaq    ld_x@dtpoff(%rax), %rcx
        movl    ld_y@dtpoff+4(%rax), %edx
        .size   ld_lea, 25

# A second local-dynamic sequence, for another variable, uses the same module tls_index, and
# leaq gd_y@dtpoff-0x10(%rax), %rsi = 0x40 - 0x10 = 0x30.
# rjitlink-check: next_pc(ld_again) + decode_operand(ld_again, 4) = next_pc(ld_lea) + decode_operand(ld_lea, 4)
# rjitlink-check: *{4}(ld_again + 15) = 0x30
        .globl  ld_again
        .type   ld_again,@function
ld_again:
        leaq    ld_y@tlsld(%rip), %rdi
        callq   __tls_get_addr@PLT
        leaq    gd_y@dtpoff-0x10(%rax), %rsi
        .size   ld_again, 19
        retq

        .data
        .p2align 3
# R_X86_64_DTPOFF64 (.quad gd_y@dtpoff, .quad ld_y@dtpoff+0x100) and R_X86_64_DTPMOD64 (.reloc, as
# llvm-mc has no @dtpmod): the words of a static tls_index for gd_x, {TPOFF(image), DTPOFF(gd_x)}.
# rjitlink-check: *{8}dtp64 = 0x40
# rjitlink-check: *{8}dtp64_add = dtpoff(ld_y) + 0x100
# rjitlink-check: *{8}dtp64_add = 0x148
# rjitlink-check: *{8}dtpmod = 0xffffffffffffff80
# rjitlink-check: *{8}(dtpmod + 8) = 8
        .globl  dtp64
dtp64:
        .quad   gd_y@dtpoff
        .globl  dtp64_add
dtp64_add:
        .quad   ld_y@dtpoff+0x100
        .globl  dtpmod
dtpmod:
        .reloc  ., R_X86_64_DTPMOD64, gd_x
        .quad   0
        .quad   gd_x@dtpoff

# R_X86_64_DTPOFF32 in data and at its bounds (signed 32 bits): gd_y + 0x7fffffbf = 0x7fffffff
# and gd_y - 0x80000040 = -0x80000000 both link.
# rjitlink-check: *{4}dtp32 = 0x48
# rjitlink-check: *{4}dtp32_max = 0x7fffffff
# rjitlink-check: *{4}dtp32_min = 0x80000000
        .globl  dtp32
dtp32:
        .long   ld_y@dtpoff
        .globl  dtp32_max
dtp32_max:
        .reloc  ., R_X86_64_DTPOFF32, gd_y+0x7fffffbf
        .long   0
        .globl  dtp32_min
dtp32_min:
        .reloc  ., R_X86_64_DTPOFF32, gd_y-0x80000040
        .long   0

        .section .tdata,"awT",@progbits
        .p2align 3
        .globl  ld_x
        .type   ld_x,@object
ld_x:
        .long   7
        .size   ld_x, 4
        .p2align 3
        .globl  gd_x
        .type   gd_x,@object
gd_x:
        .quad   0x0123456789abcdef
        .size   gd_x, 8

        .section .tbss,"awT",@nobits
        .p2align 6
        .globl  gd_y
        .type   gd_y,@object
gd_y:
        .zero   8
        .size   gd_y, 8
        .globl  ld_y
        .type   ld_y,@object
ld_y:
        .zero   8
        .size   ld_y, 8
