//! The bootstrap memory-access wrappers: writes of integers, buffers and pointers, and (LLVM
//! 22) the matching reads. LLVM writes and reads wherever it is told; here every address range
//! must lie inside a reserved slab with the protection the access needs, checked for the whole
//! request before any byte moves. The check and the copy happen under one hold of the slab
//! table's lock ([`memory::locked`]), so a `release` or `initialize` running at the same time
//! (calls are served concurrently) cannot unmap or reprotect the memory in between.

use super::memory::{self, Memory};
use crate::error::{Error, Result};
use crate::remote::names::{PROT_READ, PROT_WRITE};
use crate::remote::sps::{Decoder, Encoder};

fn check(mem: &Memory, addr: u64, len: u64, need: u8) -> Result<()> {
    if mem.accessible(addr, len, need) {
        Ok(())
    } else {
        let what = if need & PROT_WRITE != 0 {
            "write to"
        } else {
            "read from"
        };
        Err(Error::new(format!(
            "{what} {addr:#x}+{len:#x}: not inside JIT memory that allows it"
        )))
    }
}

/// `Seq<(Addr, uN)>` for N = 8 * `width`.
pub fn write_uints(d: &mut Decoder<'_>, width: usize) -> Result<Vec<u8>> {
    let n = d.count(8 + width, "write count")?;
    let mut writes = Vec::with_capacity(n);
    for _ in 0..n {
        let addr = d.u64("write address")?;
        let mut v = [0u8; 8];
        for b in v.iter_mut().take(width) {
            *b = d.u8("write value")?;
        }
        writes.push((addr, v));
    }
    memory::locked(|mem| {
        for &(addr, _) in &writes {
            check(mem, addr, width as u64, PROT_WRITE)?;
        }
        for (addr, v) in writes {
            // SAFETY: checked writable JIT memory, which stays so while the lock is held.
            unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), addr as *mut u8, width) };
        }
        Ok(Vec::new())
    })
}

/// `Seq<(Addr, Bytes)>`
pub fn write_buffers(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let n = d.count(16, "write count")?;
    let mut writes = Vec::with_capacity(n);
    for _ in 0..n {
        let addr = d.u64("write address")?;
        let bytes = d.bytes("write buffer")?;
        writes.push((addr, bytes));
    }
    memory::locked(|mem| {
        for &(addr, bytes) in &writes {
            check(mem, addr, bytes.len() as u64, PROT_WRITE)?;
        }
        for (addr, bytes) in writes {
            // SAFETY: checked writable JIT memory, which stays so while the lock is held.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), addr as *mut u8, bytes.len()) };
        }
        Ok(Vec::new())
    })
}

/// `Seq<Addr>` -> `Seq<uN>`
pub fn read_uints(d: &mut Decoder<'_>, width: usize) -> Result<Vec<u8>> {
    let n = d.count(8, "read count")?;
    let mut addrs = Vec::with_capacity(n);
    for _ in 0..n {
        addrs.push(d.u64("read address")?);
    }
    memory::locked(|mem| {
        for &addr in &addrs {
            check(mem, addr, width as u64, PROT_READ)?;
        }
        let mut e = Encoder::new();
        e.count(n);
        for addr in addrs {
            let mut v = [0u8; 8];
            // SAFETY: checked readable JIT memory, which stays so while the lock is held.
            unsafe { std::ptr::copy_nonoverlapping(addr as *const u8, v.as_mut_ptr(), width) };
            e.buf.extend_from_slice(&v[..width]);
        }
        Ok(e.finish())
    })
}

/// The largest total a read request may return (the reply is one message).
const MAX_READ: u64 = 1 << 28;

/// `Seq<(Addr, Addr)>` -> `Seq<Bytes>`
pub fn read_buffers(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let n = d.count(16, "read count")?;
    let mut ranges = Vec::with_capacity(n);
    let mut total = 0u64;
    for _ in 0..n {
        let start = d.u64("range start")?;
        let end = d.u64("range end")?;
        let len = end
            .checked_sub(start)
            .ok_or_else(|| Error::new(format!("range {start:#x}..{end:#x} is reversed")))?;
        total = total.saturating_add(len);
        if total > MAX_READ {
            return Err(Error::new("read request too large"));
        }
        ranges.push((start, len));
    }
    memory::locked(|mem| {
        for &(start, len) in &ranges {
            check(mem, start, len, PROT_READ)?;
        }
        let mut e = Encoder::new();
        e.count(n);
        for (start, len) in ranges {
            // SAFETY: checked readable JIT memory, which stays so while the lock is held.
            let bytes = unsafe { std::slice::from_raw_parts(start as *const u8, len as usize) };
            e.bytes(bytes);
        }
        Ok(e.finish())
    })
}

/// `Seq<Addr>` -> `Seq<String>`: each string up to its NUL, which must come before the end
/// of readable JIT memory.
pub fn read_strings(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let n = d.count(8, "read count")?;
    let mut addrs = Vec::with_capacity(n);
    for _ in 0..n {
        addrs.push(d.u64("string address")?);
    }
    memory::locked(|mem| {
        let mut e = Encoder::new();
        e.count(n);
        for addr in addrs {
            let mut len = 0u64;
            loop {
                check(mem, addr.wrapping_add(len), 1, PROT_READ)?;
                // SAFETY: checked readable JIT memory, which stays so while the lock is held.
                if unsafe { *(addr.wrapping_add(len) as *const u8) } == 0 {
                    break;
                }
                len += 1;
                if len > MAX_READ {
                    return Err(Error::new("string too long"));
                }
            }
            // SAFETY: checked byte by byte above.
            e.bytes(unsafe { std::slice::from_raw_parts(addr as *const u8, len as usize) });
        }
        Ok(e.finish())
    })
}
