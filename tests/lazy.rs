//! Lazy linking (`-lazy FILE`): the programs of `testdata/lazy/` (sources and `build.sh`
//! there) run with every unit but `main.o` lazy, in this process, in `rjitlink-executor` over
//! pipes and over TCP, and in `llvm-jitlink-executor-22`, and must print what the natively
//! linked program prints and exit with its status. The aarch64 runs under qemu are in
//! `remote_aarch64.rs`.
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);
const L: &str = "testdata/lazy";

fn run(before: &[&str], prog: &str, after: &[&str]) -> Output {
    let args = common::lazy::args(prog, &format!("{L}/{prog}"));
    let mut all: Vec<&str> = before.to_vec();
    all.extend(args.iter().map(String::as_str));
    all.extend(after);
    common::run_with_timeout(&all, TIMEOUT)
}

/// The run printed what the natively linked `prog` prints, and exited with its status.
#[track_caller]
fn assert_native(prog: &str, o: &Output) {
    let (want_out, want_status) = common::expected_run(&common::testdata("lazy/expected"), prog);
    common::assert_status(o, want_status);
    assert_eq!(
        common::stdout(o),
        want_out,
        "stdout of {prog} differs from expected/{prog}.out\n--- stderr:\n{}",
        common::stderr(o)
    );
    assert_eq!(common::stderr(o), "", "no diagnostics expected");
}

/// The one-line error of `fails`: the unit, the function whose first call linked it, the
/// cause; "before" was printed, the call's result never is; status 1.
#[track_caller]
fn assert_fails(o: &Output) {
    common::assert_status(o, 1);
    assert_eq!(common::stdout(o), "before\n");
    assert_eq!(
        common::stderr(o),
        common::lazy::failure("testdata/lazy/fails")
    );
}

mod in_process {
    use super::*;

    /// First calls from the eager unit, lazy-to-lazy, lazy-to-eager and mutual recursion;
    /// a comparator first called by qsort; many, floating-point and varargs arguments; small
    /// and large struct returns; a data reference; function-pointer identity across units.
    #[test]
    fn calls() {
        assert_native("calls", &run(&[], "calls", &[]));
    }

    /// Four threads make the same first call at once: one link, four right results.
    #[test]
    fn threads_race_for_the_first_call() {
        for _ in 0..5 {
            let o = run(&["-show-linked-files"], "threads", &[]);
            common::assert_status(&o, 0);
            let out = common::stdout(&o);
            let (want, _) = common::expected_run(&common::testdata("lazy/expected"), "threads");
            assert!(out.starts_with(&want), "{out}");
            let row = out
                .lines()
                .find(|l| l.contains("work.o"))
                .unwrap_or_else(|| panic!("no row for work.o in\n{out}"));
            // However many threads reached the linker, the file was linked once and its one
            // stub set once.
            let reentries: Vec<&str> = [
                "(1 reentry,",
                "(2 reentries,",
                "(3 reentries,",
                "(4 reentries,",
            ]
            .into_iter()
            .filter(|r| row.contains(r))
            .collect();
            assert_eq!(reentries.len(), 1, "{row}");
            assert!(
                row.contains("linked on the first call of 'work' ("),
                "{row}"
            );
            assert!(row.contains(" 1 stub set)"), "{row}");
        }
    }

    /// A lazy unit with an undefined reference links and runs, as long as nothing calls it.
    #[test]
    fn a_never_called_unit_is_never_linked() {
        assert_native("never", &run(&[], "never", &[]));
    }

    #[test]
    fn a_failed_first_call_link_ends_the_program() {
        assert_fails(&run(&[], "fails", &[]));
    }

    /// Which files were linked, when and why; each lazy file entered the linker once (its
    /// later calls, and its other functions' first calls, went straight to the bodies) and
    /// had each of its stubs set once.
    #[test]
    fn show_linked_files_says_when_each_lazy_file_was_linked() {
        let o = run(
            &["-show-linked-files"],
            "calls",
            &["-lazy", "testdata/lazy/never/unused.o"],
        );
        common::assert_status(&o, 33);
        let out = common::stdout(&o);
        let table = &out[out.find("| file").expect("no table")..];
        assert_eq!(
            table,
            "\
| file                         | linked because                                                         |
|------------------------------|------------------------------------------------------------------------|
| testdata/lazy/calls/main.o   | command line                                                           |
| testdata/lazy/calls/data.o   | -lazy, linked for its data 'greeting' (0 reentries, 0 stubs set)       |
| testdata/lazy/calls/a.o      | -lazy, linked on the first call of 'make_big' (1 reentry, 7 stubs set) |
| testdata/lazy/calls/b.o      | -lazy, linked on the first call of 'vdsum' (1 reentry, 7 stubs set)    |
| testdata/lazy/calls/c.o      | -lazy, linked on the first call of 'cmp_int' (1 reentry, 2 stubs set)  |
| testdata/lazy/never/unused.o | -lazy, never linked (none of its functions was called)                 |
"
        );
    }

    /// `-lazy` takes a file: it is not `-l azy`.
    #[test]
    fn lazy_is_not_dash_l() {
        let o = common::run(&["-noexec", "testdata/lazy/never/main.o", "-lazy"]);
        common::assert_error(&o, "a value is required for '--lazy <FILE>'");
    }

    /// A shared library cannot be lazy; a file for another architecture neither.
    #[test]
    fn what_cannot_be_lazy_is_an_error() {
        let o = common::run(&[
            "-noexec",
            "testdata/lazy/never/main.o",
            "-lazy",
            "testdata/lazy/calls/aarch64/a.o",
        ]);
        common::assert_error(
            &o,
            "rjitlink: error: testdata/lazy/calls/aarch64/a.o: -lazy file is aarch64 code, but \
             the link is for x86_64",
        );
    }
}

mod pipe_rjitlink_executor {
    use super::*;

    #[test]
    fn calls() {
        assert_native("calls", &run(&["-oop-executor"], "calls", &[]));
    }

    #[test]
    fn threads() {
        assert_native("threads", &run(&["-oop-executor"], "threads", &[]));
    }

    #[test]
    fn never() {
        assert_native("never", &run(&["-oop-executor"], "never", &[]));
    }

    /// The error, and no executor process left behind.
    #[test]
    fn a_failed_first_call_link_stops_the_executor() {
        let copy = common::executor_copy::ExecutorCopy::new("lazy");
        let o = run(&[&copy.flag()], "fails", &[]);
        assert_fails(&o);
        assert_eq!(copy.processes(), Vec::<u32>::new(), "executor left behind");
    }
}

mod pipe_llvm_executor {
    use super::*;

    fn flag() -> Option<String> {
        let exe = common::tool("llvm-jitlink-executor-22")?;
        Some(format!("-oop-executor={}", exe.display()))
    }

    #[test]
    fn calls() {
        if let Some(flag) = flag() {
            assert_native("calls", &run(&[&flag], "calls", &[]));
        }
    }

    #[test]
    fn threads() {
        if let Some(flag) = flag() {
            assert_native("threads", &run(&[&flag], "threads", &[]));
        }
    }

    #[test]
    fn never() {
        if let Some(flag) = flag() {
            assert_native("never", &run(&[&flag], "never", &[]));
        }
    }

    #[test]
    fn a_failed_first_call_link_ends_the_session() {
        if let Some(flag) = flag() {
            assert_fails(&run(&[&flag], "fails", &[]));
        }
    }
}

mod tcp {
    use super::*;

    /// `rjitlink-executor listen=127.0.0.1:0`, its port, and a thread collecting its stdout
    /// (where a TCP session's program output goes first).
    fn listening() -> (std::process::Child, u16) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rjitlink-executor"))
            .arg("listen=127.0.0.1:0")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rjitlink-executor");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .expect("read the executor's first line");
        let port = line
            .trim()
            .strip_prefix("rjitlink-executor: listening on 127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        (child, port)
    }

    /// `prog` run by rjitlink over TCP, and how the executor ended.
    fn over_tcp(prog: &str) -> (Output, std::process::ExitStatus) {
        let (mut exec, port) = listening();
        let connect = format!("-oop-executor-connect=127.0.0.1:{port}");
        let o = run(&[&connect], prog, &[]);
        (o, exec.wait().expect("wait for the executor"))
    }

    #[test]
    fn calls() {
        let (o, status) = over_tcp("calls");
        assert_native("calls", &o);
        assert!(status.success(), "executor: {status}");
    }

    #[test]
    fn threads() {
        let (o, status) = over_tcp("threads");
        assert_native("threads", &o);
        assert!(status.success(), "executor: {status}");
    }

    #[test]
    fn never() {
        let (o, status) = over_tcp("never");
        assert_native("never", &o);
        assert!(status.success(), "executor: {status}");
    }

    /// The error; the executor (not ours to kill) is hung up on, and ends.
    #[test]
    fn a_failed_first_call_link_ends_the_session() {
        let (o, _) = over_tcp("fails");
        assert_fails(&o);
    }
}
