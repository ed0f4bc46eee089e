//! `rjitlink`: link objects and archives in memory and run them. See `rjitlink --help`.

#[global_allocator]
static ALLOC: rjitlink::huge_alloc::HugePageAlloc = rjitlink::huge_alloc::HugePageAlloc;

fn main() {
    std::process::exit(rjitlink::driver::main(std::env::args_os()));
}
