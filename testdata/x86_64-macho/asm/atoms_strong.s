# The strong definition of _weak_fn that overrides atoms.s's weak one (see atoms.s).
        .section __TEXT,__text,regular,pure_instructions
        .globl  _weak_fn
_weak_fn:
        movl    $2, %eax
        retq

.subsections_via_symbols
