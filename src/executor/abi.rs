//! The wrapper-function C ABI: `(const char *data, size_t size) -> CWrapperFunctionBuffer`, the
//! 16-byte result every bootstrap wrapper and allocation action returns (protocol section 1.7).
//! Up to 8 result bytes are inline; more are `malloc`'d and freed by the receiver; size 0 with a
//! non-null pointer is an out-of-band error whose `malloc`'d C string the receiver frees.

use std::ffi::{c_char, CStr};

#[repr(C)]
#[derive(Clone, Copy)]
pub union BufferData {
    pub ptr: *mut c_char,
    pub inline: [u8; 8],
}

#[repr(C)]
pub struct WrapperBuffer {
    pub data: BufferData,
    pub size: usize,
}

/// A function with the wrapper ABI: a bootstrap wrapper or an allocation action.
pub type WrapperFn = unsafe extern "C" fn(*const u8, usize) -> WrapperBuffer;

impl WrapperBuffer {
    /// A result holding `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> WrapperBuffer {
        if bytes.len() <= 8 {
            let mut inline = [0u8; 8];
            inline[..bytes.len()].copy_from_slice(bytes);
            return WrapperBuffer {
                data: BufferData { inline },
                size: bytes.len(),
            };
        }
        // SAFETY: malloc of a non-zero size; the receiver frees it (see `into_result`).
        let ptr = unsafe { libc::malloc(bytes.len()) }.cast::<c_char>();
        if ptr.is_null() {
            return WrapperBuffer::error("out of memory");
        }
        // SAFETY: `ptr` has room for `bytes.len()` bytes.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr.cast(), bytes.len()) };
        WrapperBuffer {
            data: BufferData { ptr },
            size: bytes.len(),
        }
    }

    /// An out-of-band error carrying `msg`.
    pub fn error(msg: &str) -> WrapperBuffer {
        let text: Vec<u8> = msg.bytes().filter(|&b| b != 0).chain([0]).collect();
        // SAFETY: malloc, then a copy of exactly `text.len()` bytes.
        let ptr = unsafe {
            let p = libc::malloc(text.len()).cast::<c_char>();
            if !p.is_null() {
                std::ptr::copy_nonoverlapping(text.as_ptr(), p.cast(), text.len());
            }
            p
        };
        // A null pointer would read as success; fall back on a static message.
        let ptr = if ptr.is_null() {
            c"out of memory".as_ptr().cast_mut()
        } else {
            ptr
        };
        WrapperBuffer {
            data: BufferData { ptr },
            size: 0,
        }
    }

    /// The result bytes, or the out-of-band error message. Frees what the callee allocated.
    ///
    /// # Safety
    /// `self` must come from a function following the wrapper ABI.
    pub unsafe fn into_result(self) -> Result<Vec<u8>, String> {
        if self.size == 0 {
            let ptr = self.data.ptr;
            if ptr.is_null() {
                return Ok(Vec::new());
            }
            let msg = CStr::from_ptr(ptr).to_string_lossy().into_owned();
            if ptr != c"out of memory".as_ptr().cast_mut() {
                libc::free(ptr.cast());
            }
            return Err(msg);
        }
        if self.size <= 8 {
            return Ok(self.data.inline[..self.size].to_vec());
        }
        let bytes = std::slice::from_raw_parts(self.data.ptr.cast::<u8>(), self.size).to_vec();
        libc::free(self.data.ptr.cast());
        Ok(bytes)
    }
}

/// Calls a wrapper-ABI function with `args`.
///
/// # Safety
/// `f` must be a function with the wrapper ABI.
pub unsafe fn call(f: WrapperFn, args: &[u8]) -> Result<Vec<u8>, String> {
    f(args.as_ptr(), args.len()).into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_round_trip_inline_heap_and_error() {
        for bytes in [&b""[..], b"abc", b"12345678", b"123456789"] {
            // SAFETY: built by this module.
            let back = unsafe { WrapperBuffer::from_bytes(bytes).into_result() };
            assert_eq!(back.unwrap(), bytes);
        }
        // SAFETY: built by this module.
        let e = unsafe { WrapperBuffer::error("no\0pe").into_result() };
        assert_eq!(e.unwrap_err(), "nope");
    }
}
