# A relocation 4 GiB into a section (tests/errors.rs): build.sh turns .big into a NOBITS
# section of 4 GiB + 16 bytes (it takes no room in the file) and moves the relocation at
# offset 8 to offset 0x100000000 (reloc_past_4gib.o) or 0xffffffff (reloc_below_4gib.o).
    .text
    .globl main
main:
    xorl %eax, %eax
    ret
    .section .big,"aw",@progbits
    .skip 8
    .reloc 8, R_X86_64_64, main
    .skip 8
