//! Starting an executor process by hand, as `posix_spawn` does (`clone` with `CLONE_VM |
//! CLONE_VFORK`: the child borrows this process's memory until it execs, so nothing is copied
//! or write-protected), with what `posix_spawn` cannot do in between: the descriptors to keep
//! and a death signal (`PR_SET_PDEATHSIG`). `std::process::Command` needs `fork` for that,
//! which write-protected every page of this process for copy-on-write: 0.35-0.45 ms of a
//! remote link's critical path here, and a fault for each page written afterwards. The child
//! gets what `Command` gives it: the parent's environment, SIGPIPE at its default, and an
//! empty signal mask.

use std::ffi::{CString, OsStr};
use std::io;
use std::os::fd::RawFd;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;

extern "C" {
    static environ: *const *const libc::c_char;
}

/// A child process; reaped at most once.
pub struct Process {
    pid: libc::pid_t,
    status: Option<ExitStatus>,
}

/// `path` as `execvp` would find it: as given when it names a directory, else the first
/// executable file of that name in `PATH`.
fn find_program(path: &Path) -> io::Result<PathBuf> {
    let executable = |p: &Path| -> io::Result<()> {
        let c = CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))?;
        // SAFETY: access with a valid C string.
        if unsafe { libc::access(c.as_ptr(), libc::X_OK) } != 0 {
            return Err(io::Error::last_os_error());
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => Err(io::Error::from_raw_os_error(libc::EACCES)),
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        }
    };
    if path.as_os_str().as_bytes().contains(&b'/') {
        return executable(path).map(|()| path.to_path_buf());
    }
    let search = std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
    let mut first_error = None;
    for dir in search.as_bytes().split(|&b| b == b':') {
        let dir = if dir.is_empty() {
            Path::new(".")
        } else {
            Path::new(OsStr::from_bytes(dir))
        };
        let candidate = dir.join(path);
        match executable(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(match first_error {
        Some(e) if e.raw_os_error() != Some(libc::ENOENT) => e,
        _ => io::Error::from_raw_os_error(libc::ENOENT),
    })
}

/// What the child of [`spawn`] needs, prepared before `clone` (the child allocates nothing).
struct ChildArgs<'a> {
    program: &'a CString,
    argv: &'a [*const libc::c_char],
    keep: &'a [RawFd],
    parent: libc::pid_t,
    /// Set by the child when it cannot exec (read once `clone` has returned).
    errno: libc::c_int,
}

/// Starts `path` with `args` (argv[0] is `path` as given). The descriptors in `keep` stay open
/// in the child (they are close-on-exec here); the child gets SIGKILL when this thread ends
/// (`PR_SET_PDEATHSIG`, on Linux), and does not start at all if this process is already gone.
/// Returns once the child has exec'd; an exec failure is the error.
pub fn spawn(path: &Path, args: &[String], keep: &[RawFd]) -> io::Result<Process> {
    let program = find_program(path)?;
    let nul = |_| io::Error::new(io::ErrorKind::InvalidInput, "argument contains a NUL byte");
    let program = CString::new(program.into_os_string().into_vec()).map_err(nul)?;
    let mut argv_owned = vec![CString::new(path.as_os_str().as_bytes()).map_err(nul)?];
    for a in args {
        argv_owned.push(CString::new(a.as_bytes()).map_err(nul)?);
    }
    let mut argv: Vec<*const libc::c_char> = argv_owned.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    let mut child_args = ChildArgs {
        program: &program,
        argv: &argv,
        keep,
        // SAFETY: getpid has no preconditions.
        parent: unsafe { libc::getpid() },
        errno: 0,
    };
    // The child's stack, until it execs: a few system calls deep.
    let mut stack = vec![0u8; CHILD_STACK];
    let top = (stack.as_mut_ptr() as usize + CHILD_STACK) & !15;
    // SAFETY: every signal is blocked around the clone, so no handler of this process runs in
    // the child before it has reset them; the child runs `child` on its own stack, touching
    // only `child_args`, and this thread is suspended (CLONE_VFORK) until it has exec'd or
    // exited, so `child_args` and the stack outlive its use of them.
    let pid = unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        let pid = libc::clone(
            child,
            top as *mut libc::c_void,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            (&mut child_args as *mut ChildArgs<'_>).cast(),
        );
        let clone_error = io::Error::last_os_error();
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        if pid < 0 {
            return Err(clone_error);
        }
        pid
    };
    drop(stack);
    // SAFETY: the child has exec'd or exited: nothing writes `errno` any more.
    let errno = unsafe { std::ptr::read_volatile(&child_args.errno) };
    let mut process = Process { pid, status: None };
    if errno != 0 {
        let _ = process.wait();
        return Err(io::Error::from_raw_os_error(errno));
    }
    Ok(process)
}

const CHILD_STACK: usize = 64 << 10;

/// The child's side of [`spawn`]: keep the descriptors, ask for the death signal, reset the
/// signal dispositions and mask, exec.
extern "C" fn child(arg: *mut libc::c_void) -> libc::c_int {
    // SAFETY: `arg` is the parent's `ChildArgs`, alive while the parent is suspended; only
    // async-signal-safe calls follow, on memory prepared before the clone.
    unsafe {
        let a = &mut *arg.cast::<ChildArgs<'_>>();
        let fail = |a: &mut ChildArgs<'_>| -> ! {
            a.errno = *libc::__errno_location();
            libc::_exit(127)
        };
        for &fd in a.keep {
            if libc::fcntl(fd, libc::F_SETFD, 0) != 0 {
                fail(a);
            }
        }
        #[cfg(target_os = "linux")]
        {
            // If rjitlink dies, so does the executor (and the program it runs).
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            if libc::getppid() != a.parent {
                libc::_exit(1);
            }
        }
        // As Command leaves a child: caught signals back to their default (exec would do
        // that too, but a signal could come between unblocking and exec), SIGPIPE too (Rust
        // ignores it); other ignored signals stay ignored. Then no signal blocked.
        for sig in 1..libc::SIGRTMAX() {
            let mut old: libc::sigaction = std::mem::zeroed();
            let caught = libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction != libc::SIG_DFL
                && old.sa_sigaction != libc::SIG_IGN;
            if caught || sig == libc::SIGPIPE {
                let mut dfl: libc::sigaction = std::mem::zeroed();
                dfl.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(sig, &dfl, std::ptr::null_mut());
            }
        }
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        libc::sigprocmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
        libc::execve(a.program.as_ptr(), a.argv.as_ptr(), environ);
        fail(a)
    }
}

impl Process {
    fn reap(&mut self, flags: libc::c_int) -> io::Result<Option<ExitStatus>> {
        if let Some(status) = self.status {
            return Ok(Some(status));
        }
        let mut raw = 0;
        loop {
            // SAFETY: waitpid on our own child, with a valid status pointer.
            let r = unsafe { libc::waitpid(self.pid, &mut raw, flags) };
            match r {
                0 => return Ok(None),
                r if r == self.pid => {
                    let status = ExitStatus::from_raw(raw);
                    self.status = Some(status);
                    return Ok(Some(status));
                }
                _ if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => {}
                _ => return Err(io::Error::last_os_error()),
            }
        }
    }

    /// The exit status if the child has ended (without waiting).
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.reap(libc::WNOHANG)
    }

    /// Waits for the child to end.
    pub fn wait(&mut self) -> io::Result<ExitStatus> {
        self.reap(0)?
            .ok_or_else(|| io::Error::other("waitpid returned no status"))
    }

    /// SIGKILL, unless the child has been reaped (its pid may belong to another process now).
    pub fn kill(&mut self) -> io::Result<()> {
        if self.status.is_some() {
            return Ok(());
        }
        // SAFETY: signalling our own unreaped child.
        if unsafe { libc::kill(self.pid, libc::SIGKILL) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    #[test]
    fn a_started_program_gets_its_arguments_and_the_kept_descriptor() {
        let (r, w) = {
            let mut fds = [0; 2];
            // SAFETY: pipe2 fills two descriptors.
            assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
            // SAFETY: fresh descriptors we own.
            unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
        };
        // Through /dev/fd, not `>&N`: dash (a common /bin/sh) takes only 0-9 there, and with
        // other tests' descriptors open the pipe's number is often 10 or more. /dev/fd/N
        // exists only if N is open in the child, so the kept descriptor is still what is
        // tested.
        let script = format!("printf '%s:%s' \"$0\" \"$1\" >>/dev/fd/{}", w.as_raw_fd());
        let mut p = spawn(
            Path::new("sh"),
            &["-c".into(), script, "arg".into()],
            &[w.as_raw_fd()],
        )
        .unwrap();
        assert!(p.wait().unwrap().success());
        drop(w);
        let mut out = String::new();
        std::io::Read::read_to_string(&mut std::fs::File::from(r), &mut out).unwrap();
        assert_eq!(out, "arg:");
        // Reaped once: kill is a no-op and the status stays.
        p.kill().unwrap();
        assert!(p.try_wait().unwrap().unwrap().success());
    }

    #[test]
    fn missing_and_unrunnable_programs_are_errors_from_spawn() {
        let e = spawn(Path::new("/nonexistent/executor"), &[], &[])
            .err()
            .unwrap();
        assert_eq!(e.raw_os_error(), Some(libc::ENOENT));
        let e = spawn(Path::new("no-such-program-rjitlink-test"), &[], &[])
            .err()
            .unwrap();
        assert_eq!(e.raw_os_error(), Some(libc::ENOENT));
        let e = spawn(Path::new("/"), &[], &[]).err().unwrap();
        assert_eq!(e.raw_os_error(), Some(libc::EACCES));
    }

    #[test]
    fn an_exec_failure_after_the_checks_is_an_error_from_spawn() {
        // An executable file that is not a program the kernel can run.
        let dir =
            std::env::temp_dir().join(format!("rjitlink-process-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("not-a-program");
        std::fs::write(&file, [0x7f, b'E', b'L', b'F', 0, 0, 0, 0]).unwrap();
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        // Until no other test's child still holds the file open for writing (a child made
        // while it was being written keeps a copy of the descriptor until it execs).
        let mut e = spawn(&file, &[], &[]).err().expect("an exec error");
        for _ in 0..100 {
            if e.raw_os_error() != Some(libc::ETXTBSY) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
            e = spawn(&file, &[], &[]).err().expect("an exec error");
        }
        assert_eq!(e.raw_os_error(), Some(libc::ENOEXEC));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The child starts with no signal blocked and SIGPIPE at its default (it is ignored here,
    /// as in every Rust program).
    #[test]
    fn the_child_gets_default_signals_and_an_empty_mask() {
        // SigBlk all clear; SigIgn without SIGPIPE (13: bit 0x1000).
        let script = "grep -q '^SigBlk:[[:space:]]*0*$' /proc/self/status || exit 1; \
                      ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status); \
                      [ $((0x$ign & 0x1000)) = 0 ]";
        let mut p = spawn(Path::new("sh"), &["-c".into(), script.into()], &[]).unwrap();
        assert!(
            p.wait().unwrap().success(),
            "a signal is blocked, or SIGPIPE ignored, in the child"
        );
    }
}
