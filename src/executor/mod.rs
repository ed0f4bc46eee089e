//! `rjitlink-executor`: runs code linked by a controller (`rjitlink`, or LLVM 22's
//! `llvm-jitlink`) in this process, speaking the ORC SimpleRemoteEPC protocol over a pipe pair
//! (`filedescs=IN,OUT`) or one TCP connection (`listen=HOST:PORT`, bound to exactly HOST).
//! Exits 0 when the controller hangs up or closes the connection, 1 on a protocol error.

pub mod abi;
mod access;
mod actions;
mod calls;
mod dylib;
pub mod forward;
mod frames;
pub mod memory;
mod run;
pub mod server;
mod thread;
mod tls;
pub mod wrappers;

use std::ffi::OsString;
use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::os::fd::{FromRawFd, RawFd};

use crate::error::{Error, Result};

const USAGE: &str = "usage: rjitlink-executor filedescs=<infd>,<outfd> | listen=<host>:<port>";

enum Transport {
    Fds(RawFd, RawFd),
    Listen(String),
}

fn parse_args(args: &[String]) -> Result<Transport> {
    // LLVM 22's executor accepts a leading `test-jitloadergdb` (and `debug`) flag; they change
    // nothing here. Arguments after the transport are passed on to nothing, as in LLVM.
    let mut rest = args
        .iter()
        .skip_while(|a| *a == "test-jitloadergdb" || *a == "debug");
    let Some(spec) = rest.next() else {
        return Err(Error::new(USAGE));
    };
    if let Some(fds) = spec.strip_prefix("filedescs=") {
        let (i, o) = fds
            .split_once(',')
            .ok_or_else(|| Error::new(format!("{spec}: expected filedescs=<infd>,<outfd>")))?;
        let fd = |s: &str| -> Result<RawFd> {
            let fd: RawFd = s
                .parse()
                .map_err(|_| Error::new(format!("{spec}: '{s}' is not a file descriptor")))?;
            // SAFETY: F_GETFD only queries the descriptor table.
            if fd < 0 || unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
                return Err(Error::new(format!("{spec}: descriptor {s} is not open")));
            }
            Ok(fd)
        };
        return Ok(Transport::Fds(fd(i)?, fd(o)?));
    }
    if let Some(addr) = spec.strip_prefix("listen=") {
        return Ok(Transport::Listen(addr.to_string()));
    }
    Err(Error::new(format!("{spec}: unknown transport\n{USAGE}")))
}

/// Binds exactly `host:port` (unlike LLVM 22, which binds every interface) and accepts one
/// controller.
fn accept_one(spec: &str) -> Result<TcpStream> {
    let (host, port) = spec
        .rsplit_once(':')
        .ok_or_else(|| Error::new(format!("listen={spec}: expected <host>:<port>")))?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port: u16 = port
        .parse()
        .map_err(|_| Error::new(format!("listen={spec}: '{port}' is not a port number")))?;
    let listener = TcpListener::bind((host, port))
        .map_err(|e| Error::new(format!("listen={spec}: cannot bind: {e}")))?;
    let local = listener.local_addr()?;
    // The chosen address, for `listen=HOST:0` and for scripts waiting for the port to open.
    eprintln!("rjitlink-executor: listening on {local}");
    let (stream, _) = listener
        .accept()
        .map_err(|e| Error::new(format!("listen={spec}: accept failed: {e}")))?;
    drop(listener);
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

/// Runs the executor; returns the process exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let args: Vec<String> = args
        .into_iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return 0;
    }
    let result = parse_args(&args).and_then(|transport| {
        // C programs expect libm next to libc; this binary does not depend on it, so it is
        // loaded when a lookup first misses (see `dylib::resolve`).
        match transport {
            Transport::Fds(i, o) => {
                // SAFETY: the descriptors were given to us and are open; each File owns one
                // (a duplicate when both are the same socket).
                let (input, output) = unsafe {
                    let o = if i == o { libc::dup(o) } else { o };
                    (File::from_raw_fd(i), File::from_raw_fd(o))
                };
                server::serve(input, output)
            }
            Transport::Listen(spec) => {
                let stream = accept_one(&spec)?;
                let output = stream.try_clone()?;
                let shutdown = stream.try_clone()?;
                let r = server::serve(stream, output);
                let _ = shutdown.shutdown(std::net::Shutdown::Both);
                r
            }
        }
    });
    let code = match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("rjitlink-executor: error: {e}");
            1
        }
    };
    // Flush the program's output, then leave without running exit handlers: any the program
    // registered point into memory that has been released.
    // SAFETY: fflush(NULL) and _exit have no preconditions.
    unsafe {
        libc::fflush(std::ptr::null_mut());
        libc::_exit(code)
    }
}
