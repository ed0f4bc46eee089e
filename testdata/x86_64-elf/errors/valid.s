# A minimal valid object (main returns 0). build.sh derives truncated.o (its first 100 bytes) and
# corrupt.o (a valid ELF header, but .text's sh_offset points far past the end of the file) from it.
        .text
        .globl  main
        .type   main,@function
main:
        xorl    %eax, %eax
        retq
        .size   main, .-main
