//! Cross-architecture remote execution: `rjitlink-executor` built for
//! `aarch64-unknown-linux-gnu` runs under `qemu-aarch64 -L /usr/aarch64-linux-gnu`, and
//! `rjitlink` on this x86_64 host links the aarch64 ELF programs of
//! `testdata/cross/aarch64-linux-gnu/` for it (the executor's Setup names its triple) and runs
//! them there, over a pipe pair (`-oop-executor=<wrapper script>`) and over TCP on loopback
//! (`-oop-executor-connect=127.0.0.1:PORT` to `rjitlink-executor listen=127.0.0.1:0`). Each must
//! print exactly what the same objects print when linked natively by `aarch64-linux-gnu-gcc` and
//! run under qemu (`<program>/expected.out`, `expected.status`; see testdata/cross/build.sh).
//!
//! Needs the rustup target `aarch64-unknown-linux-gnu` and the Debian packages
//! `gcc-aarch64-linux-gnu`, `libc6-dev-arm64-cross` and `qemu-user`: without them the tests are
//! skipped with a note, or fail under `CI=true`. The executor is built once per test run, by
//! `cargo build --release --target aarch64-unknown-linux-gnu` into `target/aarch64` (its own
//! target directory, so the build does not wait for the lock the outer `cargo test` holds).
mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{mpsc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Any one process under qemu (the executor, rjitlink talking to it): they finish in well
/// under a second when things work; qemu can be slow on a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Building the aarch64 executor (a cold release build of the crate and its dependencies).
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);

const TRIPLE: &str = "aarch64-unknown-linux-gnu";
const CROSS_CC: &str = "aarch64-linux-gnu-gcc";
const QEMU: &str = "qemu-aarch64";
/// The aarch64 glibc (libc6-dev-arm64-cross): qemu's `-L` prefix.
const SYSROOT: &str = "/usr/aarch64-linux-gnu";

const DIR: &str = "testdata/cross/aarch64-linux-gnu";

/// Programs and their objects, in link order (as in testdata/cross/build.sh).
const PROGRAMS: &[(&str, &[&str])] = &[
    ("dispatch", &["main", "ops", "table"]),
    ("symbols", &["main", "weak", "strong"]),
    ("mathfmt", &["main", "fmt", "geom"]),
    ("args", &["main", "show"]),
    ("lifecycle", &["main", "early", "late"]),
];

/// What the args program gets after `--` (ARGS_ARGS of testdata/cross/build.sh).
const ARGS_ARGS: &[&str] = &["alpha", "two words", "-x", "--flag=1", ""];

// ---------------------------------------------------------------------------------------------
// Where the program's stdout goes in TCP mode.

/// Where the linked program's stdout must appear when rjitlink runs it over TCP.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TcpStdout {
    /// On the executor's own stdout (rjitlink-executor before b97776e; LLVM's executor, which
    /// does not forward).
    Executor,
    /// On rjitlink's stdout: the executor forwards the program's output to the controller
    /// (src/executor/forward.rs, since b97776e).
    Rjitlink,
}

const TCP_STDOUT: TcpStdout = TcpStdout::Rjitlink;

/// Asserts that the program's stdout in a TCP run is `want` and appears only where
/// [`TCP_STDOUT`] says (the other stream stays empty): the one place that knows where TCP
/// output goes.
#[track_caller]
fn assert_tcp_program_stdout(rjitlink: &Output, executor_stdout: &str, want: &str, what: &str) {
    let controller = common::stdout(rjitlink);
    let (got, other, other_name) = match TCP_STDOUT {
        TcpStdout::Executor => (executor_stdout, controller.as_str(), "rjitlink's"),
        TcpStdout::Rjitlink => (controller.as_str(), executor_stdout, "the executor's"),
    };
    assert_eq!(
        got,
        want,
        "{what}: the program's stdout (on {TCP_STDOUT:?}'s stdout) differs from the expected \
         output\n--- {other_name} stdout:\n{other}\n--- rjitlink stderr:\n{}",
        common::stderr(rjitlink)
    );
    assert_eq!(
        other, "",
        "{what}: the program's output also appeared on {other_name} stdout"
    );
}

// ---------------------------------------------------------------------------------------------
// Bounded subprocesses.

/// A child that is killed and reaped however the test ends.
struct Reaped(Option<Child>);

impl Reaped {
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("child already reaped")
    }

    /// Waits up to `timeout` for the child to exit; kills it and returns `None` otherwise.
    fn wait_timeout(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child().try_wait().expect("wait for child") {
                self.0 = None;
                return Some(status);
            }
            if start.elapsed() > timeout {
                self.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        self.kill();
    }
}

fn read_all(mut r: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// Runs `cmd` with no stdin and its output captured; `Err` (naming `what`) if it does not
/// finish within `timeout` (it is killed) or cannot start.
fn run_bounded(mut cmd: Command, timeout: Duration, what: &str) -> Result<Output, String> {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    let mut child = Reaped(Some(child));
    let out = read_all(child.child().stdout.take().expect("piped stdout"));
    let err = read_all(child.child().stderr.take().expect("piped stderr"));
    let Some(status) = child.wait_timeout(timeout) else {
        // Killed. Its children (rustc under cargo) may still hold the pipes: leave the
        // readers behind rather than wait for them.
        return Err(format!("{what} did not finish within {timeout:?}"));
    };
    Ok(Output {
        status,
        stdout: out.join().expect("reader"),
        stderr: err.join().expect("reader"),
    })
}

// ---------------------------------------------------------------------------------------------
// The aarch64 executor.

struct Aarch64Executor {
    /// `target/aarch64/aarch64-unknown-linux-gnu/release/rjitlink-executor`.
    binary: PathBuf,
    qemu: PathBuf,
    /// `exec qemu-aarch64 -L /usr/aarch64-linux-gnu <binary> "$@"`, for `-oop-executor=`.
    wrapper: PathBuf,
}

enum Setup {
    Ready(Aarch64Executor),
    /// What is missing and how to install it.
    Missing(String),
    BuildFailed(String),
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Whether the Rust standard library for `TRIPLE` is installed (`rustup target add`).
fn rust_target_installed() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut cmd = Command::new(rustc);
    cmd.args(["--print", "sysroot"]);
    let Ok(o) = run_bounded(cmd, TIMEOUT, "rustc --print sysroot") else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&o.stdout).trim().to_string();
    o.status.success()
        && Path::new(&sysroot)
            .join("lib/rustlib")
            .join(TRIPLE)
            .join("lib")
            .is_dir()
}

fn setup() -> Setup {
    let mut missing = Vec::new();
    if !rust_target_installed() {
        missing.push(format!(
            "the Rust target {TRIPLE} (rustup target add {TRIPLE})"
        ));
    }
    if on_path(CROSS_CC).is_none() {
        missing.push(format!(
            "{CROSS_CC} (apt-get install gcc-aarch64-linux-gnu)"
        ));
    }
    if !Path::new(SYSROOT).join("lib/libc.so.6").exists() {
        missing.push(format!(
            "the aarch64 glibc in {SYSROOT} (apt-get install libc6-dev-arm64-cross)"
        ));
    }
    let qemu = on_path(QEMU);
    if qemu.is_none() {
        missing.push(format!("{QEMU} (apt-get install qemu-user)"));
    }
    if !missing.is_empty() {
        return Setup::Missing(missing.join(", "));
    }
    let qemu = qemu.unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target_dir = root.join("target/aarch64");

    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root)
        .args(["build", "--release", "--target", TRIPLE])
        .args(["--bin", "rjitlink-executor", "--target-dir"])
        .arg(&target_dir)
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .env("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER", CROSS_CC);
    let start = Instant::now();
    match run_bounded(cmd, BUILD_TIMEOUT, "cargo build for aarch64") {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            return Setup::BuildFailed(format!(
                "cargo build --release --target {TRIPLE} failed ({})\n{}",
                o.status,
                common::stderr(&o)
            ))
        }
        Err(e) => return Setup::BuildFailed(e),
    }
    eprintln!(
        "remote_aarch64: built the aarch64 rjitlink-executor in {:.1?}",
        start.elapsed()
    );
    let binary = target_dir.join(TRIPLE).join("release/rjitlink-executor");
    if !binary.is_file() {
        return Setup::BuildFailed(format!("cargo build did not produce {}", binary.display()));
    }

    // The wrapper script, written under a temporary name and renamed into place, so that a
    // concurrent test run never executes a half-written script.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("remote_aarch64");
    std::fs::create_dir_all(&dir).expect("create the wrapper's directory");
    let wrapper = dir.join("qemu-rjitlink-executor");
    let tmp = dir.join(format!("qemu-rjitlink-executor.{}", std::process::id()));
    let script = format!(
        "#!/bin/sh\nexec {} -L {} {} \"$@\"\n",
        sh_quote(&qemu),
        sh_quote(Path::new(SYSROOT)),
        sh_quote(&binary)
    );
    std::fs::write(&tmp, script).expect("write the wrapper script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
            .expect("chmod the wrapper script");
    }
    std::fs::rename(&tmp, &wrapper).expect("rename the wrapper script");
    Setup::Ready(Aarch64Executor {
        binary,
        qemu,
        wrapper,
    })
}

fn sh_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// The aarch64 executor, built on first use. `None` (the test returns) when a prerequisite is
/// missing outside CI; under `CI=true` a missing prerequisite fails the test.
fn aarch64_executor() -> Option<&'static Aarch64Executor> {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    match SETUP.get_or_init(setup) {
        Setup::Ready(x) => Some(x),
        Setup::Missing(what) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("missing (CI=true; .ci/run must install it): {what}");
            }
            eprintln!("skipping: missing {what} (set CI=true to make this a failure)");
            None
        }
        Setup::BuildFailed(why) => panic!("cannot build the aarch64 rjitlink-executor: {why}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Programs, expected outputs, runs.

/// `prog`'s objects (paths relative to the repository root) and, for args, `-- ARGS_ARGS`.
fn inputs(prog: &str) -> Vec<String> {
    // Lazy linking (testdata/lazy/build.sh): main.o, and every other unit after -lazy.
    if let Some(lazy) = prog.strip_prefix("lazy/") {
        return common::lazy::args(lazy, &format!("testdata/lazy/{lazy}/aarch64"));
    }
    // Without static TLS: rjitlink's TLS runtime in the image (aarch64 build of runtime.c).
    if let Some(tls) = prog.strip_prefix("tls-dynamic/") {
        let mut v = vec!["-no-static-tls".to_string()];
        v.extend(common::tls::inputs("aarch64", tls).unwrap_or_default());
        return v;
    }
    if let Some(tls) = prog.strip_prefix("tls/") {
        return common::tls::inputs("aarch64", tls).unwrap_or_default();
    }
    let (_, objs) = PROGRAMS
        .iter()
        .find(|(p, _)| *p == prog)
        .unwrap_or_else(|| panic!("unknown program {prog}"));
    let mut v: Vec<String> = objs
        .iter()
        .map(|o| {
            let rel = format!("{DIR}/{prog}/{o}.o");
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(&rel).is_file(),
                "missing {rel}: run testdata/cross/build.sh"
            );
            rel
        })
        .collect();
    if prog == "args" {
        v.push("--".into());
        v.extend(ARGS_ARGS.iter().map(|s| s.to_string()));
    }
    v
}

/// The expected stdout and exit status of `prog` (from its native aarch64 build).
fn expected(prog: &str) -> (String, i32) {
    if let Some(lazy) = prog.strip_prefix("lazy/") {
        // The aarch64 builds print the same (checked by testdata/lazy/build.sh).
        return common::expected_run(&common::testdata("lazy/expected"), lazy);
    }
    if let Some(tls) = prog
        .strip_prefix("tls/")
        .or_else(|| prog.strip_prefix("tls-dynamic/"))
    {
        return common::tls::expected("aarch64", tls);
    }
    common::expected_run(
        &common::testdata(&format!("cross/aarch64-linux-gnu/{prog}")),
        "expected",
    )
}

/// rjitlink runs `prog` in the aarch64 executor it starts on a pipe pair.
fn check_pipe(prog: &str) {
    let Some(x) = aarch64_executor() else {
        return;
    };
    let (want_out, want_status) = expected(prog);
    let option = format!("-oop-executor={}", x.wrapper.display());
    let inputs = inputs(prog);
    if inputs.is_empty() {
        return; // a Debian file it needs is missing (said above; a failure under CI=true)
    }
    let mut args = vec![option.as_str()];
    args.extend(inputs.iter().map(String::as_str));
    let o = common::run_with_timeout(&args, TIMEOUT);
    common::assert_status(&o, want_status);
    assert_eq!(
        common::stdout(&o),
        want_out,
        "stdout of rjitlink {args:?} differs from {DIR}/{prog}/expected.out\n--- stderr:\n{}",
        common::stderr(&o)
    );
}

/// An aarch64 executor under qemu, listening on loopback.
struct Listening {
    child: Reaped,
    port: u16,
    stdout: JoinHandle<Vec<u8>>,
    stderr: JoinHandle<String>,
}

/// Starts `qemu-aarch64 ... rjitlink-executor listen=127.0.0.1:0` and reads the port it
/// announces on stderr.
fn listen(x: &Aarch64Executor) -> Listening {
    let child = Command::new(&x.qemu)
        .arg("-L")
        .arg(SYSROOT)
        .arg(&x.binary)
        .arg("listen=127.0.0.1:0")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the aarch64 executor under qemu");
    let mut child = Reaped(Some(child));
    let stdout = read_all(child.child().stdout.take().expect("piped stdout"));
    let err = child.child().stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    let stderr = std::thread::spawn(move || {
        let mut all = String::new();
        let mut tx = Some(tx);
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("rjitlink-executor: listening on ") {
                let port = addr
                    .rsplit_once(':')
                    .and_then(|(_, p)| p.parse::<u16>().ok());
                if let (Some(port), Some(tx)) = (port, tx.take()) {
                    let _ = tx.send(port);
                }
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    match rx.recv_timeout(TIMEOUT) {
        Ok(port) => Listening {
            child,
            port,
            stdout,
            stderr,
        },
        Err(_) => {
            child.kill();
            let err = stderr.join().unwrap_or_default();
            panic!("the executor did not announce a port within {TIMEOUT:?}\n--- stderr:\n{err}");
        }
    }
}

/// rjitlink connects to an aarch64 executor over TCP and runs `prog` there; the executor
/// exits 0 when rjitlink is done.
fn check_tcp(prog: &str) {
    let Some(x) = aarch64_executor() else {
        return;
    };
    let (want_out, want_status) = expected(prog);
    let mut exec = listen(x);
    let option = format!("-oop-executor-connect=127.0.0.1:{}", exec.port);
    let inputs = inputs(prog);
    if inputs.is_empty() {
        return; // a Debian file it needs is missing (said above; a failure under CI=true)
    }
    let mut args = vec![option.as_str()];
    args.extend(inputs.iter().map(String::as_str));
    let o = common::run_with_timeout(&args, TIMEOUT);
    let status = exec.child.wait_timeout(TIMEOUT);
    let exec_out = String::from_utf8_lossy(&exec.stdout.join().expect("reader")).into_owned();
    let exec_err = exec.stderr.join().expect("reader");
    let what = format!("rjitlink {args:?}");
    assert_eq!(
        o.status.code(),
        Some(want_status),
        "{what}: unexpected status\n--- stdout:\n{}\n--- stderr:\n{}\n--- executor stdout:\n\
         {exec_out}\n--- executor stderr:\n{exec_err}",
        common::stdout(&o),
        common::stderr(&o)
    );
    assert_tcp_program_stdout(&o, &exec_out, &want_out, &what);
    let status = status.unwrap_or_else(|| {
        panic!("the executor did not exit within {TIMEOUT:?} of rjitlink\n{exec_err}")
    });
    assert_eq!(
        status.code(),
        Some(0),
        "the executor ended with {status}\n--- executor stderr:\n{exec_err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Tests.

/// The native aarch64 builds print what the x86_64 builds print (testdata/programs/expected/),
/// except for argv[0], the path of the first input, which differs between the two.
#[test]
fn expected_outputs_match_the_x86_64_builds() {
    for (prog, _) in PROGRAMS {
        let (out, status) = expected(prog);
        let dir = common::testdata("programs/expected");
        let x86_out = std::fs::read_to_string(dir.join(format!("{prog}.out"))).unwrap();
        let x86_status: i32 = std::fs::read_to_string(dir.join(format!("{prog}.status")))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let x86_out = if *prog == "args" {
            let (old, new) = (
                "testdata/programs/args/main.o",
                format!("{DIR}/args/main.o"),
            );
            x86_out.replace(
                &format!("argv[0]=[{old}] len={}", old.len()),
                &format!("argv[0]=[{new}] len={}", new.len()),
            )
        } else {
            x86_out
        };
        assert_eq!(out, x86_out, "{prog}: aarch64 and x86_64 outputs differ");
        assert_eq!(
            status, x86_status,
            "{prog}: aarch64 and x86_64 statuses differ"
        );
    }
}

/// The target comes from the executor's Setup: x86_64 objects are refused by an aarch64
/// executor, before anything runs.
#[test]
fn x86_64_objects_are_refused_by_the_aarch64_executor() {
    let Some(x) = aarch64_executor() else {
        return;
    };
    let option = format!("-oop-executor={}", x.wrapper.display());
    let o = common::run_with_timeout(
        &[
            &option,
            "testdata/programs/args/main.o",
            "testdata/programs/args/show.o",
        ],
        TIMEOUT,
    );
    common::assert_error(
        &o,
        "the inputs are x86_64 code but the executor runs aarch64-unknown-linux-gnu",
    );
    assert_eq!(common::stdout(&o), "");
}

#[test]
fn pipe_dispatch() {
    check_pipe("dispatch");
}

#[test]
fn pipe_symbols() {
    check_pipe("symbols");
}

#[test]
fn pipe_mathfmt() {
    check_pipe("mathfmt");
}

#[test]
fn pipe_args() {
    check_pipe("args");
}

/// Constructors by priority, atexit through the linker's aarch64 forwarder to `__cxa_atexit`,
/// then `__cxa_finalize` and the destructors.
#[test]
fn pipe_lifecycle() {
    check_pipe("lifecycle");
}

#[test]
fn tcp_dispatch() {
    check_tcp("dispatch");
}

#[test]
fn tcp_symbols() {
    check_tcp("symbols");
}

#[test]
fn tcp_mathfmt() {
    check_tcp("mathfmt");
}

#[test]
fn tcp_args() {
    check_tcp("args");
}

#[test]
fn tcp_lifecycle() {
    check_tcp("lifecycle");
}

/// Thread-local storage in the aarch64 executor (testdata/tls/, the aarch64 builds): every
/// model clang and gcc emit (local-exec, initial-exec, descriptors, traditional
/// general-dynamic, local-dynamic through _TLS_MODULE_BASE_, tiny and large code models), over
/// pipes; two of them over TCP.
mod tls {
    use super::{check_pipe, check_tcp};

    #[test]
    fn pipe_basic() {
        check_pipe("tls/basic");
    }
    #[test]
    fn pipe_basic_pic() {
        check_pipe("tls/basic_pic");
    }
    #[test]
    fn pipe_basic_desc() {
        check_pipe("tls/basic_desc");
    }
    /// rjitlink's TLS runtime (as for an executor without static TLS): traditional
    /// general-dynamic and descriptors, the aarch64 resolver keeping every register.
    #[test]
    fn pipe_dynamic_basic_pic() {
        check_pipe("tls-dynamic/basic_pic");
    }
    #[test]
    fn pipe_dynamic_basic_desc() {
        check_pipe("tls-dynamic/basic_desc");
    }
    #[test]
    fn pipe_models() {
        check_pipe("tls/models");
    }
    #[test]
    fn pipe_models_extra() {
        check_pipe("tls/models_extra");
    }
    #[test]
    fn pipe_cxx_thread_local() {
        check_pipe("tls/cxx_thread_local");
    }
    #[test]
    fn pipe_cxx_thread_local_shared() {
        check_pipe("tls/cxx_thread_local_shared");
    }
    #[test]
    fn pipe_tls_loop() {
        check_pipe("tls/tls_loop");
    }
    #[test]
    fn tcp_basic() {
        check_tcp("tls/basic");
    }
    #[test]
    fn tcp_cxx_thread_local() {
        check_tcp("tls/cxx_thread_local");
    }
}

/// Lazy linking in the aarch64 executor: the reentry trampoline calls the executor's
/// `dispatch_fn`, and the controller links the file while it waits for main.
mod lazy {
    use super::*;

    #[test]
    fn pipe_calls() {
        check_pipe("lazy/calls");
    }

    #[test]
    fn pipe_threads() {
        check_pipe("lazy/threads");
    }

    #[test]
    fn pipe_never() {
        check_pipe("lazy/never");
    }

    #[test]
    fn tcp_calls() {
        check_tcp("lazy/calls");
    }

    #[test]
    fn tcp_threads() {
        check_tcp("lazy/threads");
    }

    #[test]
    fn tcp_never() {
        check_tcp("lazy/never");
    }

    /// Over TCP the executor is not ours to stop: it is hung up on, and ends.
    #[test]
    fn tcp_a_failed_first_call_link_ends_the_session() {
        let Some(x) = aarch64_executor() else {
            return;
        };
        let mut exec = listen(x);
        let option = format!("-oop-executor-connect=127.0.0.1:{}", exec.port);
        let inputs = inputs("lazy/fails");
        let mut args = vec![option.as_str()];
        args.extend(inputs.iter().map(String::as_str));
        let o = common::run_with_timeout(&args, TIMEOUT);
        common::assert_status(&o, 1);
        assert_eq!(
            common::stderr(&o),
            common::lazy::failure("testdata/lazy/fails/aarch64")
        );
        assert!(
            exec.child.wait_timeout(TIMEOUT).is_some(),
            "the executor did not end"
        );
    }

    #[test]
    fn pipe_a_failed_first_call_link_ends_the_program() {
        let Some(x) = aarch64_executor() else {
            return;
        };
        let option = format!("-oop-executor={}", x.wrapper.display());
        let inputs = inputs("lazy/fails");
        let mut args = vec![option.as_str()];
        args.extend(inputs.iter().map(String::as_str));
        let o = common::run_with_timeout(&args, TIMEOUT);
        common::assert_status(&o, 1);
        assert_eq!(common::stdout(&o), "before\n");
        assert_eq!(
            common::stderr(&o),
            common::lazy::failure("testdata/lazy/fails/aarch64")
        );
    }
}

/// LLVM's ORC stack on the aarch64 executor: x86_64 llvm-jitlink-22 with Debian's arm64 ORC
/// runtime (unpacked into target/arm64-root by .ci/run) drives rjitlink-executor under qemu.
mod orc_runtime {
    use super::*;

    const RUNTIME: &str =
        "target/arm64-root/usr/lib/llvm-22/lib/clang/22/lib/linux/liborc_rt-aarch64.a";

    /// `llvm-jitlink-22 -orc-runtime=<arm64 runtime> -oop-executor=<aarch64 executor> args`.
    fn run(args: &[String]) -> Option<Output> {
        let x = aarch64_executor()?;
        let lj = common::tool("llvm-jitlink-22")?;
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join(RUNTIME);
        common::system_file(runtime.to_str()?)?;
        let mut cmd = Command::new(lj);
        cmd.arg(format!("-orc-runtime={}", runtime.display()))
            .arg(format!("-oop-executor={}", x.wrapper.display()))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        Some(run_bounded(cmd, TIMEOUT, "llvm-jitlink-22").unwrap_or_else(|e| panic!("{e}")))
    }

    /// Constructors (with priorities) run before main, under the ORC runtime: the lines the
    /// x86_64 run with LLVM's own executor prints (tests/orc_runtime.rs), as a set.
    #[test]
    fn c_lifecycle() {
        let args: Vec<String> = ["main", "early", "late"]
            .iter()
            .map(|o| format!("{DIR}/lifecycle/{o}.o"))
            .collect();
        let Some(o) = run(&args) else {
            return;
        };
        common::assert_status(&o, 0);
        let mut lines: Vec<String> = common::stdout(&o).lines().map(str::to_string).collect();
        lines.sort();
        let want = [
            "ctor: early.c (default priority)",
            "ctor: early.c priority 101",
            "ctor: early.c priority 300",
            "ctor: late.c priority 200",
            "ctor: late.c priority 65535",
            "ctor: main.c (default priority)",
            "main: returning 0",
        ];
        let listed: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| !l.starts_with("main: 6 constructors"))
            .collect();
        assert_eq!(listed, want, "{}", common::stdout(&o));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("main: 6 constructors ran before main")));
    }

    /// llvm-jitlink's own -lazy with the runtime's reentry, in the aarch64 executor.
    #[test]
    fn lazy() {
        let Some(o) = run(&inputs("lazy/calls")) else {
            return;
        };
        common::assert_status(&o, 33);
        assert!(
            common::stdout(&o).contains("checksum: 1229637320418739297"),
            "{}",
            common::stdout(&o)
        );
    }
}
