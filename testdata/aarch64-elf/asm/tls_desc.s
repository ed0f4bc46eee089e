# TLS descriptors (clang's default on AArch64 Linux): R_AARCH64_TLSDESC_ADR_PAGE21 (adrp to the
# descriptor's page), TLSDESC_LD64_LO12 (ldr x1, imm12 = (D & 0xfff) >> 3), TLSDESC_ADD_LO12 (add x0,
# imm12 = D & 0xfff) and TLSDESC_CALL (the blr, left unchanged). D is a 16-byte GOT descriptor
# {&__rjitlink_tlsdesc_static, TPOFF(x)}, one per variable; the resolver is a hidden symbol the
# linker defines (ldr x0, [x0, #8]; ret: 0xf9400400 0xd65f03c0), so the call returns TPOFF(x).
# _TLS_MODULE_BASE_ (local-dynamic through a descriptor) is defined by the linker at DTPOFF 0, and
# R_AARCH64_TLSLD_ADD_DTPREL_HI12 / TLSLD_ADD_DTPREL_LO12_NC add DTPOFF(x) to it.
# rjitlink-only: llvm-jitlink-22 rejects the DTPREL relocations ("Unsupported aarch64
# relocation:528: R_AARCH64_TLSLD_ADD_DTPREL_HI12") and, without the ORC runtime, has no resolver for
# the descriptors ("Symbols not found: [ __tlsdesc_resolver ]").
# The image is aligned to 32, so TPOFF = align_up(16, 32) + DTPOFF = 0x20 + DTPOFF: d_t (.tdata)
# 0x20, d_a (.tbss) 0x40, d_pad 0x48, d_b 0x5048 (DTPOFF 0x5028).
#
# RUN: llvm-mc-22 -triple=aarch64-linux-gnu -filetype=obj tls_desc.s -o tls_desc.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_desc.s tls_desc.o

# rjitlink-check: tpoff(d_t) = 0x20
# rjitlink-check: tpoff(d_a) = 0x40
# rjitlink-check: dtpoff(d_b) = 0x5028
# rjitlink-check: tpoff(d_b) = 0x5048
# rjitlink-check: dtpoff(_TLS_MODULE_BASE_) = 0
# rjitlink-check: tpoff(_TLS_MODULE_BASE_) = 0x20
# The resolver, word for word.
# rjitlink-check: *{4}__rjitlink_tlsdesc_static = 0xf9400400
# rjitlink-check: *{4}(__rjitlink_tlsdesc_static + 4) = 0xd65f03c0
# The descriptors.
# rjitlink-check: *{8}got_addr(tls_desc.o, d_a) = __rjitlink_tlsdesc_static
# rjitlink-check: *{8}(got_addr(tls_desc.o, d_a) + 8) = tpoff(d_a)
# rjitlink-check: *{8}(got_addr(tls_desc.o, d_a) + 8) = 0x40
# rjitlink-check: *{8}got_addr(tls_desc.o, d_t) = __rjitlink_tlsdesc_static
# rjitlink-check: *{8}(got_addr(tls_desc.o, d_t) + 8) = 0x20
# rjitlink-check: *{8}got_addr(tls_desc.o, _TLS_MODULE_BASE_) = __rjitlink_tlsdesc_static
# rjitlink-check: *{8}(got_addr(tls_desc.o, _TLS_MODULE_BASE_) + 8) = tpoff(d_t) - dtpoff(d_t)

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
# rjitlink-check: *{8}got_addr(tls_desc.o, main) = main
        .globl  got_first
        .type   got_first,@function
got_first:
        adrp    x9, :got:main
        ldr     x9, [x9, #:got_lo12:main]
        .size   got_first, 8

# adrp x0, :tlsdesc:d_a (0x90000000); ldr x1, [x0, #:tlsdesc_lo12:d_a] (0xf9400001);
# add x0, x0, #:tlsdesc_lo12:d_a (0x91000000); blr x1 (0xd63f0020, unchanged).
# rjitlink-check: *{4}desc_adrp = ((got_addr(tls_desc.o, d_a)[63:12] - desc_adrp[63:12])[1:0] << 29) | ((got_addr(tls_desc.o, d_a)[63:12] - desc_adrp[63:12])[20:2] << 5) | 0x90000000
# rjitlink-check: decode_operand(desc_adrp, 1)[20:0] = (got_addr(tls_desc.o, d_a)[63:12] - desc_adrp[63:12])[20:0]
# rjitlink-check: *{4}desc_ldr = 0xf9400001 | (got_addr(tls_desc.o, d_a)[11:3] << 10)
# rjitlink-check: *{4}desc_add = 0x91000000 | (got_addr(tls_desc.o, d_a)[11:0] << 10)
# rjitlink-check: *{4}desc_blr = 0xd63f0020
        .globl  desc_adrp
        .type   desc_adrp,@function
desc_adrp:
        adrp    x0, :tlsdesc:d_a
        .size   desc_adrp, 4
        .globl  desc_ldr
        .type   desc_ldr,@function
desc_ldr:
        ldr     x1, [x0, #:tlsdesc_lo12:d_a]
        .size   desc_ldr, 4
        .globl  desc_add
        .type   desc_add,@function
desc_add:
        add     x0, x0, #:tlsdesc_lo12:d_a
        .size   desc_add, 4
        .globl  desc_blr
        .type   desc_blr,@function
desc_blr:
        .tlsdesccall d_a
        blr     x1
        .size   desc_blr, 4

# d_t (.tdata) has its own descriptor; this sequence uses x2 for the resolver (0xf9400002,
# 0xd63f0040).
# rjitlink-check: *{4}desc_t_adrp = ((got_addr(tls_desc.o, d_t)[63:12] - desc_t_adrp[63:12])[1:0] << 29) | ((got_addr(tls_desc.o, d_t)[63:12] - desc_t_adrp[63:12])[20:2] << 5) | 0x90000000
# rjitlink-check: *{4}desc_t_ldr = 0xf9400002 | (got_addr(tls_desc.o, d_t)[11:3] << 10)
# rjitlink-check: *{4}desc_t_add = 0x91000000 | (got_addr(tls_desc.o, d_t)[11:0] << 10)
# rjitlink-check: *{4}desc_t_blr = 0xd63f0040
        .globl  desc_t_adrp
        .type   desc_t_adrp,@function
desc_t_adrp:
        adrp    x0, :tlsdesc:d_t
        .size   desc_t_adrp, 4
        .globl  desc_t_ldr
        .type   desc_t_ldr,@function
desc_t_ldr:
        ldr     x2, [x0, #:tlsdesc_lo12:d_t]
        .size   desc_t_ldr, 4
        .globl  desc_t_add
        .type   desc_t_add,@function
desc_t_add:
        add     x0, x0, #:tlsdesc_lo12:d_t
        .size   desc_t_add, 4
        .globl  desc_t_blr
        .type   desc_t_blr,@function
desc_t_blr:
        .tlsdesccall d_t
        blr     x2
        .size   desc_t_blr, 4

# Local-dynamic: the descriptor of _TLS_MODULE_BASE_, then
# add x0, x0, #:dtprel_hi12:d_b, lsl #12 (0x91400000 | 5 << 10) and
# add x0, x0, #:dtprel_lo12_nc:d_b (0x91000000 | 0x28 << 10).
# rjitlink-check: *{4}base_ldr = 0xf9400001 | (got_addr(tls_desc.o, _TLS_MODULE_BASE_)[11:3] << 10)
# rjitlink-check: *{4}base_add = 0x91000000 | (got_addr(tls_desc.o, _TLS_MODULE_BASE_)[11:0] << 10)
# rjitlink-check: *{4}base_blr = 0xd63f0020
# rjitlink-check: *{4}dtp_hi = 0x91400000 | (dtpoff(d_b)[23:12] << 10)
# rjitlink-check: *{4}dtp_hi = 0x91401400
# rjitlink-check: *{4}dtp_lo = 0x91000000 | (dtpoff(d_b)[11:0] << 10)
# rjitlink-check: *{4}dtp_lo = 0x9100a000
        .globl  base_adrp
        .type   base_adrp,@function
base_adrp:
        adrp    x0, :tlsdesc:_TLS_MODULE_BASE_
        .size   base_adrp, 4
        .globl  base_ldr
        .type   base_ldr,@function
base_ldr:
        ldr     x1, [x0, #:tlsdesc_lo12:_TLS_MODULE_BASE_]
        .size   base_ldr, 4
        .globl  base_add
        .type   base_add,@function
base_add:
        add     x0, x0, #:tlsdesc_lo12:_TLS_MODULE_BASE_
        .size   base_add, 4
        .globl  base_blr
        .type   base_blr,@function
base_blr:
        .tlsdesccall _TLS_MODULE_BASE_
        blr     x1
        .size   base_blr, 4
        .globl  dtp_hi
        .type   dtp_hi,@function
dtp_hi:
        add     x0, x0, #:dtprel_hi12:d_b, lsl #12
        .size   dtp_hi, 4
        .globl  dtp_lo
        .type   dtp_lo,@function
dtp_lo:
        add     x0, x0, #:dtprel_lo12_nc:d_b
        .size   dtp_lo, 4

        .section .tdata,"awT",@progbits
        .p2align 2
        .globl  d_t
        .type   d_t,@object
d_t:
        .word   3
        .size   d_t, 4

        .section .tbss,"awT",@nobits
        .p2align 5
        .globl  d_a
        .type   d_a,@object
d_a:
        .zero   8
        .size   d_a, 8
        .globl  d_pad
        .type   d_pad,@object
d_pad:
        .zero   0x5000
        .size   d_pad, 0x5000
        .globl  d_b
        .type   d_b,@object
d_b:
        .zero   4
        .size   d_b, 4
