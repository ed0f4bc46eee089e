//! The dylib manager (LLVM 22's SimpleExecutorDylibManager): `open` loads a library (the empty
//! path is the process itself) and returns a handle; `resolve` looks names up in a handle.
//! Handles are the `dlopen` handles, accepted back only if this executor issued them.

use std::collections::BTreeSet;
use std::ffi::{c_void, CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::sync::Mutex;

struct Dylibs {
    handles: BTreeSet<u64>,
    /// Every address `resolve` returned: code there may be run (`run_as_*`, actions).
    resolved: BTreeSet<u64>,
}

static DYLIBS: Mutex<Dylibs> = Mutex::new(Dylibs {
    handles: BTreeSet::new(),
    resolved: BTreeSet::new(),
});

fn lock() -> std::sync::MutexGuard<'static, Dylibs> {
    DYLIBS.lock().unwrap_or_else(|e| e.into_inner())
}

fn dlerror() -> String {
    // SAFETY: dlerror returns null or a valid C string.
    let msg = unsafe { libc::dlerror() };
    if msg.is_null() {
        "unknown dlopen error".into()
    } else {
        // SAFETY: non-null C string from dlerror.
        unsafe { CStr::from_ptr(msg) }
            .to_string_lossy()
            .into_owned()
    }
}

pub fn open(path: &[u8], mode: u64) -> Result<u64, String> {
    if mode != 0 {
        return Err("open: non-zero mode bits not yet supported".into());
    }
    let handle = if path.is_empty() {
        // The process: lookups search the global scope (`RTLD_DEFAULT`), as through
        // dlopen(NULL)'s handle, without going through dlopen (whose first call costs an
        // emulated executor milliseconds).
        process_handle() as *mut c_void
    } else {
        let c = CString::new(path).map_err(|_| {
            format!(
                "{}: path contains a NUL byte",
                String::from_utf8_lossy(path).escape_default()
            )
        })?;
        // Thread-locals of the library go into static TLS, for JIT'd initial-exec code.
        crate::static_tls_dlopen::preload(std::path::Path::new(std::ffi::OsStr::from_bytes(path)));
        // SAFETY: dlopen with a valid C string; libraries stay loaded for the session.
        unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) }
    };
    if handle.is_null() {
        return Err(dlerror());
    }
    let h = handle as u64;
    lock().handles.insert(h);
    Ok(h)
}

/// Looks `names` up in `handle`: `Some(addr)` when found, `Some(0)` for a missing optional
/// name, `None` for a missing required one (or an empty name), as LLVM 22 answers.
/// `builtin` answers first for names the executor itself defines.
pub fn resolve(
    handle: u64,
    names: &[(&[u8], bool)],
    builtin: &dyn Fn(&[u8]) -> Option<u64>,
) -> Result<Vec<Option<u64>>, String> {
    if !lock().handles.contains(&handle) {
        return Err(format!("resolve: unknown dylib handle {handle:#x}"));
    }
    let mut out = Vec::with_capacity(names.len());
    let mut found = Vec::new();
    for &(name, required) in names {
        // Mach-O names carry a leading underscore that the C symbol table does not.
        if let Some(addr) = builtin(name) {
            out.push(Some(addr));
            continue;
        }
        #[cfg(target_vendor = "apple")]
        let name = name.strip_prefix(b"_").unwrap_or(name);
        let addr = match CString::new(name) {
            Ok(c) if !name.is_empty() => {
                let scope = if handle == process_handle() {
                    libc::RTLD_DEFAULT
                } else {
                    handle as *mut c_void
                };
                // SAFETY: dlsym on a handle we issued (or the global scope), with a valid C
                // string.
                let lookup = || unsafe { libc::dlsym(scope, c.as_ptr()) as u64 };
                match lookup() {
                    0 if scope == libc::RTLD_DEFAULT && crate::process_libs::load_for(name) => {
                        lookup()
                    }
                    addr => addr,
                }
            }
            _ => {
                out.push(None);
                continue;
            }
        };
        match (addr, required) {
            (0, true) => out.push(None),
            (0, false) => out.push(Some(0)),
            (a, _) => {
                found.push(a);
                out.push(Some(a));
            }
        }
    }
    lock().resolved.extend(found);
    Ok(out)
}

/// The handle `open` gives for the process itself: the address of a static of ours (never a
/// dlopen handle).
fn process_handle() -> u64 {
    static PROCESS: u8 = 0;
    &PROCESS as *const u8 as u64
}

pub fn was_resolved(addr: u64) -> bool {
    lock().resolved.contains(&addr)
}
