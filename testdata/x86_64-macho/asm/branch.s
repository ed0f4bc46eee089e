# X86_64_RELOC_BRANCH: call/jmp to a function defined in this object is direct (rel32); to an
# external (-abs) function more than 2 GiB away it goes through the target's 6-byte stub in
# $__STUBS (ff 25 rel32 = jmpq *GOT(%rip)), which jumps through the 8-byte GOT entry in $__GOT.
# A stub to an external in rel32 range is bypassed (the call is direct), by both linkers.
# .subsections_via_symbols makes every function its own atom, so calls between functions in
# __text get relocations.
#
# RUN: llvm-mc-22 -triple=x86_64-apple-macosx -filetype=obj branch.s -o branch.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs _ext_fn=0x123456789000 -abs _near_fn=0x7fff00100000 -check branch.s branch.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
_main:
        xorl    %eax, %eax
        retq

        .globl  _callee
_callee:
        retq

# callq _callee: e8 rel32, backwards, direct.
# jitlink-check: *{1}_call_def = 0xe8
# jitlink-check: *{4}(_call_def + 1) = (_callee - (_call_def + 5))[31:0]
# jitlink-check: decode_operand(_call_def, 0)[31:0] = (_callee - next_pc(_call_def))[31:0]
        .globl  _call_def
_call_def:
        callq   _callee

# jmp _later: e9 rel32, forwards, direct.
# jitlink-check: *{1}_jmp_def = 0xe9
# jitlink-check: *{4}(_jmp_def + 1) = (_later - (_jmp_def + 5))[31:0]
        .globl  _jmp_def
_jmp_def:
        jmp     _later

# callq _ext_fn: e8 rel32 to the stub; stub ff 25 rel32 to the GOT entry; entry = _ext_fn.
# jitlink-check: *{1}_call_ext = 0xe8
# jitlink-check: *{4}(_call_ext + 1) = (stub_addr(branch.o, _ext_fn) - (_call_ext + 5))[31:0]
# jitlink-check: *{2}stub_addr(branch.o, _ext_fn) = 0x25ff
# jitlink-check: *{4}(stub_addr(branch.o, _ext_fn) + 2) = (got_addr(branch.o, _ext_fn) - (stub_addr(branch.o, _ext_fn) + 6))[31:0]
# jitlink-check: *{8}got_addr(branch.o, _ext_fn) = _ext_fn
        .globl  _call_ext
_call_ext:
        callq   _ext_fn

# jmp _ext_fn: the same stub.
# jitlink-check: *{1}_jmp_ext = 0xe9
# jitlink-check: *{4}(_jmp_ext + 1) = (stub_addr(branch.o, _ext_fn) - (_jmp_ext + 5))[31:0]
        .globl  _jmp_ext
_jmp_ext:
        jmp     _ext_fn

# callq _near_fn: an external in range; the stub is bypassed.
# jitlink-check: *{4}(_call_near + 1) = (_near_fn - (_call_near + 5))[31:0]
        .globl  _call_near
_call_near:
        callq   _near_fn

        .globl  _later
_later:
        retq

.subsections_via_symbols
