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
                    0 if scope == libc::RTLD_DEFAULT && load_process_extras(name) => lookup(),
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

/// The libraries a C or C++ program finds beside libc in its process, which this executor
/// does not link: libm, and for C++ names libstdc++ (with libgcc_s, which it needs). Each is
/// loaded into the global scope the first time a lookup of a name it may define misses, so a
/// program that needs none of them does not pay for loading them (a C program never loads
/// libstdc++). True if something was loaded just now (a lookup that missed is then worth
/// retrying).
fn load_process_extras(name: &[u8]) -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static LIBM: AtomicBool = AtomicBool::new(false);
    static LIBSTDCXX: AtomicBool = AtomicBool::new(false);
    let mut loaded = false;
    if !LIBM.swap(true, Ordering::AcqRel) {
        // SAFETY: dlopen with a valid C string; failure is harmless (the name stays missing).
        loaded |=
            !unsafe { libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) }
                .is_null();
    }
    if is_cxx_runtime_name(name) && !LIBSTDCXX.swap(true, Ordering::AcqRel) {
        // Its thread-locals (`std::__once_callable`) go into static TLS, for JIT'd
        // initial-exec code, when the library file is found where ld.so would look.
        if let Some(path) = system_library("libstdc++.so.6") {
            crate::static_tls_dlopen::preload(&path);
        }
        // SAFETY: as above.
        loaded |= !unsafe {
            libc::dlopen(
                c"libstdc++.so.6".as_ptr(),
                libc::RTLD_NOW | libc::RTLD_GLOBAL,
            )
        }
        .is_null();
    }
    loaded
}

/// Names that libstdc++ (or libgcc_s, which it loads) defines and C programs do not use:
/// mangled C++ names, the C++ ABI's `__cxa_*` (but not `__cxa_atexit`/`__cxa_finalize`, which
/// libc defines), the personality routine and the unwinder.
fn is_cxx_runtime_name(name: &[u8]) -> bool {
    let libc_owned = [
        &b"__cxa_atexit"[..],
        b"__cxa_finalize",
        b"__cxa_thread_atexit_impl",
    ];
    name.starts_with(b"_Z")
        || (name.starts_with(b"__cxa_") && !libc_owned.contains(&name))
        || name.starts_with(b"__gxx_")
        || name.starts_with(b"_Unwind_")
        || name == b"__dynamic_cast"
}

/// Where the dynamic loader finds the system library `soname` (its standard directories).
fn system_library(soname: &str) -> Option<std::path::PathBuf> {
    let multiarch = if cfg!(target_arch = "x86_64") {
        "x86_64-linux-gnu"
    } else {
        "aarch64-linux-gnu"
    };
    [
        format!("/lib/{multiarch}"),
        format!("/usr/lib/{multiarch}"),
        "/lib64".into(),
        "/usr/lib64".into(),
        "/lib".into(),
        "/usr/lib".into(),
    ]
    .iter()
    .map(|d| std::path::Path::new(d).join(soname))
    .find(|p| p.is_file())
}

pub fn was_resolved(addr: u64) -> bool {
    lock().resolved.contains(&addr)
}

#[cfg(test)]
mod tests {
    use super::is_cxx_runtime_name;

    /// What makes the executor load libstdc++: C++ names, not a C program's.
    #[test]
    fn only_cxx_runtime_names_load_libstdcxx() {
        for name in [
            "_Znwm",
            "_ZSt4cout",
            "__cxa_throw",
            "__gxx_personality_v0",
            "_Unwind_Resume",
        ] {
            assert!(is_cxx_runtime_name(name.as_bytes()), "{name}");
        }
        for name in [
            "printf",
            "__cxa_atexit",
            "__cxa_finalize",
            "sin",
            "__stack_chk_fail",
            "_IO_putc",
        ] {
            assert!(!is_cxx_runtime_name(name.as_bytes()), "{name}");
        }
    }
}
