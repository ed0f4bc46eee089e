# X86_64_RELOC_SIGNED (rip-relative disp32 ending the instruction) and X86_64_RELOC_SIGNED_1/2/4
# (1, 2 or 4 immediate bytes follow the disp32), extern and non-extern (anonymous targets found by
# address: a C string in __TEXT,__cstring and a label in the symbol-less __DATA,__anon).
# disp32 = T + A - (end of the instruction), so a fixup that forgets the trailing immediate is
# off by 1, 2 or 4 and fails; the immediates themselves must be left alone.
#
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj signed.s -o signed.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -check signed.s signed.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        xorl    %eax, %eax
        retq

# movl _data(%rip), %eax: 8b 05 disp32 (6 bytes). decode_operand: the disp is x86 MC operand 4.
# jitlink-check: *{2}_load_ext = 0x058b
# jitlink-check: *{4}(_load_ext + 2) = (_data - (_load_ext + 6))[31:0]
# jitlink-check: decode_operand(_load_ext, 4)[31:0] = (_data - next_pc(_load_ext))[31:0]
        .globl  _load_ext
_load_ext:
        movl    _data(%rip), %eax

# movl _data+12(%rip), %ecx: the addend is in the instruction's content (plain SIGNED: llvm-mc
# only picks SIGNED_1/2/4 when the addend is exactly -1/-2/-4).
# jitlink-check: *{4}(_load_addend + 2) = ((_data + 12) - (_load_addend + 6))[31:0]
        .globl  _load_addend
_load_addend:
        movl    _data+12(%rip), %ecx

# leaq Lhello(%rip), %rax (SIGNED, non-extern to __cstring): 48 8d 05 disp32.
# jitlink-check: *{4}(_lea_anon + 3) = (section_addr(signed.o, __TEXT,__cstring) - (_lea_anon + 7))[31:0]
# jitlink-check: *{8}section_addr(signed.o, __TEXT,__cstring) = 0x0000006f6c6c6568
        .globl  _lea_anon
_lea_anon:
        leaq    Lhello(%rip), %rax

# movb $0x12, _data(%rip): c6 05 disp32 12 (SIGNED_1).
# jitlink-check: *{4}(_s1_ext + 2) = (_data - (_s1_ext + 7))[31:0]
# jitlink-check: *{1}(_s1_ext + 6) = 0x12
        .globl  _s1_ext
_s1_ext:
        movb    $0x12, _data(%rip)

# movw $0x1234, _data(%rip): 66 c7 05 disp32 34 12 (SIGNED_2).
# jitlink-check: *{4}(_s2_ext + 3) = (_data - (_s2_ext + 9))[31:0]
# jitlink-check: *{2}(_s2_ext + 7) = 0x1234
        .globl  _s2_ext
_s2_ext:
        movw    $0x1234, _data(%rip)

# movl $0x12345678, _data(%rip): c7 05 disp32 78 56 34 12 (SIGNED_4).
# jitlink-check: *{4}(_s4_ext + 2) = (_data - (_s4_ext + 10))[31:0]
# jitlink-check: *{4}(_s4_ext + 6) = 0x12345678
        .globl  _s4_ext
_s4_ext:
        movl    $0x12345678, _data(%rip)

# Non-extern SIGNED_1 / _2 / _4 to labels 0x10, 0x20 and 0x28 bytes into __DATA,__anon.
# jitlink-check: *{4}(_s1_anon + 2) = ((section_addr(signed.o, __DATA,__anon) + 0x10) - (_s1_anon + 7))[31:0]
# jitlink-check: *{4}(_s2_anon + 3) = ((section_addr(signed.o, __DATA,__anon) + 0x20) - (_s2_anon + 9))[31:0]
# jitlink-check: *{4}(_s4_anon + 2) = ((section_addr(signed.o, __DATA,__anon) + 0x28) - (_s4_anon + 10))[31:0]
# jitlink-check: *{4}(_s4_anon + 6) = 0xcafef00d
        .globl  _s1_anon
_s1_anon:
        movb    $0x7f, Lanon1(%rip)
        .globl  _s2_anon
_s2_anon:
        movw    $0x7fff, Lanon2(%rip)
        .globl  _s4_anon
_s4_anon:
        movl    $0xcafef00d, Lanon4(%rip)
        retq

        .section __DATA,__data
        .p2align 4
        .globl  _data
_data:
        .quad   0
        .quad   0

        .section __DATA,__anon
        .p2align 4
        .space  0x10
Lanon1:
        .space  0x10
Lanon2:
        .space  8
Lanon4:
        .space  8

        .section __TEXT,__cstring,cstring_literals
Lhello:
        .asciz  "hello"
