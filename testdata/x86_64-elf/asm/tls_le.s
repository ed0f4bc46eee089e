# Local-exec thread-local storage and the link's TLS image (rjitlink-only: llvm-jitlink-22 rejects
# R_X86_64_TPOFF32, "Unsupported x86-64 relocation type R_X86_64_TPOFF32").
#   - R_X86_64_TPOFF32 (`movl %fs:x@tpoff`, `leaq x@tpoff(%reg)`, `movl $x@tpoff`, `addq $x@tpoff`,
#     `.long x@tpoff`) = TPOFF(x) + A, signed 32 bits; R_X86_64_TPOFF64 (`.quad x@tpoff`) = TPOFF(x) + A.
#   - The TLS image: every .tdata block of the link (in link order), then every .tbss block, with the
#     strictest alignment of them all (32, from tls_le.o's .tbss). With -noexec the image ends at the
#     thread pointer as in an executable: TPOFF(x) = DTPOFF(x) - align_up(0x4c, 32) = DTPOFF(x) - 0x60.
# This file is linked with tls_le_b.o (which has no RUN line of its own). The image:
#   DTPOFF  TPOFF   symbol    from
#   0x00    -0x60   le_d8     tls_le.o   .tdata       (align 8) .quad 0x1122334455667788
#   0x08    -0x58   le_d4     tls_le.o   .tdata                 .long 0xdeadbeef
#   0x0c    -0x54   le_d1     tls_le.o   .tdata                 .byte 0x5a
#   0x10    -0x50   le_ptr    tls_le.o   .tdata.rel   (align 8) .quad le_func (R_X86_64_64 in the template)
#   0x20    -0x40   b_d16     tls_le_b.o .tdata       (align 16) 16 bytes
#   0x40    -0x20   le_b32    tls_le.o   .tbss        (align 32) 4 bytes
#   0x44    -0x1c   le_local  tls_le.o   .tbss        (a local symbol) 1 byte
#   0x48    -0x18   b_b4      tls_le_b.o .tbss        (align 4) 4 bytes; the image is 0x4c bytes.
# The .tdata blocks are one run of the slab (the initial image): a TLS symbol used as a value is its
# template address, so `*{8}le_d8` reads the initial value.
# The in-range bounds of TPOFF32 are here (0x7fffffff and -0x80000000, reached with addends); one
# past them fails the link (tls_err_tpoff32_hi.s, tls_err_tpoff32_lo.s).
#
# RUN: llvm-mc-22 -triple=x86_64-unknown-linux-gnu -filetype=obj tls_le.s -o tls_le.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check-name=rjitlink-check -check tls_le.s -check tls_le_b.s tls_le.o tls_le_b.o

# The image, with the builtins and with literal offsets.
# rjitlink-check: dtpoff(le_d8) = 0
# rjitlink-check: dtpoff(le_d4) = 0x8
# rjitlink-check: dtpoff(le_d1) = 0xc
# rjitlink-check: dtpoff(le_ptr) = 0x10
# rjitlink-check: dtpoff(b_d16) = 0x20
# rjitlink-check: dtpoff(le_b32) = 0x40
# rjitlink-check: dtpoff(le_local) = 0x44
# rjitlink-check: dtpoff(b_b4) = 0x48
# rjitlink-check: tpoff(le_d8) = 0xffffffffffffffa0
# rjitlink-check: tpoff(le_d4) = 0xffffffffffffffa8
# rjitlink-check: tpoff(le_d1) = 0xffffffffffffffac
# rjitlink-check: tpoff(le_ptr) = 0xffffffffffffffb0
# rjitlink-check: tpoff(b_d16) = 0xffffffffffffffc0
# rjitlink-check: tpoff(le_b32) = 0xffffffffffffffe0
# rjitlink-check: tpoff(le_local) = 0xffffffffffffffe4
# rjitlink-check: tpoff(b_b4) = 0xffffffffffffffe8
# rjitlink-check: tpoff(b_b4) = dtpoff(b_b4) - 0x60
#
# The template: the .tdata blocks of both files, one contiguous run, initial values in place; the
# R_X86_64_64 in .tdata.rel is applied to the template.
# rjitlink-check: le_d8 = section_addr(tls_le.o, .tdata)
# rjitlink-check: le_d4 = le_d8 + 8
# rjitlink-check: le_ptr = le_d8 + 0x10
# rjitlink-check: b_d16 = le_d8 + 0x20
# rjitlink-check: *{8}le_d8 = 0x1122334455667788
# rjitlink-check: *{4}le_d4 = 0xdeadbeef
# rjitlink-check: *{1}le_d1 = 0x5a
# rjitlink-check: *{8}le_ptr = le_func
# rjitlink-check: *{8}b_d16 = 0x0102030405060708
# rjitlink-check: *{8}(b_d16 + 8) = 0x1112131415161718

        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main

        .globl  le_func
        .type   le_func,@function
le_func:
        retq
        .size   le_func, .-le_func

# movl %fs:le_d4@tpoff, %eax: 64 8b 04 25 imm32, imm32 = TPOFF(le_d4) = -0x58.
# rjitlink-check: *{4}le_mov = 0x25048b64
# rjitlink-check: *{4}(le_mov + 4) = tpoff(le_d4)[31:0]
# rjitlink-check: *{4}(le_mov + 4) = 0xffffffa8
        .globl  le_mov
        .type   le_mov,@function
le_mov:
        movl    %fs:le_d4@tpoff, %eax
        .size   le_mov, 8

# movq %fs:le_b32@tpoff, %rcx: 64 48 8b 0c 25 imm32 (.tbss, TPOFF -0x20).
# rjitlink-check: *{1}le_movq = 0x64
# rjitlink-check: *{4}(le_movq + 1) = 0x250c8b48
# rjitlink-check: *{4}(le_movq + 5) = tpoff(le_b32)[31:0]
# rjitlink-check: *{4}(le_movq + 5) = 0xffffffe0
        .globl  le_movq
        .type   le_movq,@function
le_movq:
        movq    %fs:le_b32@tpoff, %rcx
        .size   le_movq, 9

# movq %fs:le_d8@tpoff, %r8: 64 4c 8b 04 25 imm32 (the image's first byte, TPOFF -0x60).
# rjitlink-check: *{4}(le_movq_r8 + 1) = 0x25048b4c
# rjitlink-check: *{4}(le_movq_r8 + 5) = 0xffffffa0
        .globl  le_movq_r8
        .type   le_movq_r8,@function
le_movq_r8:
        movq    %fs:le_d8@tpoff, %r8
        .size   le_movq_r8, 9

# leaq le_d1@tpoff(%rax), %rdx: 48 8d 90 imm32.
# rjitlink-check: *{4}le_lea = 0x00908d48 | (tpoff(le_d1)[7:0] << 24)
# rjitlink-check: *{4}(le_lea + 3) = 0xffffffac
        .globl  le_lea
        .type   le_lea,@function
le_lea:
        leaq    le_d1@tpoff(%rax), %rdx
        .size   le_lea, 7

# leaq le_ptr@tpoff+0x10(%rax), %rsi: A = 0x10, so -0x50 + 0x10 = -0x40.
# rjitlink-check: *{4}(le_lea_add + 3) = (tpoff(le_ptr) + 0x10)[31:0]
# rjitlink-check: *{4}(le_lea_add + 3) = 0xffffffc0
        .globl  le_lea_add
        .type   le_lea_add,@function
le_lea_add:
        leaq    le_ptr@tpoff+0x10(%rax), %rsi
        .size   le_lea_add, 7

# leaq b_d16@tpoff-0x10(%rdi), %rdi (a symbol of the other file): -0x40 - 0x10 = -0x50.
# rjitlink-check: *{4}(le_lea_neg + 3) = (tpoff(b_d16) - 0x10)[31:0]
# rjitlink-check: *{4}(le_lea_neg + 3) = 0xffffffb0
        .globl  le_lea_neg
        .type   le_lea_neg,@function
le_lea_neg:
        leaq    b_d16@tpoff-0x10(%rdi), %rdi
        .size   le_lea_neg, 7

# movl $le_local@tpoff, %eax (b8 imm32), a local .tbss variable.
# rjitlink-check: *{1}le_movimm = 0xb8
# rjitlink-check: *{4}(le_movimm + 1) = tpoff(le_local)[31:0]
# rjitlink-check: *{4}(le_movimm + 1) = 0xffffffe4
        .globl  le_movimm
        .type   le_movimm,@function
le_movimm:
        movl    $le_local@tpoff, %eax
        .size   le_movimm, 5

# addq $b_b4@tpoff, %rax (48 81 c0 imm32), a .tbss variable of the other file.
# rjitlink-check: *{4}le_addimm = 0x00c08148 | (tpoff(b_b4)[7:0] << 24)
# rjitlink-check: *{4}(le_addimm + 3) = 0xffffffe8
        .globl  le_addimm
        .type   le_addimm,@function
le_addimm:
        addq    $b_b4@tpoff, %rax
        .size   le_addimm, 7

        .data
        .p2align 3
# R_X86_64_TPOFF64: .quad le_d8@tpoff, and b_b4@tpoff+0x100 = -0x18 + 0x100 = 0xe8.
# rjitlink-check: *{8}le_tp64 = tpoff(le_d8)
# rjitlink-check: *{8}le_tp64 = 0xffffffffffffffa0
# rjitlink-check: *{8}le_tp64_add = tpoff(b_b4) + 0x100
# rjitlink-check: *{8}le_tp64_add = 0xe8
        .globl  le_tp64
le_tp64:
        .quad   le_d8@tpoff
        .globl  le_tp64_add
le_tp64_add:
        .quad   b_b4@tpoff+0x100

# R_X86_64_TPOFF32 in data: .long le_b32@tpoff; the words around it are untouched.
# rjitlink-check: *{4}le_tp32 = 0xffffffe0
# rjitlink-check: *{4}(le_tp32 - 4) = 0x11111111
# rjitlink-check: *{4}(le_tp32 + 4) = 0x22222222
        .long   0x11111111
        .globl  le_tp32
le_tp32:
        .long   le_b32@tpoff
        .long   0x22222222

# TPOFF32 at its bounds (signed 32 bits): le_d8 + 0x8000005f = 0x7fffffff and
# le_d8 - 0x7fffffa0 = -0x80000000 both link.
# rjitlink-check: *{4}le_tp32_max = 0x7fffffff
# rjitlink-check: *{4}le_tp32_min = 0x80000000
        .globl  le_tp32_max
le_tp32_max:
        .reloc  ., R_X86_64_TPOFF32, le_d8+0x8000005f
        .long   0
        .globl  le_tp32_min
le_tp32_min:
        .reloc  ., R_X86_64_TPOFF32, le_d8-0x7fffffa0
        .long   0

        .section .tdata,"awT",@progbits
        .p2align 3
        .globl  le_d8
        .type   le_d8,@object
le_d8:
        .quad   0x1122334455667788
        .size   le_d8, 8
        .globl  le_d4
        .type   le_d4,@object
le_d4:
        .long   0xdeadbeef
        .size   le_d4, 4
        .globl  le_d1
        .type   le_d1,@object
le_d1:
        .byte   0x5a
        .size   le_d1, 1

        .section .tdata.rel,"awT",@progbits
        .p2align 3
        .globl  le_ptr
        .type   le_ptr,@object
le_ptr:
        .quad   le_func
        .size   le_ptr, 8

        .section .tbss,"awT",@nobits
        .p2align 5
        .globl  le_b32
        .type   le_b32,@object
le_b32:
        .zero   4
        .size   le_b32, 4
        .type   le_local,@object
le_local:
        .zero   1
        .size   le_local, 1
