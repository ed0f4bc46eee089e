# A common symbol whose alignment (st_value) build.sh patches to 0x80000000 (common_align_2g.o:
# the largest accepted), 0x100000000 (common_align_4g.o) and 0xffffffff (common_align_odd.o).
    .text
    .globl main
main:
    movq bigalign@GOTPCREL(%rip), %rax
    xorl %eax, %eax
    ret
    .comm bigalign,8,8
