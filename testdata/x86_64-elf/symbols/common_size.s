# cbuf_size() returns the size of the resolved `cbuf` (R_X86_64_SIZE32 against an undefined symbol).
        .text
        .globl  cbuf_size
        .type   cbuf_size,@function
cbuf_size:
        movl    $cbuf@SIZE, %eax
        retq
        .size   cbuf_size, .-cbuf_size
