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
    fn basic_pic() {
        check("basic_pic", &[]);
    }
    #[test]
    fn basic_desc() {
        check("basic_desc", &[]);
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
    fn basic_pic() {
        check("basic_pic", &["-oop-executor"]);
    }
    #[test]
    fn basic_desc() {
        check("basic_desc", &["-oop-executor"]);
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

/// Without static TLS (`-no-static-tls`, and LLVM's executor, which has none for JIT'd code),
/// rjitlink links its TLS runtime into the image: each thread gets its own copy of the image
/// on first use, found by `__tls_get_addr` (general- and local-dynamic) and by the runtime's
/// descriptor resolver, which keeps every register but the result.
mod dynamic_tls {
    use super::check;

    #[test]
    fn in_process_basic_pic() {
        check("basic_pic", &["-no-static-tls"]);
    }
    #[test]
    fn in_process_basic_desc() {
        check("basic_desc", &["-no-static-tls"]);
    }
    #[test]
    fn rjitlink_executor_basic_desc() {
        check("basic_desc", &["-oop-executor", "-no-static-tls"]);
    }

    fn llvm_executor() -> Option<String> {
        crate::common::tool("llvm-jitlink-executor-22")
            .map(|p| format!("-oop-executor={}", p.display()))
    }

    #[test]
    fn llvm_executor_basic_pic() {
        let Some(exec) = llvm_executor() else { return };
        check("basic_pic", &[&exec]);
    }
    #[test]
    fn llvm_executor_basic_desc() {
        let Some(exec) = llvm_executor() else { return };
        check("basic_desc", &[&exec]);
    }

    /// Local-exec and initial-exec code needs static TLS: one clear error that names the
    /// relocation and says what works instead.
    #[test]
    fn llvm_executor_initial_exec_is_an_error() {
        let Some(exec) = llvm_executor() else { return };
        let mut args = vec![exec.as_str()];
        let objs = crate::common::tls::objects("x86_64", "basic");
        args.extend(objs.iter().map(String::as_str));
        let o = crate::common::run_with_timeout(&args, super::TIMEOUT);
        crate::common::assert_error(
            &o,
            "testdata/tls/x86_64/basic/main.o: section .text+0x20: R_X86_64_GOTTPOFF against 'tls_init': local-exec and initial-exec access need the variable at a fixed offset from the thread pointer (static TLS), which this link does not have (the executor offers none for JIT'd code, or -no-static-tls was given); run the program in rjitlink-executor or in-process, or compile it with -fPIC",
        );
        assert_eq!(crate::common::stdout(&o), "");
    }

    #[test]
    fn no_static_tls_local_exec_is_an_error() {
        let o = crate::common::run(&[
            "-noexec",
            "-no-static-tls",
            "testdata/tls/x86_64/tls_loop/counter.o",
        ]);
        crate::common::assert_error(&o, "testdata/tls/x86_64/tls_loop/counter.o: section .text+0x5: R_X86_64_TPOFF32 against 'tls_batches': local-exec and initial-exec access need the variable at a fixed offset from the thread pointer (static TLS), which this link does not have");
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
