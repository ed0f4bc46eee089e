//! `rjitlink-executor`: runs code linked by `rjitlink` or `llvm-jitlink` in this process. See
//! `rjitlink-executor --help` and `src/executor/`.

#[global_allocator]
static ALLOC: rjitlink::huge_alloc::HugePageAlloc = rjitlink::huge_alloc::HugePageAlloc;

fn main() {
    std::process::exit(rjitlink::executor::main(std::env::args_os()));
}
