//! Thread-local storage in real programs (`testdata/tls/`, see its README.txt): C and C++
//! programs whose thread-local variables cross objects, compiled under every TLS model both
//! compilers offer (local-exec, initial-exec, general- and local-dynamic, descriptors), with
//! `.tdata`, `.tbss`, over-aligned variables, a relocated TLS pointer, threads alive at once
//! and C++ `thread_local` objects with constructors and destructors. Each must print exactly
//! what the natively linked program prints, with the same status, in this process and in
//! `rjitlink-executor` (pipes and TCP). The aarch64 builds run in the aarch64 executor under
//! qemu (tests/remote_aarch64.rs).
mod common;

use common::tls::{expected, inputs, PROGRAMS};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

#[track_caller]
fn check(prog: &str, how: &[&str]) {
    let Some(inputs) = inputs("x86_64", prog) else {
        return;
    };
    let (want_out, want_status) = expected("x86_64", prog);
    let mut args: Vec<&str> = how.to_vec();
    args.extend(inputs.iter().map(String::as_str));
    let o = common::run_with_timeout(&args, TIMEOUT);
    common::assert_status(&o, want_status);
    assert_eq!(
        common::stdout(&o),
        want_out,
        "stdout of rjitlink {}\n--- stderr:\n{}",
        args.join(" "),
        common::stderr(&o)
    );
    assert_eq!(common::stderr(&o), "", "no diagnostics expected");
}

mod in_process {
    use super::check;

    #[test]
    fn basic() {
        check("basic", &[]);
    }
    #[test]
    fn models() {
        check("models", &[]);
    }
    #[test]
    fn models_extra() {
        check("models_extra", &[]);
    }
    #[test]
    fn cxx_thread_local() {
        check("cxx_thread_local", &[]);
    }
    /// libstdc++.so's thread-locals (`std::call_once`'s), reached initial-exec from JIT'd code.
    #[test]
    fn cxx_thread_local_shared() {
        check("cxx_thread_local_shared", &[]);
    }
    #[test]
    fn tls_loop() {
        check("tls_loop", &[]);
    }
}

mod executor_pipe {
    use super::check;

    #[test]
    fn basic() {
        check("basic", &["-oop-executor"]);
    }
    #[test]
    fn models() {
        check("models", &["-oop-executor"]);
    }
    #[test]
    fn models_extra() {
        check("models_extra", &["-oop-executor"]);
    }
    #[test]
    fn cxx_thread_local() {
        check("cxx_thread_local", &["-oop-executor"]);
    }
    /// libstdc++.so's thread-locals (`std::call_once`'s), reached initial-exec from JIT'd code.
    #[test]
    fn cxx_thread_local_shared() {
        check("cxx_thread_local_shared", &["-oop-executor"]);
    }
    #[test]
    fn tls_loop() {
        check("tls_loop", &["-oop-executor"]);
    }
}

/// Every program is covered by the lists above.
#[test]
fn every_program_is_tested() {
    let me = std::fs::read_to_string(file!()).expect("own source");
    for p in PROGRAMS {
        assert!(
            me.matches(&format!("fn {p}()")).count() >= 2,
            "{p} is not tested here"
        );
    }
}
