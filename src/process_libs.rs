//! The libraries a C or C++ program finds in its process beside libc, which rjitlink and
//! rjitlink-executor (Rust programs) do not link: loaded into the global scope on the first
//! lookup that misses a name they may define, for the process's symbol lookups in this process
//! and in the executor alike.

/// Loads what a lookup of `name` that just missed may need: libm (on the first miss of any
/// name), and libstdc++ with libgcc_s (on the first miss of a C++ runtime name), so a program
/// that needs none of them does not pay for loading them (a C program never loads libstdc++).
/// True if something was loaded just now (the lookup is then worth retrying).
pub fn load_for(name: &[u8]) -> bool {
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
