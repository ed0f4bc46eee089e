//! Getting an executor: start one on a pipe pair (`-oop-executor[=PATH]`, as llvm-jitlink does:
//! `PATH filedescs=R,W`, sharing our stdin, stdout and stderr) or connect to one over TCP
//! (`-oop-executor-connect=HOST:PORT`). A started executor dies with us (`PR_SET_PDEATHSIG`)
//! and is reaped, or killed if it will not exit, when we are done with it.

use std::fs::File;
use std::net::TcpStream;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::controller::Session;
use super::names::{
    DYLIB_INSTANCE, DYLIB_OPEN, DYLIB_RESOLVE, FORWARD_OUTPUT, TLS_INSTALL, TLS_RELEASE,
    TLS_RESERVE, TLS_RESOLVE,
};
use super::process::{self, Process};
use super::sps::{Decoder, Encoder};
use crate::error::{Error, Result};

pub struct Executor {
    pub session: Session,
    child: Option<Process>,
    /// `executor 'PATH'` or `executor at HOST:PORT`, for messages.
    pub name: String,
    /// External thread-locals were resolved to their offsets from the thread pointer
    /// (rjitlink-executor's TLS extension), not to addresses.
    pub tls_as_offsets: bool,
    extensions: Option<Extensions>,
}

/// How an executor process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Signal(i32),
    Exit(i32),
}

/// `SIGSEGV` for 11, and so on; `signal N` for the rest.
pub fn signal_name(sig: i32) -> String {
    let name = match sig {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGABRT => "SIGABRT",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGHUP => "SIGHUP",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGSYS => "SIGSYS",
        libc::SIGXCPU => "SIGXCPU",
        _ => return format!("signal {sig}"),
    };
    name.into()
}

fn pipe() -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two descriptors, which we then own.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(Error::new(format!(
            "cannot create a pipe: {}",
            std::io::Error::last_os_error()
        )));
    }
    // A whole image goes through in one `initialize`: a larger pipe means fewer round trips
    // between writer and reader (the default is 64 KiB). Failure only costs speed.
    #[cfg(target_os = "linux")]
    // SAFETY: F_SETPIPE_SZ on our own pipe.
    unsafe {
        libc::fcntl(fds[1], libc::F_SETPIPE_SZ, 1 << 20)
    };
    // SAFETY: both descriptors are fresh and ours.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// The default executor: `rjitlink-executor` next to this binary.
pub fn default_executor() -> Result<PathBuf> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::new(format!("cannot find this program's path: {e}")))?;
    Ok(exe.with_file_name("rjitlink-executor"))
}

/// Starts `path filedescs=R,W` and reads its Setup.
pub fn launch(path: &std::path::Path) -> Result<Executor> {
    spawn(path)?.setup()
}

/// An executor process started, whose Setup has not been read yet: it starts while this
/// process goes on (reading inputs), and [`Launching::setup`] waits for it.
pub struct Launching {
    /// Taken by [`Launching::setup`]; a `Launching` dropped with it kills the process.
    child: Option<Process>,
    pipes: Option<(OwnedFd, OwnedFd)>,
    name: String,
}

fn launch_error(path: &std::path::Path, e: std::io::Error) -> Error {
    Error::new(format!(
        "unable to launch out-of-process executor \"{}\": {e}",
        path.display()
    ))
}

/// Starts `path filedescs=R,W`.
pub fn spawn(path: &std::path::Path) -> Result<Launching> {
    let (to_exec_r, to_exec_w) = pipe()?;
    let (from_exec_r, from_exec_w) = pipe()?;
    let (r, w) = (to_exec_r.as_raw_fd(), from_exec_w.as_raw_fd());
    let name = format!("executor '{}'", path.display());
    let child = process::spawn(path, &[format!("filedescs={r},{w}")], &[r, w])
        .map_err(|e| launch_error(path, e))?;
    drop(to_exec_r);
    drop(from_exec_w);
    Ok(Launching {
        child: Some(child),
        pipes: Some((to_exec_w, from_exec_r)),
        name,
    })
}

impl Launching {
    /// Reads the executor's Setup: the session begins.
    pub fn setup(mut self) -> Result<Executor> {
        let (Some(mut child), Some((to_exec, from_exec))) = (self.child.take(), self.pipes.take())
        else {
            return Err(Error::new("internal error: executor set up twice"));
        };
        let name = std::mem::take(&mut self.name);
        let writer = File::from(to_exec);
        match Session::new(File::from(from_exec), writer, Box::new(|| {})) {
            Ok(session) => Ok(Executor {
                tls_as_offsets: false,
                extensions: None,
                session,
                child: Some(child),
                name,
            }),
            Err(e) => {
                let _ = child.kill();
                let status = child.wait().ok();
                let how = match status.and_then(|s| s.signal()) {
                    Some(sig) => format!(" (it was killed by {})", signal_name(sig)),
                    None => String::new(),
                };
                Err(e.context(format!("{name}{how}")))
            }
        }
    }
}

impl Drop for Launching {
    fn drop(&mut self) {
        // Never set up (an error came first): end it.
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Connects to an executor listening on `spec` (`HOST:PORT`) and reads its Setup.
pub fn connect(spec: &str) -> Result<Executor> {
    let name = format!("executor at {spec}");
    let stream = TcpStream::connect(spec)
        .map_err(|e| Error::new(format!("cannot connect to {name}: {e}")))?;
    let _ = stream.set_nodelay(true);
    let writer = stream.try_clone()?;
    let closer = stream.try_clone()?;
    // Shut the socket down rather than only closing it: a close alone, while our reader is
    // blocked in read(), sends no FIN (the hang LLVM 22 has at exit in TCP mode).
    let close = Box::new(move || {
        let _ = closer.shutdown(std::net::Shutdown::Write);
    });
    let session = Session::new(stream, writer, close).map_err(|e| e.context(&name))?;
    let mut executor = Executor {
        tls_as_offsets: false,
        extensions: None,
        session,
        child: None,
        name,
    };
    forward_output(&mut executor).map_err(|e| e.context(&executor.name))?;
    Ok(executor)
}

/// rjitlink-executor's extensions (`docs/protocol-extensions.md`): the addresses of its
/// wrappers, found by name in the process handle; 0 where the executor has none (LLVM's).
#[derive(Debug, Clone, Copy, Default)]
pub struct Extensions {
    pub forward_output: u64,
    pub tls_reserve: u64,
    pub tls_install: u64,
    pub tls_release: u64,
    pub tls_resolve: u64,
}

impl Extensions {
    /// The executor can host TLS images in its static TLS.
    pub fn static_tls(&self) -> bool {
        self.tls_reserve != 0 && self.tls_install != 0 && self.tls_release != 0
    }
}

/// Looks all the extensions up at once: one `open` of the process and one `resolve`.
fn resolve_extensions(session: &mut Session) -> Result<Extensions> {
    const NAMES: [&str; 5] = [
        FORWARD_OUTPUT,
        TLS_RESERVE,
        TLS_INSTALL,
        TLS_RELEASE,
        TLS_RESOLVE,
    ];
    let mut args = Encoder::new();
    args.u64(session.symbol(DYLIB_INSTANCE)?).str("").u64(0);
    let bytes = session.call(DYLIB_OPEN, &args.buf)?;
    let mut d = Decoder::new(&bytes);
    if let Some(msg) = d.expected("open")? {
        return Err(Error::new(format!("open (process): {msg}")));
    }
    let handle = d.u64("open")?;
    let mut args = Encoder::new();
    args.u64(handle).count(NAMES.len());
    for name in NAMES {
        args.str(name).bool(false);
    }
    let bytes = session.call(DYLIB_RESOLVE, &args.buf)?;
    let mut d = Decoder::new(&bytes);
    if let Some(msg) = d.expected("resolve")? {
        return Err(Error::new(format!("resolve: {msg}")));
    }
    if d.count(1, "resolve")? != NAMES.len() {
        return Err(Error::new("resolve: wrong number of results"));
    }
    let mut addrs = [0u64; 5];
    for addr in &mut addrs {
        if d.bool("resolve")? {
            *addr = d.u64("resolve")?;
            d.u8("resolve")?;
            d.u8("resolve")?;
        }
    }
    let [forward_output, tls_reserve, tls_install, tls_release, tls_resolve] = addrs;
    Ok(Extensions {
        forward_output,
        tls_reserve,
        tls_install,
        tls_release,
        tls_resolve,
    })
}

/// Asks the executor to send the program's output here, if it can (rjitlink's can; LLVM's has
/// no such extension and the output stays on its terminal).
fn forward_output(executor: &mut Executor) -> Result<()> {
    let addr = executor.extensions()?.forward_output;
    if addr == 0 {
        return Ok(());
    }
    let bytes = executor.session.start(addr, &[])?.wait()?;
    match Decoder::new(&bytes).error("forward output")? {
        Ok(()) => Ok(()),
        Err(e) => Err(e.context("cannot forward the program's output")),
    }
}

impl Executor {
    /// The executor's extensions, looked up on first use.
    /// The executor is a process this one started, so on this machine: memory can be shared
    /// with it.
    pub fn is_local(&self) -> bool {
        self.child.is_some()
    }

    pub fn extensions(&mut self) -> Result<Extensions> {
        if let Some(ext) = self.extensions {
            return Ok(ext);
        }
        let ext = resolve_extensions(&mut self.session)?;
        self.extensions = Some(ext);
        Ok(ext)
    }

    /// After the session ended unexpectedly: how the executor process ended (waiting a
    /// moment for it), when we started it.
    pub fn ended(&mut self) -> Option<Ended> {
        let child = self.child.as_mut()?;
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match child.try_wait() {
                Ok(Some(status)) => {
                    self.child = None;
                    return match (status.signal(), status.code()) {
                        (Some(sig), _) => Some(Ended::Signal(sig)),
                        (None, Some(code)) => Some(Ended::Exit(code)),
                        _ => None,
                    };
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                _ => return None,
            }
        }
    }

    /// Ends the executor at once, for a program that cannot go on (a lazy link that failed
    /// while the program waits for it): a process this controller started is killed before
    /// it runs any further, then the session is closed.
    pub fn abort(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.session.close();
    }

    /// Ends the session and reaps the executor (killing it if it does not exit in time).
    pub fn finish(&mut self) {
        self.session.close();
        if let Some(mut child) = self.child.take() {
            // It is exiting: its end of the pipe is closed. Poll often at first (an exit takes
            // tens of microseconds), then back off.
            let deadline = Instant::now() + super::controller::CLOSE_WAIT;
            let mut pause = Duration::from_micros(20);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(1));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.finish();
    }
}
