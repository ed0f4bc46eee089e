//! Running code: `run_as_main` (`int main(int, char **)`, argv exactly as sent plus a NULL),
//! `run_as_void_function` (`int f(void)`) and `run_as_int_function` (`int f(int)`). The address
//! must be JIT'd code or a resolved symbol. Standard output is flushed after each call, so the
//! program's output is out before the controller hears the result.

use std::ffi::{c_char, c_int, CString};

use super::{dylib, memory};
use crate::error::{Error, Result};
use crate::remote::sps::{Decoder, Encoder};

fn code(addr: u64) -> Result<usize> {
    if addr != 0 && (memory::is_code(addr) || dylib::was_resolved(addr)) {
        Ok(addr as usize)
    } else {
        Err(Error::new(format!(
            "{addr:#x} is not JIT'd code or a resolved symbol"
        )))
    }
}

/// The program's buffered output goes out before the call's result: flushed, and (output
/// forwarding) sent to the controller.
fn flush() {
    // SAFETY: fflush(NULL) flushes every stdio stream.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    super::forward::drain();
}

/// `(Addr fn, Seq<String> args) -> i64`
pub fn as_main(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let f = code(d.u64("function address")?)?;
    let n = d.count(8, "argument count")?;
    let mut args = Vec::with_capacity(n);
    for _ in 0..n {
        let a = d.bytes("argument")?;
        args.push(CString::new(a).map_err(|_| Error::new("argument contains a NUL byte"))?);
    }
    let mut argv: Vec<*const c_char> = args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // SAFETY: the controller asked for this code to run as `main`.
    let result = unsafe {
        let main: extern "C" fn(c_int, *const *const c_char) -> c_int = std::mem::transmute(f);
        main(args.len() as c_int, argv.as_ptr())
    };
    crate::static_tls::run_thread_local_destructors();
    flush();
    let mut e = Encoder::new();
    e.i64(result as i64);
    Ok(e.finish())
}

/// `(Addr fn) -> i32`
pub fn as_void(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let f = code(d.u64("function address")?)?;
    // SAFETY: as above.
    let result = unsafe {
        let f: extern "C" fn() -> c_int = std::mem::transmute(f);
        f()
    };
    flush();
    let mut e = Encoder::new();
    e.i32(result);
    Ok(e.finish())
}

/// `(Addr fn, i32 arg) -> i32`
pub fn as_int(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let f = code(d.u64("function address")?)?;
    let arg = d.i32("argument")?;
    // SAFETY: as above.
    let result = unsafe {
        let f: extern "C" fn(c_int) -> c_int = std::mem::transmute(f);
        f(arg)
    };
    flush();
    let mut e = Encoder::new();
    e.i32(result);
    Ok(e.finish())
}
