//! The first call of a lazy function: the reentry trampoline calls a `dispatch_fn` with the
//! function's id. In this process that is [`in_process_dispatch`]; in an executor it is the
//! executor's own, which sends the call to the controller, where [`super::Session::server`]
//! answers it. Either way the session links the function's file and answers with the body's
//! address.

use std::ffi::c_void;

use super::Session;
use crate::error::{Error, Result};
use crate::executor::abi::WrapperBuffer;
use crate::remote::names::LAZY_REENTRY_TAG;

/// The function id in a reentry call's argument bytes.
pub fn function_id(tag: u64, args: &[u8]) -> Result<u64> {
    if tag != LAZY_REENTRY_TAG {
        return Err(Error::new(format!(
            "call to unknown controller function {tag:#x}"
        )));
    }
    let bytes: [u8; 8] = args.try_into().map_err(|_| {
        Error::new(format!(
            "lazy reentry with {} argument bytes, not 8",
            args.len()
        ))
    })?;
    Ok(u64::from_le_bytes(bytes))
}

/// `dispatch_fn` for reentry in this process: `ctx` is the session (see
/// `InProcessTarget::reentry`).
///
/// # Safety
/// `ctx` must be the address of a live [`Session`]'s core and `data` point to `size` bytes.
pub unsafe extern "C" fn in_process_dispatch(
    ctx: *mut c_void,
    tag: *const c_void,
    data: *const u8,
    size: usize,
) -> WrapperBuffer {
    let args: &[u8] = if data.is_null() || size == 0 {
        &[]
    } else {
        // SAFETY: the trampoline passes the 8 bytes of the saved id.
        unsafe { std::slice::from_raw_parts(data, size) }
    };
    // SAFETY: the trampoline passes the context the session gave it, which lives as long as
    // the session's code does.
    let session = unsafe { Session::from_context(ctx) };
    match function_id(tag as u64, args).and_then(|id| session.reenter(id)) {
        Ok(body) => WrapperBuffer::from_bytes(&body.to_le_bytes()),
        Err(e) => fatal(&e),
    }
}

/// A lazy link that fails on a function's first call ends the program: the caller cannot be
/// given anything to continue with.
pub fn fatal(e: &Error) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    // SAFETY: flushing every C stdio stream, then ending the process without running the
    // program's exit handlers (it is in the middle of a call).
    unsafe { libc::fflush(std::ptr::null_mut()) };
    eprintln!("rjitlink: error: {e}");
    unsafe { libc::_exit(1) }
}
