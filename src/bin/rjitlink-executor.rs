//! `rjitlink-executor`: runs code linked by `rjitlink` or `llvm-jitlink` in this process. See
//! `rjitlink-executor --help` and `src/executor/`.
//!
//! The C `main` is ours (`no_main`): Rust's own start-up (stack-overflow handler, stack-guard
//! discovery through /proc/self/maps) costs an executor on an emulated or small device as much
//! as the rest of its start (7 ms of 29 under qemu-aarch64), and the executor needs none of it.
//! Arguments still come through `std::env::args_os` (glibc hands them to Rust's start-up code
//! in an initializer); SIGPIPE is ignored as Rust's start-up would, so a controller that goes
//! away is a write error, not a signal.
// (Not under `cargo test`, whose harness brings its own `main`.)
#![cfg_attr(not(test), no_main)]

#[global_allocator]
static ALLOC: rjitlink::huge_alloc::HugePageAlloc = rjitlink::huge_alloc::HugePageAlloc;

#[cfg(not(test))]
#[no_mangle]
extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    // SAFETY: setting a signal's disposition has no preconditions.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    rjitlink::executor::main(std::env::args_os())
}
