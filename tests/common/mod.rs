//! Helpers shared by the integration tests: run the built `rjitlink`, find test data, and find
//! external tools (which are required, not optional, when `CI=true`).
#![allow(dead_code)]

pub mod check_files;
pub mod executor_copy;
pub mod lazy;
pub mod tls;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository's `testdata/` directory.
pub fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}

/// A `Command` for the `rjitlink` binary built by this `cargo test`.
pub fn rjitlink() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rjitlink"))
}

/// Runs `rjitlink` with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    rjitlink()
        .args(args)
        .output()
        .expect("failed to start rjitlink")
}

/// Runs `tool` (rjitlink under another name, or a peer such as llvm-jitlink-22) with `args`
/// in the repository root.
pub fn run_tool(tool: &Path, args: &[&str]) -> Output {
    Command::new(tool)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run")
}

/// `-noexec -slab-allocate SIZE -slab-address ADDR -slab-page-size 4096`: a layout that is the
/// same on every run, followed by `rest`.
pub fn fixed_slab<'a>(size: &'a str, addr: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "-noexec",
        "-slab-allocate",
        size,
        "-slab-address",
        addr,
        "-slab-page-size",
        "4096",
    ];
    args.extend(rest);
    args
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the run succeeded with exit status `code`, printing both streams otherwise.
#[track_caller]
pub fn assert_status(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "unexpected status\n--- stdout:\n{}\n--- stderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// Asserts the run failed with status 1 and a one-line `rjitlink: error:` message containing `needle`.
#[track_caller]
pub fn assert_error(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "expected exit 1, stderr:\n{err}");
    assert!(
        err.contains("rjitlink: error: "),
        "no error prefix in:\n{err}"
    );
    assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    assert!(!err.contains("panicked"), "rjitlink panicked:\n{err}");
}

/// Finds an external tool on PATH. Returns `None` (the caller skips, printing why) outside CI;
/// under `CI=true` a missing tool fails the test, so CI never passes by skipping.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("required tool `{name}` is missing (CI=true): .ci/run must install it");
        }
        eprintln!("skipping: `{name}` is not installed (set CI=true to make this a failure)");
    }
    found
}

/// Like `tool`, for a file that a Debian package installs (a static archive, a header).
pub fn system_file(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("required file `{path}` is missing (CI=true): .ci/run must install its package");
    }
    eprintln!("skipping: `{path}` is not installed (set CI=true to make this a failure)");
    None
}

/// Runs `rjitlink args...` in the repository root with no stdin, killing it (and failing the
/// test) if it runs longer than `timeout`: a hung linked program must not hang the suite.
pub fn run_with_timeout(args: &[&str], timeout: Duration) -> Output {
    let mut child = rjitlink()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("failed to start rjitlink");
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        out.read_to_end(&mut v).map(|_| v)
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        err.read_to_end(&mut v).map(|_| v)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for rjitlink") {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rjitlink {args:?} did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out_reader
            .join()
            .expect("stdout reader")
            .expect("read stdout"),
        stderr: err_reader
            .join()
            .expect("stderr reader")
            .expect("read stderr"),
    }
}

/// Runs `rjitlink args...` twice: it must succeed, print the same bytes both times (the
/// determinism `-noexec` promises at a fixed slab address), and match snapshot `name` in the
/// top-level `snapshots/` (review changes with `cargo insta review`).
#[track_caller]
pub fn assert_stable_snapshot(name: &str, args: &[&str]) {
    let first = run(args);
    assert_status(&first, 0);
    let second = run(args);
    assert_eq!(
        stdout(&first),
        stdout(&second),
        "-noexec output differs between two runs"
    );
    insta::with_settings!({ snapshot_path => "../../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, stdout(&first));
    });
}

/// The stdout and exit status a test program is expected to give, stored as
/// `<dir>/<stem>.out` and `<dir>/<stem>.status` (`testdata/build.sh` writes them).
pub fn expected_run(dir: &Path, stem: &str) -> (String, i32) {
    let read = |ext: &str| {
        let path = dir.join(format!("{stem}.{ext}"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("missing {} ({e}): run testdata/build.sh", path.display()))
    };
    let status = read("status");
    (read("out"), status.trim().parse().expect("bad status file"))
}

/// A temporary file that is removed when dropped.
pub struct TempFile(PathBuf);

impl TempFile {
    /// A new file named after the process, a per-process counter (tests run in parallel threads
    /// and may use the same `name`) and `name`.
    pub fn new(name: &str, contents: &str) -> TempFile {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("rjitlink-test-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("cannot write temp file");
        TempFile(path)
    }
    pub fn path(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A symlink named `llvm-jitlink` to the rjitlink under test.
pub fn llvm_face() -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("face-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("llvm-jitlink");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_rjitlink"), &link).unwrap();
    link
}
