/* rjitlink's thread-local storage runtime for executors that have no static TLS for JIT'd
 * code (LLVM's llvm-jitlink-executor): linked into the image itself when the link has
 * thread-local variables and the executor cannot place them (see src/link/tls.rs).
 *
 * Each thread gets its own copy of the link's TLS image on first use: a block allocated with
 * aligned_alloc, filled from the image's template, kept under a pthread key whose destructor
 * frees it when the thread ends. General- and local-dynamic code reaches it through
 * __tls_get_addr, descriptor code through __rjitlink_tlsdesc_dynamic. Local-exec and
 * initial-exec code needs fixed thread-pointer offsets, which this cannot give; the linker
 * rejects it before it gets here.
 *
 * The linker defines the image's template (__rjitlink_tls_image) and, as absolute symbols whose
 * addresses are the values, its sizes and alignment.
 *
 * Rebuild the committed objects with ./build.sh (clang-22). */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

extern char __rjitlink_tls_image[];
extern char __rjitlink_tls_init_size[];
extern char __rjitlink_tls_size[];
extern char __rjitlink_tls_align[];

static pthread_key_t key;

__attribute__((constructor(101))) static void rjitlink_tls_init(void) {
  if (pthread_key_create(&key, free) != 0)
    abort();
}

static char *rjitlink_tls_block(void) {
  char *b = pthread_getspecific(key);
  if (__builtin_expect(b != NULL, 1))
    return b;
  size_t size = (size_t)__rjitlink_tls_size;
  size_t align = (size_t)__rjitlink_tls_align;
  size_t init = (size_t)__rjitlink_tls_init_size;
  size_t rounded = (size + align - 1) & ~(align - 1);
  b = aligned_alloc(align, rounded ? rounded : align);
  if (b == NULL)
    abort();
  memcpy(b, __rjitlink_tls_image, init);
  memset(b + init, 0, size - init);
  if (pthread_setspecific(key, b) != 0)
    abort();
  return b;
}

typedef struct {
  unsigned long module;
  unsigned long offset;
} tls_index;

void *__tls_get_addr(tls_index *ti) { return rjitlink_tls_block() + ti->offset; }

static unsigned long thread_pointer(void) {
  unsigned long tp;
#if defined(__x86_64__)
  __asm__("mov %%fs:0, %0" : "=r"(tp));
#elif defined(__aarch64__)
  __asm__("mrs %0, tpidr_el0" : "=r"(tp));
#endif
  return tp;
}

/* The descriptor's second word is the variable's offset in the image; the result is the
 * variable's offset from the thread pointer, as the TLS descriptor convention wants. */
__attribute__((visibility("hidden"))) long rjitlink_tlsdesc_offset(unsigned long *desc) {
  return (long)(rjitlink_tls_block() + desc[1]) - (long)thread_pointer();
}

/* The resolver itself: the TLS descriptor convention lets it change only the result register,
 * so it saves every other caller-saved register around the C code (x86-64: the general
 * registers and, with XSAVE, the whole vector state). */
#if defined(__x86_64__)
__asm__(
    "  .text\n"
    "  .globl __rjitlink_tlsdesc_dynamic\n"
    "  .hidden __rjitlink_tlsdesc_dynamic\n"
    "  .type __rjitlink_tlsdesc_dynamic,@function\n"
    "  .p2align 4\n"
    "__rjitlink_tlsdesc_dynamic:\n"
    "  push %rbp\n"
    "  mov %rsp, %rbp\n"
    "  push %rdi\n"
    "  push %rsi\n"
    "  push %rdx\n"
    "  push %rcx\n"
    "  push %r8\n"
    "  push %r9\n"
    "  push %r10\n"
    "  push %r11\n"
    "  push %rbx\n"
    "  mov %rax, %rbx\n"
    /* The XSAVE area's size for the enabled features: CPUID leaf 0xd, sub-leaf 0, EBX. */
    "  mov $0xd, %eax\n"
    "  xor %ecx, %ecx\n"
    "  push %rbx\n"
    "  cpuid\n"
    "  mov %ebx, %ecx\n"
    "  pop %rbx\n"
    "  sub %rcx, %rsp\n"
    "  and $-64, %rsp\n"
    /* XSAVE needs its area zeroed in the header (bytes 512..575). */
    "  xor %eax, %eax\n"
    "  mov %rax, 512(%rsp)\n"
    "  mov %rax, 520(%rsp)\n"
    "  mov %rax, 528(%rsp)\n"
    "  mov %rax, 536(%rsp)\n"
    "  mov %rax, 544(%rsp)\n"
    "  mov %rax, 552(%rsp)\n"
    "  mov %rax, 560(%rsp)\n"
    "  mov %rax, 568(%rsp)\n"
    "  mov $-1, %eax\n"
    "  mov $-1, %edx\n"
    "  xsave64 (%rsp)\n"
    "  mov %rbx, %rdi\n"
    "  call rjitlink_tlsdesc_offset\n"
    "  mov %rax, %rbx\n"
    "  mov $-1, %eax\n"
    "  mov $-1, %edx\n"
    "  xrstor64 (%rsp)\n"
    "  mov %rbx, %rax\n"
    "  lea -72(%rbp), %rsp\n"
    "  pop %rbx\n"
    "  pop %r11\n"
    "  pop %r10\n"
    "  pop %r9\n"
    "  pop %r8\n"
    "  pop %rcx\n"
    "  pop %rdx\n"
    "  pop %rsi\n"
    "  pop %rdi\n"
    "  pop %rbp\n"
    "  ret\n"
    "  .size __rjitlink_tlsdesc_dynamic, .-__rjitlink_tlsdesc_dynamic\n");
#elif defined(__aarch64__)
__asm__(
    "  .text\n"
    "  .globl __rjitlink_tlsdesc_dynamic\n"
    "  .hidden __rjitlink_tlsdesc_dynamic\n"
    "  .type __rjitlink_tlsdesc_dynamic,%function\n"
    "  .p2align 4\n"
    "__rjitlink_tlsdesc_dynamic:\n"
    /* x0 = descriptor. Save x1-x18, x29, x30 and q0-q31 (160 + 512 bytes). */
    "  stp x29, x30, [sp, #-176]!\n"
    "  mov x29, sp\n"
    "  stp x1, x2, [sp, #16]\n"
    "  stp x3, x4, [sp, #32]\n"
    "  stp x5, x6, [sp, #48]\n"
    "  stp x7, x8, [sp, #64]\n"
    "  stp x9, x10, [sp, #80]\n"
    "  stp x11, x12, [sp, #96]\n"
    "  stp x13, x14, [sp, #112]\n"
    "  stp x15, x16, [sp, #128]\n"
    "  stp x17, x18, [sp, #144]\n"
    "  sub sp, sp, #512\n"
    "  stp q0, q1, [sp, #0]\n"
    "  stp q2, q3, [sp, #32]\n"
    "  stp q4, q5, [sp, #64]\n"
    "  stp q6, q7, [sp, #96]\n"
    "  stp q8, q9, [sp, #128]\n"
    "  stp q10, q11, [sp, #160]\n"
    "  stp q12, q13, [sp, #192]\n"
    "  stp q14, q15, [sp, #224]\n"
    "  stp q16, q17, [sp, #256]\n"
    "  stp q18, q19, [sp, #288]\n"
    "  stp q20, q21, [sp, #320]\n"
    "  stp q22, q23, [sp, #352]\n"
    "  stp q24, q25, [sp, #384]\n"
    "  stp q26, q27, [sp, #416]\n"
    "  stp q28, q29, [sp, #448]\n"
    "  stp q30, q31, [sp, #480]\n"
    "  mrs x1, nzcv\n"
    "  str x1, [x29, #160]\n"
    "  bl rjitlink_tlsdesc_offset\n"
    "  ldr x1, [x29, #160]\n"
    "  msr nzcv, x1\n"
    "  ldp q0, q1, [sp, #0]\n"
    "  ldp q2, q3, [sp, #32]\n"
    "  ldp q4, q5, [sp, #64]\n"
    "  ldp q6, q7, [sp, #96]\n"
    "  ldp q8, q9, [sp, #128]\n"
    "  ldp q10, q11, [sp, #160]\n"
    "  ldp q12, q13, [sp, #192]\n"
    "  ldp q14, q15, [sp, #224]\n"
    "  ldp q16, q17, [sp, #256]\n"
    "  ldp q18, q19, [sp, #288]\n"
    "  ldp q20, q21, [sp, #320]\n"
    "  ldp q22, q23, [sp, #352]\n"
    "  ldp q24, q25, [sp, #384]\n"
    "  ldp q26, q27, [sp, #416]\n"
    "  ldp q28, q29, [sp, #448]\n"
    "  ldp q30, q31, [sp, #480]\n"
    "  add sp, sp, #512\n"
    "  ldp x1, x2, [sp, #16]\n"
    "  ldp x3, x4, [sp, #32]\n"
    "  ldp x5, x6, [sp, #48]\n"
    "  ldp x7, x8, [sp, #64]\n"
    "  ldp x9, x10, [sp, #80]\n"
    "  ldp x11, x12, [sp, #96]\n"
    "  ldp x13, x14, [sp, #112]\n"
    "  ldp x15, x16, [sp, #128]\n"
    "  ldp x17, x18, [sp, #144]\n"
    "  ldp x29, x30, [sp], #176\n"
    "  ret\n"
    "  .size __rjitlink_tlsdesc_dynamic, .-__rjitlink_tlsdesc_dynamic\n");
#endif
