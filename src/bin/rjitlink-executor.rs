//! `rjitlink-executor`: runs code linked by `rjitlink` or `llvm-jitlink` in this process. See
//! `rjitlink-executor --help` and `src/executor/`.

fn main() {
    std::process::exit(rjitlink::executor::main(std::env::args_os()));
}
