//! Output forwarding, an rjitlink extension for TCP sessions: the program's stdout and stderr
//! then belong on the controller's terminal, not the executor's (which may be on another
//! machine). The controller asks for it by resolving [`FORWARD_OUTPUT`] in the process handle
//! (LLVM's executor answers 0: no forwarding) and calling the wrapper at that address. From
//! then on file descriptors 1 and 2 are pipes; a thread per pipe sends what it reads to the
//! controller as CallWrappers with tag [`STDOUT_TAG`] or [`STDERR_TAG`]. At the end of the
//! session the original descriptors come back, which ends the pipes, and the threads finish
//! sending before the connection closes, so no output is lost.
//!
//! A pipe is read only under its lock, so [`drain`] can send what is in it itself: a call that
//! ran JIT'd code drains before its Result goes out, and the program's output always reaches
//! the controller before the call returns there (not after, racing the end of the session).

use std::os::fd::RawFd;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::abi::WrapperBuffer;
use super::server;
use crate::remote::sps::error_payload;

pub use crate::remote::names::{FORWARD_OUTPUT, STDERR_TAG, STDOUT_TAG};

struct Forwarding {
    /// (descriptor, its original) for 1 and 2.
    saved: Vec<(RawFd, RawFd)>,
    threads: Vec<JoinHandle<()>>,
    pipes: Vec<Arc<Pipe>>,
}

/// The read end of one forwarding pipe (non-blocking), read only with `lock` held.
struct Pipe {
    fd: RawFd,
    tag: u64,
    lock: Mutex<()>,
}

impl Pipe {
    /// Sends what the pipe holds now; false at its end (or an error).
    fn send_available(&self, buf: &mut [u8]) -> bool {
        let _held = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            // SAFETY: reading into our own buffer from our own descriptor.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            match n {
                n if n > 0 => server::notify(self.tag, &buf[..n as usize]),
                0 => return false,
                _ => {
                    let e = std::io::Error::last_os_error();
                    return matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
                    );
                }
            }
        }
    }
}

static FORWARDING: Mutex<Option<Forwarding>> = Mutex::new(None);

/// Sends the program's output written so far (flushing stdio first), before a call that ran
/// JIT'd code returns. Nothing to do without forwarding.
pub fn drain() {
    let pipes: Vec<Arc<Pipe>> = match &*FORWARDING.lock().unwrap_or_else(|e| e.into_inner()) {
        Some(fwd) => fwd.pipes.clone(),
        None => return,
    };
    // SAFETY: fflush(NULL) has no preconditions.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    let mut buf = vec![0u8; 1 << 16];
    for pipe in pipes {
        pipe.send_available(&mut buf);
    }
}

fn start() -> Result<(), String> {
    let mut state = FORWARDING.lock().unwrap_or_else(|e| e.into_inner());
    if state.is_some() {
        return Ok(());
    }
    let mut fwd = Forwarding {
        saved: Vec::new(),
        threads: Vec::new(),
        pipes: Vec::new(),
    };
    // SAFETY: fflush(NULL) has no preconditions; nothing buffered may go to the old target
    // after the switch.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    for (fd, tag) in [(1, STDOUT_TAG), (2, STDERR_TAG)] {
        let mut p = [0; 2];
        // SAFETY: plain descriptor calls on descriptors we own or were given.
        unsafe {
            if libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
                return Err(format!(
                    "cannot create a pipe: {}",
                    std::io::Error::last_os_error()
                ));
            }
            let saved = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3);
            if saved < 0 || libc::dup2(p[1], fd) < 0 {
                libc::close(p[0]);
                libc::close(p[1]);
                return Err("cannot redirect output".into());
            }
            libc::close(p[1]);
            fwd.saved.push((fd, saved));
        }
        // SAFETY: the read end is ours alone; non-blocking, so that a drain stops when it
        // is empty.
        unsafe { libc::fcntl(p[0], libc::F_SETFL, libc::O_NONBLOCK) };
        let pipe = Arc::new(Pipe {
            fd: p[0],
            tag,
            lock: Mutex::new(()),
        });
        fwd.pipes.push(Arc::clone(&pipe));
        fwd.threads.push(std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let mut poll = libc::pollfd {
                    fd: pipe.fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one pollfd of ours; waits for data or the pipe's end.
                unsafe { libc::poll(&mut poll, 1, -1) };
                if !pipe.send_available(&mut buf) {
                    break;
                }
            }
            // SAFETY: the read end is closed once, here, after its last read.
            unsafe { libc::close(pipe.fd) };
        }));
    }
    *state = Some(fwd);
    Ok(())
}

/// Puts the original descriptors back and waits until everything written before has been
/// sent to the controller.
pub fn stop() {
    let Some(fwd) = FORWARDING.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return;
    };
    // SAFETY: flushing, then restoring descriptors saved by `start`.
    unsafe {
        libc::fflush(std::ptr::null_mut());
        for (fd, saved) in fwd.saved {
            libc::dup2(saved, fd);
            libc::close(saved);
        }
    }
    for t in fwd.threads {
        let _ = t.join();
    }
}

/// The wrapper: `() -> Error`.
///
/// # Safety
/// Follows the wrapper ABI; it reads no argument bytes.
pub unsafe extern "C" fn forward_output(_data: *const u8, _size: usize) -> WrapperBuffer {
    WrapperBuffer::from_bytes(&error_payload(start()))
}
