//! Thread-local storage for JIT'd code, an rjitlink extension (`remote::names::TLS_RESERVE`
//! and friends): the executor's own static TLS block (`crate::static_tls`) is handed out to
//! links, and a link's initial TLS image, shipped in its read-only segment, is installed as an
//! allocation action once the segments are in place. Every call runs on a thread created after
//! that, so it starts from the installed image.

use std::sync::Mutex;

use super::memory;
use crate::error::Result;
use crate::remote::sps::{error_payload, Decoder, Encoder};
use crate::static_tls::{self, Region};

/// The parts handed out, by their offset from the thread pointer.
static REGIONS: Mutex<Vec<Region>> = Mutex::new(Vec::new());

fn regions() -> std::sync::MutexGuard<'static, Vec<Region>> {
    REGIONS.lock().unwrap_or_else(|e| e.into_inner())
}

fn find(tp_offset: u64) -> std::result::Result<Region, String> {
    regions()
        .iter()
        .find(|r| r.tp_offset as u64 == tp_offset)
        .copied()
        .ok_or_else(|| format!("no thread-local storage was reserved at offset {tp_offset:#x}"))
}

/// `(u64 size, u64 align) -> Expected<u64 tp_offset>`
pub fn reserve(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let size = d.u64("size")?;
    let align = d.u64("alignment")?;
    let mut e = Encoder::new();
    match static_tls::allocate(size, align) {
        Ok(region) => {
            regions().push(region);
            e.bool(true).u64(region.tp_offset as u64);
        }
        Err(err) => {
            e.expected_err(err.message());
        }
    }
    Ok(e.finish())
}

/// `(u64 tp_offset, Addr start, Addr end) -> Error`
pub fn install(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let tp_offset = d.u64("offset")?;
    let (start, end) = (d.u64("image start")?, d.u64("image end")?);
    let result = find(tp_offset).and_then(|region| {
        let len = end
            .checked_sub(start)
            .filter(|&n| n <= region.size)
            .ok_or_else(|| {
                format!(
                    "TLS image [{start:#x}, {end:#x}) does not fit its {} bytes",
                    region.size
                )
            })?;
        memory::locked(|m| {
            if len != 0 && !m.read_only(start, len) {
                return Err(format!(
                    "TLS image [{start:#x}, {end:#x}) is not in read-only JIT'd memory"
                ));
            }
            let bytes: &[u8] = if len == 0 {
                &[]
            } else {
                // SAFETY: the range lies in an initialized read-only segment, which cannot be
                // released or reprotected while the slab table is locked.
                unsafe { std::slice::from_raw_parts(start as *const u8, len as usize) }
            };
            static_tls::install(region, bytes).map_err(|e| e.message().to_string())
        })
    });
    Ok(error_payload(result))
}

/// `(u64 tp_offset) -> Error`
pub fn release(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let tp_offset = d.u64("offset")?;
    let mut all = regions();
    let result = match all.iter().position(|r| r.tp_offset as u64 == tp_offset) {
        Some(i) => {
            static_tls::free(all.swap_remove(i));
            Ok(())
        }
        None => Err(format!(
            "no thread-local storage was reserved at offset {tp_offset:#x}"
        )),
    };
    Ok(error_payload(result))
}

/// `(Seq<String> names) -> Seq<Optional<u64>>`: each thread-local variable's offset from the
/// thread pointer (an i64), looked up in the process's global scope; `u64` with only the sign
/// bit set when the variable is not in static TLS (dynamic TLS of a library loaded late), so
/// no thread-pointer offset reaches it in every thread.
pub fn resolve(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let n = d.count(8, "name count")?;
    let tp = static_tls::thread_pointer();
    let (lo, hi) = static_tls::static_range();
    let mut e = Encoder::new();
    e.count(n);
    for _ in 0..n {
        let name = d.bytes("name")?;
        let addr = match std::ffi::CString::new(name) {
            // SAFETY: dlsym over the global scope with a valid C string; for a thread-local it
            // returns the variable's address in this thread.
            Ok(c) if !name.is_empty() => unsafe {
                libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()) as u64
            },
            _ => 0,
        };
        if addr == 0 {
            e.bool(false);
            continue;
        }
        let tpoff = addr.wrapping_sub(tp) as i64;
        let value = if (lo..hi).contains(&tpoff) {
            tpoff
        } else {
            i64::MIN
        };
        e.bool(true).u64(value as u64);
    }
    Ok(e.finish())
}
