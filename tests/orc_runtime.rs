//! `rjitlink-executor` under LLVM's full ORC stack, with the ORC runtime
//! (`liborc_rt-x86_64.a` of Debian's libclang-rt-22-dev):
//!
//! - clang-repl-22 (clang-tools-22) with `--oop-executor=rjitlink-executor` evaluates scripted
//!   REPL sessions, with and without `--use-shared-memory`, and must print exactly the
//!   expected text and exactly what the same session prints with `llvm-jitlink-executor-22`;
//! - llvm-jitlink-22 with `-orc-runtime` and `-oop-executor=rjitlink-executor` runs C programs
//!   with constructors, destructors and atexit handlers, the C++ demo, and its own `-lazy`
//!   mode, as with LLVM's executor.
//!
//! Under `CI=true` a missing tool or runtime fails the tests.
mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const ORC_RT: &str = "/usr/lib/llvm-22/lib/clang/22/lib/linux/liborc_rt-x86_64.a";
const TIMEOUT: Duration = Duration::from_secs(120);

fn rjitlink_executor() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rjitlink-executor"))
}

/// `cmd`, with `input` on stdin, killed after `TIMEOUT`.
fn run(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    let pid = child.id();
    let (done, watch) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if watch.recv_timeout(TIMEOUT).is_err() {
            // SAFETY: killing the child we started, which has not been reaped yet.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
        }
    });
    let out = child.wait_with_output().expect("wait for the command");
    let _ = done.send(());
    let _ = watchdog.join();
    out
}

/// clang-repl-22 with the ORC runtime and `executor`, reading `session` from stdin.
fn clang_repl(executor: &std::path::Path, shared_memory: bool, session: &str) -> Option<Output> {
    let repl = common::tool("clang-repl-22")?;
    common::system_file(ORC_RT)?;
    let mut cmd = Command::new(repl);
    if shared_memory {
        cmd.arg("--use-shared-memory");
    }
    cmd.arg(format!("--oop-executor={}", executor.display()))
        .arg(format!("--orc-runtime={ORC_RT}"));
    Some(run(cmd, session))
}

/// clang-repl's stdout without blank lines: it writes a newline of its own at the end of the
/// session, and the executor writes the program's output to the same stdout, so where that
/// newline lands differs from run to run.
fn program_output(o: &Output) -> String {
    common::stdout(o)
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The session run with rjitlink-executor prints `want` and exits 0, and prints the same
/// (stdout and stderr) with LLVM's executor.
#[track_caller]
fn check_session(session: &str, want: &str, shared_memory: bool) {
    let Some(ours) = clang_repl(&rjitlink_executor(), shared_memory, session) else {
        return;
    };
    let err = common::stderr(&ours);
    assert_eq!(
        program_output(&ours),
        want,
        "clang-repl with rjitlink-executor\n{err}"
    );
    assert_eq!(err.trim(), "", "no diagnostics expected");
    assert_eq!(ours.status.code(), Some(0));
    let Some(llvm) = common::tool("llvm-jitlink-executor-22") else {
        return;
    };
    let theirs = clang_repl(&llvm, shared_memory, session).expect("clang-repl");
    assert_eq!(
        program_output(&ours),
        program_output(&theirs),
        "vs llvm-jitlink-executor-22"
    );
    assert_eq!(err, common::stderr(&theirs), "vs llvm-jitlink-executor-22");
}

const C_SESSION: &str = r#"extern "C" int printf(const char*, ...);
int x = 42;
printf("x=%d\n", x);
int add(int a, int b) { return a + b; }
printf("add=%d\n", add(x, 8));
%quit
"#;

const C_WANT: &str = "x=42\nadd=50\n";

const CXX_SESSION: &str = r#"#include <iostream>
#include <string>
#include <vector>
#include <map>
#include <stdexcept>
std::cout << "hello " << 6 * 7 << std::endl;
int square(int v) { return v * v; }
std::cout << square(12) << std::endl;
std::vector<std::string> words = {"b", "a", "c"};
std::map<std::string, int> m; for (auto &w : words) m[w] = (int)w[0];
for (auto &[k, v] : m) std::cout << k << "=" << v << " "; std::cout << std::endl;
template <typename T> T twice(T x) { return x + x; }
std::cout << twice(21) << " " << twice(std::string("ab")) << std::endl;
try { throw std::runtime_error("boom"); } catch (const std::exception &e) { std::cout << "caught " << e.what() << std::endl; }
struct Noisy { Noisy() { std::cout << "ctor" << std::endl; } ~Noisy() { std::cout << "dtor" << std::endl; } } noisy;
int undone = square(3);
%undo
int undone = 10;
std::cout << "undone=" << undone << std::endl;
%quit
"#;

/// The global's destructor runs at exit; `%undo` drops the last input, so `undone` can be
/// defined again.
const CXX_WANT: &str =
    "hello 42\n144\na=97 b=98 c=99 \n42 abab\ncaught boom\nctor\nundone=10\ndtor\n";

/// Declarations, statements, printf, a function defined in one input and called in the next.
#[test]
fn clang_repl_c_session() {
    check_session(C_SESSION, C_WANT, false);
}

/// std::cout, std::string, std::vector, std::map, templates, an exception thrown and caught,
/// a global with a constructor and a destructor, %undo: libstdc++ comes into the executor on
/// the first C++ name it is asked for.
#[test]
fn clang_repl_cxx_session() {
    check_session(CXX_SESSION, CXX_WANT, false);
}

#[test]
fn clang_repl_cxx_session_shared_memory() {
    check_session(CXX_SESSION, CXX_WANT, true);
}

#[test]
fn clang_repl_c_session_shared_memory() {
    check_session(C_SESSION, C_WANT, true);
}

/// An input that crashes: clang-repl reports the executor's end, as with LLVM's executor, and
/// no executor process is left.
#[test]
fn clang_repl_crash_ends_the_executor() {
    let session = "#include <cstdio>\nint *p = nullptr;\nprintf(\"before\\n\"); fflush(stdout);\n*p = 1;\nprintf(\"after\\n\");\n%quit\n";
    let copy = common::executor_copy::ExecutorCopy::new("repl");
    let Some(ours) = clang_repl(&copy.path, false, session) else {
        return;
    };
    let out = program_output(&ours);
    // clang-repl's own stack trace (addresses differ from run to run) is left out.
    let messages = |o: &Output| -> String {
        common::stderr(o)
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let err = messages(&ours);
    assert!(out.starts_with("before\n"), "{out}");
    assert!(!out.contains("after"), "{out}");
    assert!(err.contains("disconnecting"), "{err}");
    assert_eq!(copy.processes(), Vec::<u32>::new(), "executor left behind");
    if let Some(llvm) = common::tool("llvm-jitlink-executor-22") {
        let theirs = clang_repl(&llvm, false, session).expect("clang-repl");
        assert_eq!(program_output(&theirs), out);
        assert_eq!(messages(&theirs), err);
        assert_eq!(theirs.status.code(), ours.status.code());
    }
}

/// `llvm-jitlink-22 -orc-runtime=... -oop-executor=<executor> args`, as (status, stdout,
/// stderr).
fn llvm_jitlink(
    executor: &std::path::Path,
    args: &[&str],
) -> Option<(Option<i32>, String, String)> {
    let lj = common::tool("llvm-jitlink-22")?;
    common::system_file(ORC_RT)?;
    let mut cmd = Command::new(lj);
    cmd.arg(format!("-orc-runtime={ORC_RT}"))
        .arg(format!("-oop-executor={}", executor.display()))
        .args(args);
    let o = run(cmd, "");
    Some((o.status.code(), common::stdout(&o), common::stderr(&o)))
}

/// The same run with rjitlink-executor and with LLVM's: the same status and output, lines
/// compared as sorted sets when `unordered` (the ORC runtime runs initializers of different
/// objects in no fixed order, with either executor).
#[track_caller]
fn check_llvm_jitlink(args: &[&str], unordered: bool) -> Option<(Option<i32>, String)> {
    let ours = llvm_jitlink(&rjitlink_executor(), args)?;
    let llvm = common::tool("llvm-jitlink-executor-22")?;
    let theirs = llvm_jitlink(&llvm, args)?;
    // Unordered: lines sorted, and the words of each line too (a line may list the order
    // constructors ran in).
    let norm = |s: &str| {
        let mut lines: Vec<String> = s
            .lines()
            .map(|l| {
                if !unordered {
                    return l.to_string();
                }
                let mut words: Vec<&str> = l.split_whitespace().collect();
                words.sort_unstable();
                words.join(" ")
            })
            .collect();
        if unordered {
            lines.sort_unstable();
        }
        lines.join("\n")
    };
    assert_eq!(ours.0, theirs.0, "status\n{}\n{}", ours.2, theirs.2);
    assert_eq!(norm(&ours.1), norm(&theirs.1), "stdout");
    assert_eq!(norm(&ours.2), norm(&theirs.2), "stderr");
    Some((ours.0, ours.1))
}

/// Constructors (with priorities), atexit handlers and destructors under the ORC runtime.
#[test]
fn llvm_jitlink_orc_runtime_c_lifecycle() {
    let p = "testdata/programs/lifecycle";
    let (status, out) = check_llvm_jitlink(
        &[
            &format!("{p}/main.o"),
            &format!("{p}/early.o"),
            &format!("{p}/late.o"),
        ],
        true,
    )
    .unwrap_or_default();
    if status.is_some() {
        assert!(
            out.contains("main: 6 constructors ran before main"),
            "{out}"
        );
    }
}

/// The C++ demo (libstdc++ from the executor's process).
#[test]
fn llvm_jitlink_orc_runtime_cxx_demo() {
    let c = "testdata/real/cxx_demo";
    check_llvm_jitlink(
        &[
            &format!("{c}/main.o"),
            &format!("{c}/shapes.o"),
            &format!("{c}/registry.o"),
        ],
        true,
    );
}

/// llvm-jitlink's own -lazy (its lazy reexports and the runtime's reentry) on our executor.
#[test]
fn llvm_jitlink_orc_runtime_lazy() {
    let l = "testdata/lazy/calls";
    let mut args = vec![format!("{l}/main.o")];
    for u in ["a", "b", "c", "data"] {
        args.push("-lazy".into());
        args.push(format!("{l}/{u}.o"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let Some((status, out)) = check_llvm_jitlink(&args, false) {
        assert_eq!(status, Some(33));
        assert!(out.contains("checksum: 1229637320418739297"), "{out}");
    }
}

/// Four threads make the same first call at once through the runtime's lazy reentry: their
/// jit-dispatch calls reach the controller concurrently through our executor.
#[test]
fn llvm_jitlink_orc_runtime_lazy_threads() {
    let t = "testdata/lazy/threads";
    let args = [format!("{t}/main.o"), "-lazy".into(), format!("{t}/work.o")];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let Some((status, out)) = check_llvm_jitlink(&args, false) {
        assert_eq!(status, Some(0));
        let (want, _) = common::expected_run(&common::testdata("lazy/expected"), "threads");
        assert_eq!(out, want);
    }
}
