//! Remote execution: `rjitlink -oop-executor[=PATH]` (an executor on a pipe pair) and
//! `rjitlink -oop-executor-connect=HOST:PORT` (over TCP), with rjitlink's own
//! `rjitlink-executor` and LLVM 22's `llvm-jitlink-executor-22` on the other side, and LLVM 22's
//! `llvm-jitlink-22` driving `rjitlink-executor`.
//!
//! - `pipe_rjitlink_executor::*`, `pipe_llvm_executor::*`: the real programs (`testdata/real`)
//!   and every multi-object program (`testdata/programs`) print exactly their expected output
//!   and exit with the expected status when run in the executor (constructors, atexit handlers
//!   and destructors included).
//! - `llvm_jitlink_drives_rjitlink_executor::*`: the programs llvm-jitlink-22 can link, run in
//!   `rjitlink-executor`; the ones it cannot (lifecycle: no `atexit`; the C++ demo: no
//!   `__dso_handle`; lua: STV_INTERNAL) are asserted as such, with LLVM's error text.
//! - `tcp::*`: `-oop-executor-connect` to `rjitlink-executor listen=127.0.0.1:0` (which binds
//!   exactly 127.0.0.1) and to `llvm-jitlink-executor-22 listen=...`; nothing hangs and the
//!   executor exits 0 after the session.
//! - `crash::*`, `no_orphan_when_rjitlink_is_killed`: a dying executor is reported (signal and
//!   phase), `exit(n)` becomes rjitlink's status, and no executor process outlives rjitlink.
//! - `errors::*`: one-line errors for impossible combinations.
//!
//! Every process started here runs in its own process group with a time limit: on timeout (or
//! a failing assertion) the whole group is killed and reaped.
mod common;

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Generous: sqlite is a large archive and the tests may run unoptimized.
const TIMEOUT: Duration = Duration::from_secs(120);
/// For a process that should already have printed something or be gone.
const SHORT: Duration = Duration::from_secs(10);

const LIBDIR: &str = "/usr/lib/x86_64-linux-gnu";
const P: &str = "testdata/programs";
const R: &str = "testdata/remote";

// ------------------------------------------------------------------------------------------
// Bounded subprocesses

/// A process started by a test, in its own process group (which also holds whatever it
/// starts, such as its executor), with stdout and stderr collected as they arrive. Dropping it
/// kills the group and reaps the process.
struct Proc {
    what: String,
    child: Child,
    status: Option<ExitStatus>,
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
}

fn collect(mut from: impl Read + Send + 'static, into: Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut chunk = [0u8; 16384];
        loop {
            match from.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => into.lock().unwrap().extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    })
}

impl Proc {
    /// Starts `cmd` in the repository root with no stdin and no core dumps (a crashing
    /// executor must not spend seconds writing one).
    fn spawn(cmd: &mut Command) -> Proc {
        let what = format!("{cmd:?}");
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        // SAFETY: setrlimit is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                let none = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: 0,
                };
                libc::setrlimit(libc::RLIMIT_CORE, &none);
                Ok(())
            });
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let readers = vec![
            collect(child.stdout.take().unwrap(), Arc::clone(&out)),
            collect(child.stderr.take().unwrap(), Arc::clone(&err)),
        ];
        Proc {
            what,
            child,
            status: None,
            out,
            err,
            readers,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().unwrap()).into_owned()
    }

    /// Its exit status, if it has exited (reaping it).
    fn exited(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("waitpid");
        }
        self.status
    }

    /// Kills the whole process group (SIGKILL) and reaps the process.
    fn kill_group(&mut self) {
        // SAFETY: signals our own child's process group (its pgid is its pid).
        unsafe { libc::killpg(self.child.id() as libc::pid_t, libc::SIGKILL) };
        if self.status.is_none() {
            self.status = self.child.wait().ok();
        }
    }

    /// The process has exited: waits (up to `SHORT`) for its output pipes to close, which
    /// they do when every process holding them (an executor it started) is gone too.
    fn drain(&mut self) {
        let deadline = Instant::now() + SHORT;
        while self.readers.iter().any(|r| !r.is_finished()) {
            if Instant::now() > deadline {
                self.kill_group();
                panic!(
                    "a process started by {} outlived it, holding its output open\n{}",
                    self.what,
                    self.streams()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        for r in self.readers.drain(..) {
            r.join().expect("output reader");
        }
    }

    fn streams(&self) -> String {
        format!(
            "--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout(),
            self.stderr()
        )
    }

    /// Waits until `ready` holds (true) or the process exits first (false, output drained).
    /// Kills the group and fails the test after `timeout`.
    fn wait_until(&mut self, timeout: Duration, ready: impl Fn(&Proc) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if ready(self) {
                return true;
            }
            if self.exited().is_some() {
                self.drain();
                return ready(self);
            }
            if Instant::now() > deadline {
                self.kill_group();
                panic!(
                    "{} did not get ready within {timeout:?}\n{}",
                    self.what,
                    self.streams()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits for the process to exit, killing its group and failing the test after `timeout`.
    fn finish(mut self, timeout: Duration) -> Output {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.exited() {
                break status;
            }
            if Instant::now() > deadline {
                self.kill_group();
                panic!(
                    "{} did not finish within {timeout:?} (killed)\n{}",
                    self.what,
                    self.streams()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        self.drain();
        Output {
            status,
            stdout: self.out.lock().unwrap().clone(),
            stderr: self.err.lock().unwrap().clone(),
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.status.is_none() || self.readers.iter().any(|r| !r.is_finished()) {
            self.kill_group();
        }
    }
}

fn rjitlink(args: &[&str]) -> Proc {
    Proc::spawn(Command::new(env!("CARGO_BIN_EXE_rjitlink")).args(args))
}

/// Runs `rjitlink args...` to completion (bounded by `TIMEOUT`).
fn run_rjitlink(args: &[&str]) -> Output {
    rjitlink(args).finish(TIMEOUT)
}

fn rjitlink_executor() -> &'static str {
    env!("CARGO_BIN_EXE_rjitlink-executor")
}

fn llvm_executor() -> Option<PathBuf> {
    common::tool("llvm-jitlink-executor-22")
}

fn describe(status: ExitStatus) -> String {
    match status.signal() {
        Some(sig) => format!("killed by signal {sig}"),
        None => format!("exit {}", status.code().unwrap_or(-1)),
    }
}

// ------------------------------------------------------------------------------------------
// The programs and their expected output

fn archive(name: &str) -> Option<String> {
    common::system_file(&format!("{LIBDIR}/{name}")).map(|p| p.display().to_string())
}

/// The directory of the libstdc++.so that `-l stdc++` resolves to (libstdc++-<N>-dev puts it
/// in gcc's library directory).
fn libstdcxx_dir() -> Option<PathBuf> {
    let gcc = PathBuf::from("/usr/lib/gcc/x86_64-linux-gnu");
    let found = std::fs::read_dir(&gcc).ok().and_then(|dirs| {
        dirs.filter_map(|d| d.ok())
            .map(|d| d.path())
            .find(|p| p.join("libstdc++.so").exists())
    });
    found.or_else(|| {
        common::system_file("/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.so")
            .and_then(|p| p.parent().map(Path::to_path_buf))
    })
}

const ARGS_ARGS: [&str; 5] = ["alpha", "two words", "-x", "--flag=1", ""];

/// rjitlink's command-line inputs for `prog`, in the order its expected output needs (it
/// decides the order of constructors); `None` (test skipped) when a Debian archive is missing.
fn inputs(prog: &str) -> Option<Vec<String>> {
    let objs = |dir: &str, names: &[&str]| -> Vec<String> {
        names.iter().map(|n| format!("{dir}/{n}.o")).collect()
    };
    // An archive in gcc 12's library directory (libstdc++.a, libgfortran.a, libquadmath.a).
    let gcc_archive = |name: &str| -> Option<String> {
        common::system_file(&format!("/usr/lib/gcc/x86_64-linux-gnu/12/{name}"))
            .map(|p| p.display().to_string())
    };
    if let Some(tls) = prog.strip_prefix("tls/") {
        return common::tls::inputs("x86_64", tls);
    }
    Some(match prog {
        "sqlite_demo" => vec![
            "testdata/real/sqlite_demo.o".into(),
            archive("libsqlite3.a")?,
        ],
        "lua_demo" => vec!["testdata/real/lua_demo.o".into(), archive("liblua5.4.a")?],
        "zlib_demo" => vec!["testdata/real/zlib_demo.o".into(), archive("libz.a")?],
        "cxx_demo" => {
            libstdcxx_dir()?;
            let mut v = objs("testdata/real/cxx_demo", &["main", "shapes", "registry"]);
            v.extend(["-l".into(), "stdc++".into()]);
            v
        }
        "ffi_demo" => {
            libstdcxx_dir()?;
            vec![
                "testdata/real/ffi_demo.o".into(),
                archive("libffi.a")?,
                "-l".into(),
                "stdc++".into(),
            ]
        }
        // Libraries with thread-local storage (testdata/real/build.sh).
        "mpfr_demo" => vec![
            "testdata/real/mpfr_demo.o".into(),
            archive("libmpfr.a")?,
            archive("libgmp.a")?,
        ],
        "jsonc_demo" => vec!["testdata/real/jsonc_demo.o".into(), archive("libjson-c.a")?],
        "xml_icu_demo" | "xml_icu_demo -l stdc++" => {
            let mut v = vec![
                "testdata/real/xml_icu_demo.o".into(),
                archive("libxml2.a")?,
                archive("libicuuc.a")?,
                archive("libicudata.a")?,
                archive("libz.a")?,
                archive("liblzma.a")?,
            ];
            if prog == "xml_icu_demo" {
                v.push(gcc_archive("libstdc++.a")?);
            } else {
                libstdcxx_dir()?;
                v.extend(["-l".into(), "stdc++".into()]);
            }
            v
        }
        "jpeg_demo" => vec!["testdata/real/jpeg_demo.o".into(), archive("libjpeg.a")?],
        "luajit_demo" => vec![
            "testdata/real/luajit_demo.o".into(),
            archive("libluajit-5.1.a")?,
        ],
        "gc_demo" => vec!["testdata/real/gc_demo.o".into(), archive("libgc.a")?],
        "fortran_demo" => vec![
            "testdata/real/fortran_demo.o".into(),
            gcc_archive("libgfortran.a")?,
            gcc_archive("libquadmath.a")?,
        ],
        "dispatch" => objs(&format!("{P}/dispatch"), &["main", "ops", "table"]),
        "lifecycle" => objs(&format!("{P}/lifecycle"), &["main", "early", "late"]),
        "symbols" => objs(&format!("{P}/symbols"), &["main", "weak", "strong"]),
        "mathfmt" => objs(&format!("{P}/mathfmt"), &["main", "fmt", "geom"]),
        "args" => {
            // argv[0] is the first input's path; the rest follow `--` verbatim.
            let mut v = objs(&format!("{P}/args"), &["main", "show"]);
            v.push("--".into());
            v.extend(ARGS_ARGS.iter().map(|a| a.to_string()));
            v
        }
        _ => panic!("unknown program {prog}"),
    })
}

/// `expected/<prog>.out` and `.status` of `testdata/real`, `testdata/programs` or
/// `testdata/remote`.
fn expected(prog: &str) -> (String, i32) {
    if let Some(tls) = prog.strip_prefix("tls/") {
        return common::tls::expected("x86_64", tls);
    }
    // The same program with other inputs.
    let prog = prog.strip_suffix(" -l stdc++").unwrap_or(prog);
    let dir = if prog.ends_with("_demo") {
        "real"
    } else if common::testdata(&format!("programs/{prog}")).is_dir() {
        "programs"
    } else {
        "remote"
    };
    common::expected_run(&common::testdata(&format!("{dir}/expected")), prog)
}

/// The run printed `prog`'s expected output and exited with its expected status.
#[track_caller]
fn assert_expected(prog: &str, command: &str, o: &Output) {
    let (want_out, want_status) = expected(prog);
    common::assert_status(o, want_status);
    assert_eq!(
        common::stdout(o),
        want_out,
        "stdout of `{command}` differs from expected/{prog}.out\n--- stderr:\n{}",
        common::stderr(o)
    );
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

// ------------------------------------------------------------------------------------------
// (a), (c): rjitlink driving an executor on a pipe pair

/// Runs `prog` with `-oop-executor[=executor]` and checks its stdout and status.
fn check_pipe(executor: Option<&Path>, prog: &str) {
    let Some(inputs) = inputs(prog) else {
        return;
    };
    let flag = match executor {
        Some(path) => format!("-oop-executor={}", path.display()),
        None => "-oop-executor".to_string(),
    };
    let mut args = vec![flag.as_str()];
    args.extend(strs(&inputs));
    let o = run_rjitlink(&args);
    assert_expected(prog, &format!("rjitlink {}", args.join(" ")), &o);
    assert_eq!(common::stderr(&o), "", "no diagnostics expected");
}

/// (a) The default executor: `rjitlink-executor` next to the rjitlink binary.
mod pipe_rjitlink_executor {
    use super::check_pipe;

    #[test]
    fn sqlite() {
        check_pipe(None, "sqlite_demo");
    }

    #[test]
    fn lua() {
        check_pipe(None, "lua_demo");
    }

    #[test]
    fn zlib() {
        check_pipe(None, "zlib_demo");
    }

    #[test]
    fn cxx_demo() {
        check_pipe(None, "cxx_demo");
    }

    /// libffi's odd-sized unwind records: the executor accepts and registers the table, and a
    /// C++ exception thrown after it is caught.
    #[test]
    fn ffi_demo() {
        check_pipe(None, "ffi_demo");
    }

    #[test]
    fn dispatch() {
        check_pipe(None, "dispatch");
    }

    /// Constructors, main, atexit handlers and destructors, in order, all in the executor.
    #[test]
    fn lifecycle() {
        check_pipe(None, "lifecycle");
    }

    #[test]
    fn symbols() {
        check_pipe(None, "symbols");
    }

    #[test]
    fn mathfmt() {
        check_pipe(None, "mathfmt");
    }

    #[test]
    fn args() {
        check_pipe(None, "args");
    }

    /// MPFR's thread-local flags and exponent range (initial-exec, local-exec), in main's
    /// thread and one it creates.
    #[test]
    fn mpfr_tls() {
        check_pipe(None, "mpfr_demo");
    }

    /// json-c's thread-local double format (local-dynamic).
    #[test]
    fn json_c_tls() {
        check_pipe(None, "jsonc_demo");
    }

    /// libxml2 through ICU, with the static libstdc++.a (ICU's std::call_once reads
    /// libstdc++'s thread-locals initial-exec).
    #[test]
    fn libxml2_icu_static_libstdcxx() {
        check_pipe(None, "xml_icu_demo");
    }

    /// The same with libstdc++.so, loaded by the executor with its TLS in static TLS.
    #[test]
    fn libxml2_icu_dash_l_stdcxx() {
        check_pipe(None, "xml_icu_demo -l stdc++");
    }

    /// libjpeg-turbo's thread-local SIMD detection (local-dynamic).
    #[test]
    fn libjpeg_turbo_tls() {
        check_pipe(None, "jpeg_demo");
    }

    /// LuaJIT's thread-local _Unwind_Exception (local-exec) thrown through the VM's frames.
    #[test]
    fn luajit_tls() {
        check_pipe(None, "luajit_demo");
    }

    /// libgfortran's thread-local current unit (initial-exec, local-exec).
    #[test]
    fn gfortran_tls() {
        check_pipe(None, "fortran_demo");
    }

    /// The Boehm collector: see `boehm_gc_collects_with_threads` in tests/real_programs.rs.
    #[test]
    fn boehm_gc() {
        check_pipe(None, "gc_demo");
    }

    /// An explicit path works as the default does.
    #[test]
    fn explicit_path() {
        check_pipe(
            Some(std::path::Path::new(super::rjitlink_executor())),
            "dispatch",
        );
    }
}

/// (c) rjitlink driving LLVM 22's executor.
mod pipe_llvm_executor {
    use super::{check_pipe, llvm_executor};

    fn check(prog: &str) {
        if let Some(exe) = llvm_executor() {
            check_pipe(Some(&exe), prog);
        }
    }

    #[test]
    fn sqlite() {
        check("sqlite_demo");
    }

    #[test]
    fn lua() {
        check("lua_demo");
    }

    #[test]
    fn zlib() {
        check("zlib_demo");
    }

    #[test]
    fn cxx_demo() {
        check("cxx_demo");
    }

    #[test]
    fn dispatch() {
        check("dispatch");
    }

    #[test]
    fn lifecycle() {
        check("lifecycle");
    }

    #[test]
    fn symbols() {
        check("symbols");
    }

    #[test]
    fn mathfmt() {
        check("mathfmt");
    }

    #[test]
    fn args() {
        check("args");
    }
}

// ------------------------------------------------------------------------------------------
// (b): llvm-jitlink-22 driving rjitlink-executor

/// `llvm-jitlink-22 -oop-executor=<rjitlink-executor> inputs...`; rjitlink's `-l stdc++` and
/// `--` become llvm-jitlink's `-L <gcc dir> -l stdc++` and `-args`. llvm-jitlink passes no
/// argv[0], so the first input's path goes first after `-args`, as rjitlink passes it.
fn llvm_jitlink(prog: &str) -> Option<(Proc, String)> {
    let llvm_jitlink = common::tool("llvm-jitlink-22")?;
    let inputs = inputs(prog)?;
    let mut args = vec![format!("-oop-executor={}", rjitlink_executor())];
    let mut it = inputs.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--" => {
                args.push("-args".into());
                args.push(inputs[0].clone());
            }
            "-l" => {
                args.push("-L".into());
                args.push(libstdcxx_dir()?.display().to_string());
                args.push("-l".into());
                args.push(it.next().expect("-l NAME").clone());
            }
            _ => args.push(a.clone()),
        }
    }
    let command = format!("llvm-jitlink-22 {}", args.join(" "));
    Some((Proc::spawn(Command::new(llvm_jitlink).args(&args)), command))
}

fn check_llvm_jitlink(prog: &str) {
    let Some((proc, command)) = llvm_jitlink(prog) else {
        return;
    };
    let o = proc.finish(TIMEOUT);
    assert_expected(prog, &command, &o);
}

/// llvm-jitlink-22 fails to link `prog` with `error` in its stderr. llvm-jitlink-22 itself
/// sometimes hangs after such a link failure (a futex wait in its own process, with LLVM's own
/// executor as well): once the error is printed it gets a few seconds to exit, then its
/// process group is killed.
fn assert_llvm_jitlink_cannot_link(prog: &str, error: &str) {
    let Some((mut proc, command)) = llvm_jitlink(prog) else {
        return;
    };
    let printed = proc.wait_until(TIMEOUT, |p| p.stderr().contains(error));
    assert!(
        printed,
        "`{command}` exited without the error {error:?}\n{}",
        proc.streams()
    );
    let grace = Instant::now() + Duration::from_secs(5);
    while proc.exited().is_none() && Instant::now() < grace {
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = proc.exited();
    let stdout = proc.stdout();
    drop(proc);
    if let Some(status) = status {
        assert_ne!(status.code(), Some(0), "`{command}` succeeded");
    }
    assert_eq!(stdout, "", "`{command}` ran the program");
}

mod llvm_jitlink_drives_rjitlink_executor {
    use super::{assert_llvm_jitlink_cannot_link, check_llvm_jitlink};

    #[test]
    fn sqlite() {
        check_llvm_jitlink("sqlite_demo");
    }

    #[test]
    fn zlib() {
        check_llvm_jitlink("zlib_demo");
    }

    #[test]
    fn dispatch() {
        check_llvm_jitlink("dispatch");
    }

    #[test]
    fn mathfmt() {
        check_llvm_jitlink("mathfmt");
    }

    #[test]
    fn symbols() {
        check_llvm_jitlink("symbols");
    }

    #[test]
    fn args() {
        check_llvm_jitlink("args");
    }

    /// llvm-jitlink-22 without the ORC runtime defines no `atexit` (glibc keeps it out of
    /// libc.so.6; rjitlink makes its own), so lifecycle cannot be linked by it at all.
    #[test]
    fn lifecycle_is_beyond_llvm_jitlink_no_atexit() {
        assert_llvm_jitlink_cannot_link("lifecycle", "Symbols not found: [ atexit ]");
    }

    /// Nor does it define `__dso_handle`, which C++ static objects register their destructors
    /// with.
    #[test]
    fn cxx_demo_is_beyond_llvm_jitlink_no_dso_handle() {
        assert_llvm_jitlink_cannot_link("cxx_demo", "Symbols not found: [ __dso_handle ]");
    }

    /// liblua5.4.a marks its internal functions STV_INTERNAL, which llvm-jitlink-22 rejects
    /// (and then crashes).
    #[test]
    fn lua_is_beyond_llvm_jitlink_internal_visibility() {
        assert_llvm_jitlink_cannot_link("lua_demo", "Unrecognized symbol visibility 1");
    }
}

// ------------------------------------------------------------------------------------------
// (d): TCP

/// Which executor a TCP test talks to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Executor {
    Rjitlink,
    Llvm,
}

/// Where the output of a program run over TCP appears (the one place that knows it).
/// rjitlink's executor forwards the program's stdout to rjitlink's (an rjitlink extension,
/// `__rjitlink_executor_forward_output`); LLVM's knows no such thing, and the output stays on
/// the executor's own stdout.
#[track_caller]
fn assert_tcp_program_output(
    executor: Executor,
    want: &str,
    rjitlink_stdout: &str,
    executor_stdout: &str,
) {
    let (shown, empty) = match executor {
        Executor::Rjitlink => (rjitlink_stdout, executor_stdout),
        Executor::Llvm => (executor_stdout, rjitlink_stdout),
    };
    assert_eq!(
        shown, want,
        "program output over TCP ({executor:?} executor)"
    );
    assert_eq!(empty, "", "program output over TCP ({executor:?} executor)");
}

/// The local addresses (as /proc/net/tcp writes them: `0100007F` is 127.0.0.1) of the IPv4
/// sockets listening on `port`.
fn listening_addresses(port: u16) -> Vec<String> {
    let table = std::fs::read_to_string("/proc/net/tcp").expect("read /proc/net/tcp");
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let local = fields.nth(1)?;
            let state = fields.nth(1)?;
            let (addr, p) = local.split_once(':')?;
            (state == "0A" && u16::from_str_radix(p, 16).ok()? == port).then(|| addr.to_string())
        })
        .collect()
}

/// A port that nothing listens on (as long as nobody takes it meanwhile).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().unwrap().port()
}

/// Starts `rjitlink-executor listen=127.0.0.1:0` and returns it with the port it reports.
fn listening_rjitlink_executor() -> (Proc, u16) {
    let mut exec = Proc::spawn(Command::new(rjitlink_executor()).arg("listen=127.0.0.1:0"));
    const PREFIX: &str = "rjitlink-executor: listening on 127.0.0.1:";
    // Complete lines only: the port may still be arriving.
    let port_of = |p: &Proc| -> Option<u16> {
        let err = p.stderr();
        let complete = &err[..err.rfind('\n')?];
        let line = complete.lines().find(|l| l.starts_with(PREFIX))?;
        line[PREFIX.len()..].parse().ok()
    };
    let ready = exec.wait_until(SHORT, |p| port_of(p).is_some());
    assert!(
        ready,
        "rjitlink-executor exited without listening\n{}",
        exec.streams()
    );
    let port = port_of(&exec).unwrap();
    assert_ne!(port, 0);
    (exec, port)
}

/// Starts `llvm-jitlink-executor-22 listen=127.0.0.1:PORT` on a free port and waits for its
/// socket to listen (it prints nothing: the socket is looked for in /proc/net/tcp, since a
/// probing connection would be taken as the controller's). If the port was taken meanwhile,
/// tries another.
fn listening_llvm_executor(exe: &Path) -> (Proc, u16) {
    for _ in 0..3 {
        let port = free_port();
        let mut exec = Proc::spawn(Command::new(exe).arg(format!("listen=127.0.0.1:{port}")));
        if exec.wait_until(SHORT, |_| !listening_addresses(port).is_empty()) {
            return (exec, port);
        }
    }
    panic!("llvm-jitlink-executor-22 never listened on a free port");
}

/// Runs `prog` with `-oop-executor-connect` to `executor`, listening on 127.0.0.1: rjitlink
/// exits with the expected status in bounded time, the output appears where
/// `assert_tcp_program_output` says, and the executor exits 0 after the session.
fn check_tcp(executor: Executor, prog: &str) {
    let Some(inputs) = inputs(prog) else {
        return;
    };
    let (exec, port) = match executor {
        Executor::Rjitlink => listening_rjitlink_executor(),
        Executor::Llvm => {
            let Some(exe) = llvm_executor() else {
                return;
            };
            listening_llvm_executor(&exe)
        }
    };
    if executor == Executor::Rjitlink {
        // It binds exactly the host it was given, not every interface.
        assert_eq!(
            listening_addresses(port),
            ["0100007F"],
            "rjitlink-executor listen=127.0.0.1:0 must bind 127.0.0.1 only"
        );
    }
    let connect = format!("-oop-executor-connect=127.0.0.1:{port}");
    let mut args = vec![connect.as_str()];
    args.extend(strs(&inputs));
    // Bounded well below TIMEOUT: a hang at the end of the session (as llvm-jitlink-22 has in
    // TCP mode) must fail here.
    let o = rjitlink(&args).finish(Duration::from_secs(60));
    let exec_out = exec.finish(SHORT);
    let (want_out, want_status) = expected(prog);
    common::assert_status(&o, want_status);
    assert_eq!(
        exec_out.status.code(),
        Some(0),
        "the executor must exit 0 after the session ({})\n--- stderr:\n{}",
        describe(exec_out.status),
        common::stderr(&exec_out)
    );
    assert_tcp_program_output(
        executor,
        &want_out,
        &common::stdout(&o),
        &common::stdout(&exec_out),
    );
}

mod tcp {
    use super::{check_tcp, Executor};

    #[test]
    fn rjitlink_executor_zlib() {
        check_tcp(Executor::Rjitlink, "zlib_demo");
    }

    #[test]
    fn rjitlink_executor_lifecycle() {
        check_tcp(Executor::Rjitlink, "lifecycle");
    }

    /// dispatch exits 10: rjitlink's status is main's.
    #[test]
    fn rjitlink_executor_dispatch_status() {
        check_tcp(Executor::Rjitlink, "dispatch");
    }

    /// Thread-local storage over TCP: every model, 4 threads alive at once.
    #[test]
    fn rjitlink_executor_tls_models() {
        check_tcp(Executor::Rjitlink, "tls/models");
    }

    #[test]
    fn rjitlink_executor_tls_basic() {
        check_tcp(Executor::Rjitlink, "tls/basic");
    }

    #[test]
    fn llvm_executor_dispatch_status() {
        check_tcp(Executor::Llvm, "dispatch");
    }

    #[test]
    fn llvm_executor_lifecycle() {
        check_tcp(Executor::Llvm, "lifecycle");
    }
}

// ------------------------------------------------------------------------------------------
// (e), (f): crashes, exit(), and no executor left behind

/// A hard link (or copy) of rjitlink-executor under a name of its own, so the processes
/// running it can be told from every other test's; removed on drop.
struct ExecutorCopy {
    dir: PathBuf,
    path: PathBuf,
    /// Its file name, which is also the process's `comm` (under 16 bytes).
    name: String,
}

impl ExecutorCopy {
    fn new() -> ExecutorCopy {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("rjx{}-{n}", std::process::id());
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("remote-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create executor copy directory");
        let path = dir.join(&name);
        // A hard link is never open for writing, so starting it cannot fail with ETXTBSY.
        if std::fs::hard_link(rjitlink_executor(), &path).is_err() {
            std::fs::copy(rjitlink_executor(), &path).expect("copy rjitlink-executor");
        }
        let path = path.canonicalize().expect("canonical executor path");
        ExecutorCopy { dir, path, name }
    }

    fn flag(&self) -> String {
        format!("-oop-executor={}", self.path.display())
    }

    /// The live processes running this copy (from /proc/*/exe, which a zombie no longer has).
    fn live_processes(&self) -> Vec<u32> {
        let deleted = format!("{} (deleted)", self.path.display());
        pids()
            .filter(|pid| {
                std::fs::read_link(format!("/proc/{pid}/exe"))
                    .is_ok_and(|exe| exe == self.path || exe.as_os_str() == deleted.as_str())
            })
            .collect()
    }

    /// Processes, zombies included, named like this copy: after rjitlink exits normally there
    /// must be none, since it reaps the executor it started.
    fn any_processes(&self) -> Vec<(u32, char)> {
        pids()
            .filter_map(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                let (head, tail) = stat.rsplit_once(')')?;
                let comm = head.split_once('(')?.1;
                let state = tail.trim_start().chars().next()?;
                (comm == self.name).then_some((pid, state))
            })
            .collect()
    }
}

impl Drop for ExecutorCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn pids() -> impl Iterator<Item = u32> {
    std::fs::read_dir("/proc")
        .expect("read /proc")
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
}

/// Runs `program` (in testdata/remote) with a private executor copy; asserts that no process
/// of it is left, live or zombie, once rjitlink has exited.
fn run_isolated(program: &str) -> Output {
    let copy = ExecutorCopy::new();
    let flag = copy.flag();
    let input = format!("{R}/{program}.o");
    let o = run_rjitlink(&[&flag, &input]);
    assert_eq!(
        copy.live_processes(),
        Vec::<u32>::new(),
        "executor processes left running after rjitlink exited\n--- stderr:\n{}",
        common::stderr(&o)
    );
    assert_eq!(
        copy.any_processes(),
        Vec::<(u32, char)>::new(),
        "rjitlink did not reap its executor (pid, state)"
    );
    o
}

mod crash {
    use super::{expected, run_isolated};

    /// The program's last words (flushed before the crash) reach stdout; rjitlink says how the
    /// executor died and while doing what, in one line, and exits 1.
    #[track_caller]
    fn assert_died(program: &str, o: &std::process::Output, message: &str) {
        let (want_out, _) = expected(program);
        crate::common::assert_error(o, message);
        assert_eq!(crate::common::stdout(o), want_out);
        assert_eq!(
            crate::common::stderr(o).lines().count(),
            1,
            "one-line error expected:\n{}",
            crate::common::stderr(o)
        );
    }

    #[test]
    fn null_dereference_in_main_is_sigsegv() {
        let o = run_isolated("crash");
        assert_died(
            "crash",
            &o,
            "executor terminated by signal SIGSEGV while running main",
        );
    }

    #[test]
    fn abort_in_constructor_is_sigabrt_while_running_initializers() {
        let o = run_isolated("ctor_abort");
        assert_died(
            "ctor_abort",
            &o,
            "executor terminated by signal SIGABRT while running initializers",
        );
    }

    /// exit(7) from main: rjitlink exits 7, with the program's output (its atexit handler
    /// included, run by exit() in the executor) and no error.
    #[test]
    fn exit_7_from_main_is_rjitlinks_status() {
        let o = run_isolated("exit7");
        let (want_out, want_status) = expected("exit7");
        assert_eq!(want_status, 7);
        crate::common::assert_status(&o, 7);
        assert_eq!(crate::common::stdout(&o), want_out);
        assert_eq!(crate::common::stderr(&o), "");
    }
}

/// (f) A program that never ends: SIGKILL rjitlink while it runs, and the executor must be
/// gone at once. PR_SET_PDEATHSIG(SIGKILL) kills it with rjitlink; without it, the executor
/// would still end on the end of file of its pipe, but only after waiting 2 s for the running
/// call, so the bound here (1.5 s) tells the two apart.
#[test]
fn no_orphan_when_rjitlink_is_killed() {
    let copy = ExecutorCopy::new();
    let flag = copy.flag();
    let input = format!("{R}/sleeper.o");
    let mut proc = rjitlink(&[&flag, &input]);
    let ready = proc.wait_until(SHORT * 3, |p| p.stdout() == "sleeper: ready\n");
    assert!(ready, "rjitlink exited early\n{}", proc.streams());
    assert_eq!(
        copy.live_processes().len(),
        1,
        "one executor process expected"
    );
    // SIGKILL rjitlink only (not its process group): the executor must follow by itself.
    let killed = Instant::now();
    // SAFETY: signals our own child.
    unsafe { libc::kill(proc.pid() as libc::pid_t, libc::SIGKILL) };
    let deadline = killed + Duration::from_secs(3);
    let mut status = proc.exited();
    while status.is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
        status = proc.exited();
    }
    assert_eq!(status.and_then(|s| s.signal()), Some(libc::SIGKILL));
    while !copy.live_processes().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let gone_after = killed.elapsed();
    let left = copy.live_processes();
    drop(proc); // kills the group, should the executor still be there
    assert_eq!(
        left,
        Vec::<u32>::new(),
        "the executor outlived rjitlink by 3 s"
    );
    assert!(
        gone_after < Duration::from_millis(1500),
        "the executor took {gone_after:?} to die after rjitlink was killed: \
         PR_SET_PDEATHSIG(SIGKILL) should have ended it at once"
    );
}

// ------------------------------------------------------------------------------------------
// (g): errors

mod errors {
    use super::*;

    #[track_caller]
    fn assert_one_line_error(o: &Output, needle: &str) {
        common::assert_error(o, needle);
        assert_eq!(
            common::stderr(o).lines().count(),
            1,
            "one-line error expected:\n{}",
            common::stderr(o)
        );
        assert_eq!(common::stdout(o), "");
    }

    #[test]
    fn noexec_with_oop_executor() {
        let input = format!("{P}/dispatch/main.o");
        for flag in ["-oop-executor", "-oop-executor-connect=127.0.0.1:1"] {
            let o = run_rjitlink(&["-noexec", flag, &input]);
            assert_one_line_error(
                &o,
                "-noexec cannot be used with -oop-executor or -oop-executor-connect",
            );
        }
    }

    #[test]
    fn executor_that_does_not_exist() {
        let input = format!("{P}/dispatch/main.o");
        let o = run_rjitlink(&["-oop-executor=/nonexistent/exe", &input]);
        assert_one_line_error(
            &o,
            "unable to launch out-of-process executor \"/nonexistent/exe\"",
        );
    }

    #[test]
    fn nothing_listening() {
        let input = format!("{P}/dispatch/main.o");
        let spec = format!("127.0.0.1:{}", free_port());
        let o = run_rjitlink(&[&format!("-oop-executor-connect={spec}"), &input]);
        assert_one_line_error(&o, &format!("cannot connect to executor at {spec}"));
    }

    /// The executor's Setup decides the target; aarch64 objects cannot run in an x86_64
    /// executor. The executor that was started is reaped.
    #[test]
    fn aarch64_objects_with_x86_64_executor() {
        let copy = ExecutorCopy::new();
        let dir = "testdata/cross/aarch64-linux-gnu/dispatch";
        let objs: Vec<String> = ["main", "ops", "table"]
            .iter()
            .map(|n| format!("{dir}/{n}.o"))
            .collect();
        let flag = copy.flag();
        let mut args = vec![flag.as_str()];
        args.extend(strs(&objs));
        let o = run_rjitlink(&args);
        assert_one_line_error(
            &o,
            "the inputs are aarch64 code but the executor runs x86_64-pc-linux-gnu",
        );
        assert_eq!(copy.any_processes(), Vec::<(u32, char)>::new());
    }

    /// Non-PIC code needs addresses below 2 GiB, which an executor cannot promise.
    #[test]
    fn nopic_objects_need_low_addresses() {
        let dir = format!("{P}/dispatch/nopic");
        let objs: Vec<String> = ["main", "ops", "table"]
            .iter()
            .map(|n| format!("{dir}/{n}.o"))
            .collect();
        let mut args = vec!["-oop-executor"];
        args.extend(strs(&objs));
        let o = run_rjitlink(&args);
        assert_one_line_error(
            &o,
            "which a remote executor cannot promise; compile with -fPIC",
        );
    }
}

// ------------------------------------------------------------------------------------------
// Memory managers: the image written straight into the executor's shared pages, or sent

/// What `testdata/remote/memory_kind.o` prints, run by `rjitlink ARGS`: how the executor maps
/// the code ("shared": a /dev/shm object, the shared memory mapper; "private": the memory
/// manager's own slab, the image sent in `initialize`).
fn memory_kind(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.push("testdata/remote/memory_kind.o");
    let o = run_rjitlink(&all);
    common::assert_status(&o, 0);
    common::stdout(&o).trim().to_string()
}

mod memory_managers {
    use super::*;

    /// An executor rjitlink starts shares its memory by default, rjitlink-executor and
    /// llvm-jitlink-executor-22 alike; `-use-memmgr=generic` (or `simple-remote`) sends the
    /// image instead, `shared` insists.
    #[test]
    fn shared_with_an_executor_rjitlink_starts_unless_told_otherwise() {
        let ours = format!("-oop-executor={}", rjitlink_executor());
        let mut executors = vec![ours];
        if let Some(llvm) = llvm_executor() {
            executors.push(format!("-oop-executor={}", llvm.display()));
        }
        for exec in &executors {
            assert_eq!(memory_kind(&[exec]), "shared", "{exec}");
            assert_eq!(
                memory_kind(&[exec, "-use-memmgr=default"]),
                "shared",
                "{exec}"
            );
            assert_eq!(
                memory_kind(&[exec, "-use-memmgr=shared"]),
                "shared",
                "{exec}"
            );
            assert_eq!(
                memory_kind(&[exec, "-use-memmgr=generic"]),
                "private",
                "{exec}"
            );
            assert_eq!(
                memory_kind(&[exec, "-use-memmgr=simple-remote"]),
                "private",
                "{exec}"
            );
        }
        let o = run_rjitlink(&[
            "-use-memmgr=bogus",
            "-oop-executor",
            "testdata/remote/memory_kind.o",
        ]);
        common::assert_error(
            &o,
            "-use-memmgr=bogus: unknown memory manager (default, generic, simple-remote, shared)",
        );
    }

    /// An executor reached over TCP may be on another machine: the image is sent, unless
    /// `-use-memmgr=shared` says it is here.
    #[test]
    fn sent_over_tcp_unless_told_the_executor_is_here() {
        for (flag, want) in [(None, "private"), (Some("-use-memmgr=shared"), "shared")] {
            let (exec, port) = listening_rjitlink_executor();
            let connect = format!("-oop-executor-connect=127.0.0.1:{port}");
            let mut args = vec![connect.as_str()];
            args.extend(flag);
            args.push("testdata/remote/memory_kind.o");
            let o = rjitlink(&args).finish(Duration::from_secs(60));
            let exec_out = exec.finish(SHORT);
            common::assert_status(&o, 0);
            let printed = format!("{}{}", common::stdout(&o), common::stdout(&exec_out));
            assert_eq!(printed.trim(), want, "{args:?}");
        }
    }

    /// LLVM's own controller drives rjitlink-executor's shared memory mapper
    /// (`llvm-jitlink-22 -use-memmgr=shared`), as it drives llvm-jitlink-executor-22's.
    #[test]
    fn llvm_jitlink_uses_rjitlink_executors_shared_memory_mapper() {
        let Some(llvm_jitlink) = common::tool("llvm-jitlink-22") else {
            return;
        };
        for (flag, want) in [
            ("-use-memmgr=shared", "shared"),
            ("-use-memmgr=generic", "private"),
        ] {
            let o = Command::new(&llvm_jitlink)
                .args([flag, &format!("-oop-executor={}", rjitlink_executor())])
                .arg("testdata/remote/memory_kind.o")
                .output()
                .unwrap();
            common::assert_status(&o, 0);
            assert_eq!(common::stdout(&o).trim(), want, "{flag}");
        }
        // The sqlite demo, its whole image in shared memory.
        let Some(inputs) = inputs("sqlite_demo") else {
            return;
        };
        let o = Command::new(&llvm_jitlink)
            .args([
                "-use-memmgr=shared",
                &format!("-oop-executor={}", rjitlink_executor()),
            ])
            .args(&inputs)
            .output()
            .unwrap();
        assert_expected("sqlite_demo", "llvm-jitlink-22 -use-memmgr=shared", &o);
    }
}
