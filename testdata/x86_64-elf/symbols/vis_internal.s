# internal_fn has STV_INTERNAL visibility.
        .text
        .globl  internal_fn
        .internal internal_fn
        .type   internal_fn,@function
internal_fn:
        movl    $4, %eax
        retq
        .size   internal_fn, .-internal_fn
