# Hand-written .eh_frame records whose sizes are not multiples of 4, as in Debian's libffi
# (unix64.S writes its unwind tables by hand): a CIE of 0x16 bytes, FDEs of 0x1a and 0x16 bytes.
# Records that follow them start at offsets that are not multiples of 4. rjitlink must keep the
# table contiguous: it extends each such record to a multiple of 4 (length field + DW_CFA_nop
# padding), so no gap opens between records.
#
# tests/unwind.rs links this with a C++ program that throws and catches an exception (the
# unwinder walks this table on the first throw), in-process and in rjitlink-executor, and runs
# the checks below on the table's shape.
#
# RUN: rjitlink -noexec -slab-allocate 64Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -entry odd_one -check eh_odd.s eh_odd.o
#
# Each record grows to the next multiple of 4 and the next one follows it directly.
# jitlink-check: *{4}eh_cie = 0x14
# jitlink-check: eh_fde_one = eh_cie + 0x18
# jitlink-check: *{4}eh_fde_one = 0x18
# jitlink-check: eh_fde_two = eh_fde_one + 0x1c
# jitlink-check: *{4}eh_fde_two = 0x14
# The CIE pointers still lead back to the CIE, the pc-begin fields to the functions, and the
# added bytes are DW_CFA_nop (0).
# jitlink-check: *{4}(eh_fde_one + 4) = eh_fde_one + 4 - eh_cie
# jitlink-check: *{4}(eh_fde_two + 4) = eh_fde_two + 4 - eh_cie
# jitlink-check: *{4}(eh_fde_one + 8) = odd_one - (eh_fde_one + 8)
# jitlink-check: *{4}(eh_fde_two + 8) = odd_two - (eh_fde_two + 8)
# jitlink-check: *{2}(eh_cie + 0x16) = 0
# jitlink-check: *{2}(eh_fde_one + 0x1a) = 0
# jitlink-check: *{2}(eh_fde_two + 0x16) = 0
# The table's terminator follows the last record.
# jitlink-check: *{4}(eh_fde_two + 0x18) = 0

        .text
        .globl  odd_one
        .type   odd_one,@function
odd_one:
        pushq   %rbp
        movq    %rsp, %rbp
        movl    $1, %eax
        popq    %rbp
        retq
.Lodd_one_end:
        .size   odd_one, .-odd_one

        .globl  odd_two
        .type   odd_two,@function
odd_two:
        pushq   %rbx
        movl    $2, %eax
        popq    %rbx
        retq
.Lodd_two_end:
        .size   odd_two, .-odd_two

        .section .eh_frame,"a",@unwind
        .globl  eh_cie
        .hidden eh_cie
eh_cie:
        .long   .Lcie_end - .Lcie_start
.Lcie_start:
        .long   0                       # CIE id
        .byte   1                       # version
        .asciz  "zR"                    # augmentation
        .uleb128 1                      # code alignment factor
        .sleb128 -8                     # data alignment factor
        .byte   16                      # return address column (rip)
        .uleb128 1                      # augmentation data length
        .byte   0x1b                    # FDE pointer encoding: pcrel | sdata4
        .byte   0x0c, 7, 8              # DW_CFA_def_cfa: rsp + 8
        .byte   0x90, 1                 # DW_CFA_offset: rip at cfa - 8
.Lcie_end:                              # 0x16 bytes in all

        .globl  eh_fde_one
        .hidden eh_fde_one
eh_fde_one:
        .long   .Lfde1_end - .Lfde1_start
.Lfde1_start:
        .long   .Lfde1_start - eh_cie   # CIE pointer
        .long   odd_one - .             # pc begin
        .long   .Lodd_one_end - odd_one # pc range
        .uleb128 0                      # augmentation data length
        .byte   0x41                    # DW_CFA_advance_loc 1
        .byte   0x0e, 0x10              # DW_CFA_def_cfa_offset 16
        .byte   0x86, 0x02              # DW_CFA_offset: rbp at cfa - 16
        .byte   0x43                    # DW_CFA_advance_loc 3
        .byte   0x0d, 0x06              # DW_CFA_def_cfa_register rbp
        .byte   0x00                    # DW_CFA_nop
.Lfde1_end:                             # 0x1a bytes in all

        .globl  eh_fde_two
        .hidden eh_fde_two
eh_fde_two:
        .long   .Lfde2_end - .Lfde2_start
.Lfde2_start:
        .long   .Lfde2_start - eh_cie   # CIE pointer
        .long   odd_two - .             # pc begin
        .long   .Lodd_two_end - odd_two # pc range
        .uleb128 0                      # augmentation data length
        .byte   0x41                    # DW_CFA_advance_loc 1
        .byte   0x0e, 0x10              # DW_CFA_def_cfa_offset 16
        .byte   0x0e, 0x08              # DW_CFA_def_cfa_offset 8
.Lfde2_end:                             # 0x16 bytes in all
