//! `rjitlink`: link objects and archives in memory and run them. See `rjitlink --help`.

fn main() {
    std::process::exit(rjitlink::driver::main(std::env::args_os()));
}
