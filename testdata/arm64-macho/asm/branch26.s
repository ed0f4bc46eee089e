# ARM64_RELOC_BRANCH26 (bl/b): to functions defined in this object, direct (imm26 =
# (S + A - P) >> 2), also with an ARM64_RELOC_ADDEND; to an external (-abs) function far outside
# ±128 MiB, through its 12-byte stub in $__STUBS (adrp x16 / ldr x16 / br x16) and 8-byte GOT
# entry in $__GOT. decode_operand: B/BL operand 0 is the offset in instructions.
#
# RUN: llvm-mc-22 -triple=arm64-apple-macosx -filetype=obj branch26.s -o branch26.o
# RUN: rjitlink -noexec -slab-allocate 100Kb -slab-address 0x7fff00000000 -slab-page-size 4096 -abs _ext_fn=0x123456789000 -check branch26.s branch26.o

        .section __TEXT,__text,regular,pure_instructions
        .globl  _main
        .p2align 2
_main:
        mov     w0, #0
        ret

        .globl  _callee_back
_callee_back:
        ret

# bl _callee_back: backwards.
# jitlink-check: decode_operand(_call_back, 0)[25:0] = ((_callee_back - _call_back) >> 2)[25:0]
# jitlink-check: *{4}_call_back = ((_callee_back - _call_back) >> 2)[25:0] | 0x94000000
        .globl  _call_back
_call_back:
        bl      _callee_back

# b _callee_fwd: forwards (0x14000000).
# jitlink-check: decode_operand(_jump_fwd, 0)[25:0] = ((_callee_fwd - _jump_fwd) >> 2)[25:0]
# jitlink-check: *{4}_jump_fwd = ((_callee_fwd - _jump_fwd) >> 2)[25:0] | 0x14000000
        .globl  _jump_fwd
_jump_fwd:
        b       _callee_fwd

# bl _callee_fwd+8: BRANCH26 preceded by ARM64_RELOC_ADDEND 8.
# jitlink-check: *{4}_call_addend = (((_callee_fwd + 8) - _call_addend) >> 2)[25:0] | 0x94000000
        .globl  _call_addend
_call_addend:
        bl      _callee_fwd+8

# bl _ext_fn / b _ext_fn: to the stub.
# jitlink-check: *{4}_call_ext = ((stub_addr(branch26.o, _ext_fn) - _call_ext) >> 2)[25:0] | 0x94000000
# jitlink-check: *{4}_jump_ext = ((stub_addr(branch26.o, _ext_fn) - _jump_ext) >> 2)[25:0] | 0x14000000
        .globl  _call_ext
_call_ext:
        bl      _ext_fn
        .globl  _jump_ext
_jump_ext:
        b       _ext_fn

# The stub: adrp x16, GOT@page (0x90000010); ldr x16, [x16, GOT@pageoff] (0xf9400210); br x16.
# jitlink-check: *{4}stub_addr(branch26.o, _ext_fn) = ((got_addr(branch26.o, _ext_fn)[63:12] - stub_addr(branch26.o, _ext_fn)[63:12])[1:0] << 29) | ((got_addr(branch26.o, _ext_fn)[63:12] - stub_addr(branch26.o, _ext_fn)[63:12])[20:2] << 5) | 0x90000010
# jitlink-check: *{4}(stub_addr(branch26.o, _ext_fn) + 4) = (got_addr(branch26.o, _ext_fn)[11:3] << 10) | 0xf9400210
# jitlink-check: *{4}(stub_addr(branch26.o, _ext_fn) + 8) = 0xd61f0200
# jitlink-check: *{8}got_addr(branch26.o, _ext_fn) = _ext_fn

        .space  0x4000
        .globl  _callee_fwd
_callee_fwd:
        nop
        nop
        ret

.subsections_via_symbols
