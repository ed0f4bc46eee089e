# Traditional general-dynamic thread-local storage (-mtls-dialect=trad, gcc's AArch64 default for
# -fPIC): R_AARCH64_TLSGD_ADR_PAGE21 (adrp to the page of a 16-byte GOT tls_index) and
# TLSGD_ADD_LO12_NC (add x0, imm12 = index & 0xfff); the tls_index is {TPOFF(image), DTPOFF(x)},
# one per variable, and `bl __tls_get_addr` (R_AARCH64_CALL26) goes to the link's own
# __tls_get_addr, a hidden symbol the linker defines (ldr x1, [x0]; ldr x0, [x0, #8]; add x0, x0, x1;
# mrs x1, tpidr_el0; add x0, x0, x1; ret), which returns tp + module + offset.
# Also the data relocations R_AARCH64_TLS_DTPMOD64 (= TPOFF(image)), TLS_DTPREL64 (= DTPOFF(x) + A)
# and TLS_TPREL64 (= TPOFF(x) + A).
# llvm-mc has no operand syntax for TLSGD, so the relocations are written with .reloc on the
# unrelocated instructions (adrp x0, 0 = 0x90000000; add x0, x0, #0 = 0x91000000).
# rjitlink-only: llvm-jitlink-22 rejects them ("Unsupported aarch64 relocation:513:
# R_AARCH64_TLSGD_ADR_PAGE21").
# The image is aligned to 16, so TPOFF = 0x10 + DTPOFF: g_x (.tdata) 0x10, g_y (.tdata) 0x18,
# g_z (.tbss) 0x20; TPOFF(image) = 0x10.
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_gd.s -o tls_gd.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_gd.s tls_gd.o

# rjitlink-check: tpoff(g_x) = 0x10
# rjitlink-check: tpoff(g_y) = 0x18
# rjitlink-check: tpoff(g_z) = 0x20
# The link's __tls_get_addr, word for word.
# rjitlink-check: *{4}__tls_get_addr = 0xf9400001
# rjitlink-check: *{4}(__tls_get_addr + 4) = 0xf9400400
# rjitlink-check: *{4}(__tls_get_addr + 8) = 0x8b010000
# rjitlink-check: *{4}(__tls_get_addr + 12) = 0xd53bd041
# rjitlink-check: *{4}(__tls_get_addr + 16) = 0x8b010000
# rjitlink-check: *{4}(__tls_get_addr + 20) = 0xd65f03c0
# The tls_index pairs.
# rjitlink-check: *{8}got_addr(tls_gd.o, g_y) = tpoff(g_x) - dtpoff(g_x)
# rjitlink-check: *{8}got_addr(tls_gd.o, g_y) = 0x10
# rjitlink-check: *{8}(got_addr(tls_gd.o, g_y) + 8) = dtpoff(g_y)
# rjitlink-check: *{8}(got_addr(tls_gd.o, g_y) + 8) = 8
# rjitlink-check: *{8}got_addr(tls_gd.o, g_z) = 0x10
# rjitlink-check: *{8}(got_addr(tls_gd.o, g_z) + 8) = 0x10

        .text
        .globl  main
        .type   main,@function
        .p2align 2
main:
        mov     w0, #0
        ret
        .size   main, .-main

# An ordinary GOT load first (adrp x9, :got:main; ldr x9, [x9, #:got_lo12:main]), so that the TLS
# entries after it do not sit at page offset 0, where an unrelocated imm12 would look right.
# rjitlink-check: *{8}got_addr(tls_gd.o, main) = main
        .globl  got_first
        .type   got_first,@function
got_first:
        adrp    x9, :got:main
        ldr     x9, [x9, #:got_lo12:main]
        .size   got_first, 8

# adrp x0, :tlsgd:g_y; add x0, x0, :tlsgd_lo12:g_y; bl __tls_get_addr.
# rjitlink-check: *{4}gd_adrp = ((got_addr(tls_gd.o, g_y)[63:12] - gd_adrp[63:12])[1:0] << 29) | ((got_addr(tls_gd.o, g_y)[63:12] - gd_adrp[63:12])[20:2] << 5) | 0x90000000
# rjitlink-check: decode_operand(gd_adrp, 1)[20:0] = (got_addr(tls_gd.o, g_y)[63:12] - gd_adrp[63:12])[20:0]
# rjitlink-check: *{4}gd_add = 0x91000000 | (got_addr(tls_gd.o, g_y)[11:0] << 10)
# rjitlink-check: *{4}gd_bl = 0x94000000 | (__tls_get_addr - gd_bl)[27:2]
        .globl  gd_adrp
        .type   gd_adrp,@function
gd_adrp:
        .reloc  ., R_AARCH64_TLSGD_ADR_PAGE21, g_y
        adrp    x0, 0
        .size   gd_adrp, 4
        .globl  gd_add
        .type   gd_add,@function
gd_add:
        .reloc  ., R_AARCH64_TLSGD_ADD_LO12_NC, g_y
        add     x0, x0, #0
        .size   gd_add, 4
        .globl  gd_bl
        .type   gd_bl,@function
gd_bl:
        bl      __tls_get_addr
        .size   gd_bl, 4

# g_z (.tbss) has its own tls_index; a second sequence for g_y shares g_y's.
# rjitlink-check: *{4}gd_z_adrp = ((got_addr(tls_gd.o, g_z)[63:12] - gd_z_adrp[63:12])[1:0] << 29) | ((got_addr(tls_gd.o, g_z)[63:12] - gd_z_adrp[63:12])[20:2] << 5) | 0x90000000
# rjitlink-check: *{4}gd_z_add = 0x91000000 | (got_addr(tls_gd.o, g_z)[11:0] << 10)
# rjitlink-check: *{4}gd_z_bl = 0x94000000 | (__tls_get_addr - gd_z_bl)[27:2]
# rjitlink-check: *{4}gd_y_add2 = 0x91000000 | (got_addr(tls_gd.o, g_y)[11:0] << 10)
        .globl  gd_z_adrp
        .type   gd_z_adrp,@function
gd_z_adrp:
        .reloc  ., R_AARCH64_TLSGD_ADR_PAGE21, g_z
        adrp    x0, 0
        .size   gd_z_adrp, 4
        .globl  gd_z_add
        .type   gd_z_add,@function
gd_z_add:
        .reloc  ., R_AARCH64_TLSGD_ADD_LO12_NC, g_z
        add     x0, x0, #0
        .size   gd_z_add, 4
        .globl  gd_z_bl
        .type   gd_z_bl,@function
gd_z_bl:
        bl      __tls_get_addr
        .size   gd_z_bl, 4
        .globl  gd_y_add2
        .type   gd_y_add2,@function
gd_y_add2:
        .reloc  ., R_AARCH64_TLSGD_ADD_LO12_NC, g_y
        add     x0, x0, #0
        .size   gd_y_add2, 4

        .data
        .p2align 3
# A static tls_index for g_z written with R_AARCH64_TLS_DTPMOD64 and TLS_DTPREL64 (+4: 0x14), and
# R_AARCH64_TLS_TPREL64 of g_z + 8 (0x28).
# rjitlink-check: *{8}gd_data = 0x10
# rjitlink-check: *{8}(gd_data + 8) = dtpoff(g_z) + 4
# rjitlink-check: *{8}(gd_data + 8) = 0x14
# rjitlink-check: *{8}(gd_data + 16) = tpoff(g_z) + 8
# rjitlink-check: *{8}(gd_data + 16) = 0x28
        .globl  gd_data
gd_data:
        .reloc  ., R_AARCH64_TLS_DTPMOD64, g_z
        .xword  0
        .reloc  ., R_AARCH64_TLS_DTPREL64, g_z+4
        .xword  0
        .reloc  ., R_AARCH64_TLS_TPREL64, g_z+8
        .xword  0

        .section .tdata,"awT",@progbits
        .p2align 3
        .globl  g_x
        .type   g_x,@object
g_x:
        .xword  0x55
        .size   g_x, 8
        .globl  g_y
        .type   g_y,@object
g_y:
        .xword  0x66
        .size   g_y, 8

        .section .tbss,"awT",@nobits
        .p2align 4
        .globl  g_z
        .type   g_z,@object
g_z:
        .zero   16
        .size   g_z, 16
