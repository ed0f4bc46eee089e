//! Registration actions: the eh_frame table with the unwinder (`__register_frame`, as LLVM does
//! on glibc/libgcc), and objects with debuggers through the GDB JIT interface. Each table is
//! registered at most once and only deregistered if registered, since libgcc aborts on an
//! unknown table.
//!
//! libgcc keeps reading a registered table, and decides from its first word whether there is
//! anything to register or deregister, so a table's bytes must not change while it is
//! registered: it must lie in an initialized read-only segment, and it is forgotten
//! (deregistered) before that segment's pages become writable again (`deinitialize`) or are
//! unmapped (`release`). A table is checked and registered under one hold of the slab table's
//! lock, so neither can come in between.

use std::collections::BTreeSet;
use std::ffi::c_void;
use std::sync::Mutex;

use super::memory::{self, accessible, Memory};
use crate::error::{Error, Result};
use crate::remote::names::PROT_READ;
use crate::remote::sps::{error_payload, Decoder};

static FRAMES: Mutex<BTreeSet<u64>> = Mutex::new(BTreeSet::new());

type FrameFn = unsafe extern "C" fn(*const c_void);

fn unwinder(name: &std::ffi::CStr) -> Option<FrameFn> {
    // SAFETY: dlsym over the global scope with a valid C string.
    let f = unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) };
    // SAFETY: libgcc's `void __register_frame(void *)` and its deregister twin.
    (!f.is_null()).then(|| unsafe { std::mem::transmute::<*mut c_void, FrameFn>(f) })
}

fn range(d: &mut Decoder<'_>, mem: &Memory) -> Result<(u64, u64)> {
    let start = d.u64("range start")?;
    let end = d.u64("range end")?;
    if end < start || end - start < 4 || !mem.read_only(start, end - start) {
        return Err(Error::new(format!(
            "eh_frame range {start:#x}..{end:#x} is not in an initialized read-only segment"
        )));
    }
    Ok((start, end))
}

/// Checks that `table` (at target address `start`) is an eh_frame table the unwinder can walk
/// safely: records chain by their lengths to a zero terminator inside the range, and every CIE
/// and FDE parses (newer libgcc parses the table as soon as it is registered).
fn check_table(table: &[u8], start: u64) -> std::result::Result<(), String> {
    use gimli::UnwindSection;
    let bad = |what: String| format!("eh_frame at {start:#x}: {what}");
    let mut off = 0usize;
    loop {
        let word = |at: usize| -> Option<u32> {
            Some(u32::from_le_bytes(table.get(at..at + 4)?.try_into().ok()?))
        };
        let len = word(off).ok_or_else(|| bad(format!("no terminator before +{off:#x}")))?;
        let next = match len {
            0 => break,
            0xffff_ffff => {
                let hi = word(off + 8).ok_or_else(|| bad(format!("truncated at +{off:#x}")))?;
                let lo = word(off + 4).ok_or_else(|| bad(format!("truncated at +{off:#x}")))?;
                let len = (u64::from(hi) << 32) | u64::from(lo);
                usize::try_from(len)
                    .ok()
                    .and_then(|l| (off + 12).checked_add(l))
            }
            len => (off + 4).checked_add(len as usize),
        };
        off = match next {
            Some(n) if n <= table.len() => n,
            _ => return Err(bad(format!("record at +{off:#x} runs past the range"))),
        };
    }
    let eh_frame = gimli::EhFrame::new(&table[..off + 4], gimli::LittleEndian);
    let bases = gimli::BaseAddresses::default().set_eh_frame(start);
    let mut entries = eh_frame.entries(&bases);
    // A table has one CIE or a few, shared by all its FDEs: each is parsed once (parsing it
    // again for every FDE was half of this check).
    let mut cies: Vec<(gimli::EhFrameOffset, gimli::CommonInformationEntry<_>)> = Vec::new();
    while let Some(entry) = entries.next().map_err(|e| bad(e.to_string()))? {
        if let gimli::CieOrFde::Fde(partial) = entry {
            partial
                .parse(|s, b, o| {
                    if let Some((_, cie)) = cies.iter().find(|(at, _)| *at == o) {
                        return Ok(cie.clone());
                    }
                    let cie = s.cie_from_offset(b, o)?;
                    cies.push((o, cie.clone()));
                    Ok(cie)
                })
                .map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(())
}

/// `(Addr start, Addr end) -> Error`
pub fn register_eh_frame(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    memory::locked(|mem| {
        let (start, end) = range(d, mem)?;
        // SAFETY: checked to be initialized read-only JIT memory, mapped while the lock is held.
        let table =
            unsafe { std::slice::from_raw_parts(start as *const u8, (end - start) as usize) };
        let checked = check_table(table, start);
        let mut frames = FRAMES.lock().unwrap_or_else(|e| e.into_inner());
        let result = match unwinder(c"__register_frame") {
            _ if checked.is_err() => checked,
            None => Err("this process has no __register_frame".to_string()),
            Some(_) if frames.contains(&start) => {
                Err(format!("eh_frame at {start:#x} is already registered"))
            }
            Some(register) => {
                // SAFETY: a zero-terminated table in readable JIT memory (mapped while the
                // lock is held), deregistered before the memory goes away.
                unsafe { register(start as *const c_void) };
                frames.insert(start);
                Ok(())
            }
        };
        Ok(error_payload(result))
    })
}

/// `(Addr start, Addr end) -> Error`
pub fn deregister_eh_frame(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let start = d.u64("range start")?;
    let _end = d.u64("range end")?;
    // Deregistered under the lock: `forget` (before the memory goes) waits for it.
    let mut frames = FRAMES.lock().unwrap_or_else(|e| e.into_inner());
    let result = if frames.remove(&start) {
        deregister(start);
        Ok(())
    } else {
        Err(format!("eh_frame at {start:#x} is not registered"))
    };
    Ok(error_payload(result))
}

fn deregister(start: u64) {
    if let Some(deregister) = unwinder(c"__deregister_frame") {
        // SAFETY: a table registered by `register_eh_frame`.
        unsafe { deregister(start as *const c_void) };
    }
}

/// Deregisters every table inside `[base, base+len)` (before that memory is unmapped).
pub fn forget(base: u64, len: u64) {
    let mut frames = FRAMES.lock().unwrap_or_else(|e| e.into_inner());
    let gone: Vec<u64> = frames
        .range(base..base.saturating_add(len))
        .copied()
        .collect();
    for start in gone {
        frames.remove(&start);
        deregister(start);
    }
    drop(frames);
    forget_debug_objects(base, len);
}

/// Unregisters (JIT_UNREGISTER_FN) and frees the GDB JIT entries for objects inside
/// `[base, base+len)`, so a debugger never reads memory that is gone.
fn forget_debug_objects(base: u64, len: u64) {
    let _guard = GDB_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the list is only changed under GDB_LOCK; every entry was made by
    // `register_jit_loader_gdb` with Box::into_raw.
    unsafe {
        let desc = std::ptr::addr_of_mut!(__jit_debug_descriptor);
        let mut entry = (*desc).first_entry;
        while !entry.is_null() {
            let next = (*entry).next;
            let addr = (*entry).symfile_addr as u64;
            if addr >= base && addr - base < len {
                if (*entry).prev.is_null() {
                    (*desc).first_entry = next;
                } else {
                    (*(*entry).prev).next = next;
                }
                if !next.is_null() {
                    (*next).prev = (*entry).prev;
                }
                (*desc).relevant_entry = entry;
                (*desc).action_flag = 2; // JIT_UNREGISTER_FN
                __jit_debug_register_code();
                (*desc).relevant_entry = std::ptr::null_mut();
                (*desc).action_flag = 0;
                drop(Box::from_raw(entry));
            }
            entry = next;
        }
    }
}

/// The GDB JIT interface: debuggers set a breakpoint on `__jit_debug_register_code` and read
/// `__jit_debug_descriptor` to find in-memory object files.
#[repr(C)]
pub struct JitCodeEntry {
    next: *mut JitCodeEntry,
    prev: *mut JitCodeEntry,
    symfile_addr: *const u8,
    symfile_size: u64,
}

#[repr(C)]
pub struct JitDescriptor {
    version: u32,
    action_flag: u32,
    relevant_entry: *mut JitCodeEntry,
    first_entry: *mut JitCodeEntry,
}

#[no_mangle]
pub static mut __jit_debug_descriptor: JitDescriptor = JitDescriptor {
    version: 1,
    action_flag: 0,
    relevant_entry: std::ptr::null_mut(),
    first_entry: std::ptr::null_mut(),
};

#[no_mangle]
#[inline(never)]
pub extern "C" fn __jit_debug_register_code() {
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

static GDB_LOCK: Mutex<()> = Mutex::new(());

/// `((Addr, Addr) image, bool auto_register) -> Error`
pub fn register_jit_loader_gdb(d: &mut Decoder<'_>) -> Result<Vec<u8>> {
    let start = d.u64("range start")?;
    let end = d.u64("range end")?;
    let auto = d.bool("auto-register flag")?;
    if end < start || !accessible(start, end - start, PROT_READ) {
        return Ok(error_payload(Err(format!(
            "debug object {start:#x}..{end:#x} is not readable JIT memory"
        ))));
    }
    let _guard = GDB_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the descriptor is only touched under GDB_LOCK (and read by debuggers while the
    // process is stopped); entries live until their slab is released (`forget`).
    unsafe {
        let desc = std::ptr::addr_of_mut!(__jit_debug_descriptor);
        let entry = Box::into_raw(Box::new(JitCodeEntry {
            next: (*desc).first_entry,
            prev: std::ptr::null_mut(),
            symfile_addr: start as *const u8,
            symfile_size: end - start,
        }));
        if !(*desc).first_entry.is_null() {
            (*(*desc).first_entry).prev = entry;
        }
        (*desc).first_entry = entry;
        (*desc).relevant_entry = entry;
        (*desc).action_flag = 1; // JIT_REGISTER_FN
        if auto {
            __jit_debug_register_code();
        }
    }
    Ok(error_payload(Ok(())))
}

#[cfg(test)]
mod tests {
    use super::check_table;

    /// A CIE (zR, pc-relative FDE pointers) and one FDE, then the terminator.
    fn table() -> Vec<u8> {
        let mut t = vec![
            0x14, 0, 0, 0, 0, 0, 0, 0, 1, b'z', b'R', 0, 1, 0x78, 0x10, 1, 0x1b,
        ];
        t.extend_from_slice(&[0x0c, 0x07, 0x08, 0x90, 0x01, 0, 0]);
        t.extend_from_slice(&[0x10, 0, 0, 0, 0x1c, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff]);
        t.extend_from_slice(&[0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        t
    }

    #[test]
    fn well_formed_tables_pass_and_broken_ones_are_refused() {
        let good = table();
        assert_eq!(check_table(&good, 0x1000), Ok(()));
        let no_terminator = &good[..good.len() - 4];
        let e = check_table(no_terminator, 0x1000).unwrap_err();
        assert!(e.contains("no terminator"), "{e}");
        let mut too_long = good.clone();
        too_long[24] = 0x40;
        let e = check_table(&too_long, 0x1000).unwrap_err();
        assert!(e.contains("runs past the range"), "{e}");
        let mut bad_version = good.clone();
        bad_version[8] = 99;
        assert!(check_table(&bad_version, 0x1000).is_err());
        let mut bad_cie_pointer = good;
        bad_cie_pointer[28] = 0x08;
        assert!(check_table(&bad_cie_pointer, 0x1000).is_err());
    }
}
