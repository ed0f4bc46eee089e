//! Threads for calls and background work, started as plain detached pthreads. Rust's own
//! thread start-up (an alternate signal stack mapped and installed, the thread's handle, name
//! and result packet) is most of what a thread costs an executor on an emulated or small
//! device: under qemu-aarch64 7.2, a `std::thread` worker made an executor's session 9 ms
//! longer, a pthread 4.5 ms. The executor needs none of it: nothing joins these threads, and a
//! stack overflow in JIT'd code ends the process either way (SIGSEGV).

use std::io;

/// Starts `f` on a new detached thread with a stack of `stack` bytes.
pub fn spawn(stack: usize, f: impl FnOnce() + Send + 'static) -> io::Result<()> {
    type Job = Box<dyn FnOnce() + Send>;
    extern "C" fn start(arg: *mut libc::c_void) -> *mut libc::c_void {
        // SAFETY: `arg` is the `Box<Job>` leaked below, handed to exactly this thread.
        let job = unsafe { Box::from_raw(arg.cast::<Job>()) };
        job();
        std::ptr::null_mut()
    }
    let job: Box<Job> = Box::new(Box::new(f));
    let arg = Box::into_raw(job);
    // SAFETY: the attribute object is initialised before use and destroyed after; the new
    // thread owns `arg` once pthread_create succeeds, and we take it back when it fails.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        let mut rc = libc::pthread_attr_init(&mut attr);
        if rc == 0 {
            rc = libc::pthread_attr_setstacksize(&mut attr, stack);
            if rc == 0 {
                rc = libc::pthread_attr_setdetachstate(&mut attr, libc::PTHREAD_CREATE_DETACHED);
            }
            if rc == 0 {
                let mut thread: libc::pthread_t = std::mem::zeroed();
                rc = libc::pthread_create(&mut thread, &attr, start, arg.cast());
            }
            libc::pthread_attr_destroy(&mut attr);
        }
        if rc != 0 {
            drop(Box::from_raw(arg));
            return Err(io::Error::from_raw_os_error(rc));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    #[test]
    fn runs_the_closure_on_another_thread_with_the_stack_asked_for() {
        let (tx, rx) = channel();
        let here = std::thread::current().id();
        // 3 MiB: neither glibc's default (the 8 MiB of `ulimit -s`) nor a power of two.
        let asked = 3 << 20;
        super::spawn(asked, move || {
            // SAFETY: reading this thread's own attributes into a local, then freeing them.
            let size = unsafe {
                let mut attr: libc::pthread_attr_t = std::mem::zeroed();
                assert_eq!(libc::pthread_getattr_np(libc::pthread_self(), &mut attr), 0);
                let (mut addr, mut size) = (std::ptr::null_mut(), 0usize);
                assert_eq!(libc::pthread_attr_getstack(&attr, &mut addr, &mut size), 0);
                libc::pthread_attr_destroy(&mut attr);
                size
            };
            tx.send((std::thread::current().id(), size)).unwrap();
        })
        .unwrap();
        let (there, size) = rx.recv().unwrap();
        assert_ne!(there, here);
        assert!(
            (asked..asked + (1 << 20)).contains(&size),
            "stack of {size:#x} bytes"
        );
    }

    #[test]
    fn a_stack_size_pthreads_refuses_is_an_error_and_the_closure_is_dropped() {
        let (tx, rx) = channel::<()>();
        let err = super::spawn(1, move || drop(tx)).unwrap_err();
        assert_eq!(err.raw_os_error(), Some(libc::EINVAL));
        // The closure (and so the sender) is gone without having run.
        assert!(rx.recv().is_err());
    }
}
