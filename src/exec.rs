//! Running a link in this process: externals resolve against the process (and the shared
//! libraries named on the command line), then the eh_frame table is registered with the
//! unwinder, initializers run, the entry point is called like `main`, and `atexit` handlers,
//! finalizers and unwinder deregistration follow.

use std::ffi::{c_char, c_int, c_void, CString};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};
use crate::link::resolve::ExternalSymbols;
use crate::link::Linked;

/// Resolves names with `dlsym` over the whole process, after loading the requested libraries.
/// A few functions that glibc keeps out of `libc.so.6` (they live in `libc_nonshared.a`, bound
/// to the calling module's `__dso_handle`) are provided here instead.
pub struct ProcessSymbols {
    /// Names in the object files carry this prefix (`_` on Mach-O); the process's do not.
    strip_prefix: &'static str,
}

impl ProcessSymbols {
    pub fn new(libraries: &[PathBuf], strip_prefix: &'static str) -> Result<Self> {
        for lib in libraries {
            let path = CString::new(lib.as_os_str().as_encoded_bytes())
                .map_err(|_| Error::new(format!("{}: path contains a NUL byte", lib.display())))?;
            // SAFETY: dlopen with a valid C string; the handle is kept for the process's life.
            let handle = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
            if handle.is_null() {
                return Err(Error::new(format!(
                    "{}: cannot load shared library: {}",
                    lib.display(),
                    dlerror()
                )));
            }
        }
        // libm is not always a dependency of this binary, but C programs expect it.
        // SAFETY: as above; failure is harmless (the names then stay unresolved).
        unsafe { libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
        Ok(ProcessSymbols { strip_prefix })
    }
}

fn dlerror() -> String {
    // SAFETY: dlerror returns null or a valid C string owned by libc.
    let msg = unsafe { libc::dlerror() };
    if msg.is_null() {
        "unknown error".into()
    } else {
        // SAFETY: non-null C string from dlerror.
        unsafe { std::ffi::CStr::from_ptr(msg) }
            .to_string_lossy()
            .into_owned()
    }
}

fn dlsym(name: &str) -> Option<u64> {
    let c = CString::new(name).ok()?;
    // SAFETY: dlsym over the global scope with a valid C string.
    let addr = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()) };
    (!addr.is_null()).then_some(addr as u64)
}

impl ExternalSymbols for ProcessSymbols {
    fn lookup(&mut self, name: &str) -> Option<u64> {
        let name = name.strip_prefix(self.strip_prefix).unwrap_or(name);
        match name {
            "atexit" => Some(shim_atexit as *const () as u64),
            "at_quick_exit" => Some(shim_at_quick_exit as *const () as u64),
            "pthread_atfork" => Some(shim_pthread_atfork as *const () as u64),
            _ => dlsym(name),
        }
    }
}

/// For `-noexec` at a fixed slab address: names still resolve only if the process has them,
/// but to stand-in addresses (after the slab, 16 bytes apart, in lookup order) instead of
/// wherever this host's libraries happen to be, so the output is the same on every machine.
pub struct StandInSymbols<E> {
    pub inner: E,
    pub next: u64,
}

impl<E: ExternalSymbols> ExternalSymbols for StandInSymbols<E> {
    fn lookup(&mut self, name: &str) -> Option<u64> {
        self.inner.lookup(name)?;
        let addr = self.next;
        self.next = self.next.wrapping_add(16);
        Some(addr)
    }
}

/// The `__dso_handle` of the running link, under which `atexit` handlers are registered.
static DSO_HANDLE: AtomicUsize = AtomicUsize::new(0);

extern "C" {
    fn __cxa_atexit(f: extern "C" fn(*mut c_void), arg: *mut c_void, dso: *mut c_void) -> c_int;
    fn __cxa_at_quick_exit(f: extern "C" fn(), dso: *mut c_void) -> c_int;
    fn __cxa_finalize(dso: *mut c_void);
    fn __register_atfork(
        prepare: Option<extern "C" fn()>,
        parent: Option<extern "C" fn()>,
        child: Option<extern "C" fn()>,
        dso: *mut c_void,
    ) -> c_int;
}

extern "C" fn shim_atexit(f: extern "C" fn()) -> c_int {
    // SAFETY: a handler taking no argument is called with one it ignores; that is how glibc's
    // own `atexit` forwards to `__cxa_atexit` on every supported ABI.
    unsafe {
        let f: extern "C" fn(*mut c_void) = std::mem::transmute(f);
        __cxa_atexit(
            f,
            std::ptr::null_mut(),
            DSO_HANDLE.load(Ordering::Relaxed) as *mut c_void,
        )
    }
}

extern "C" fn shim_at_quick_exit(f: extern "C" fn()) -> c_int {
    // SAFETY: forwards to glibc with the link's handle.
    unsafe { __cxa_at_quick_exit(f, DSO_HANDLE.load(Ordering::Relaxed) as *mut c_void) }
}

extern "C" fn shim_pthread_atfork(
    prepare: Option<extern "C" fn()>,
    parent: Option<extern "C" fn()>,
    child: Option<extern "C" fn()>,
) -> c_int {
    // SAFETY: forwards to glibc with the link's handle.
    unsafe {
        __register_atfork(
            prepare,
            parent,
            child,
            DSO_HANDLE.load(Ordering::Relaxed) as *mut c_void,
        )
    }
}

/// The link's eh_frame table, registered with the process's unwinder (libgcc's
/// `__register_frame` takes the whole table) while this value lives, so C++ exceptions and Rust
/// panics unwind through linked code.
pub struct FrameRegistration {
    registered: Option<(u64, u64)>,
}

impl FrameRegistration {
    pub fn new(linked: &Linked<'_>) -> Self {
        let registered = linked.eh_frame.and_then(|(addr, _)| {
            let register = dlsym("__register_frame")?;
            let deregister = dlsym("__deregister_frame")?;
            // SAFETY: libgcc's entry point, given a complete zero-terminated eh_frame table
            // that stays mapped until `drop` deregisters it.
            unsafe {
                let register: FrameFn = std::mem::transmute(register as usize);
                register(addr as *const u8);
            }
            Some((addr, deregister))
        });
        FrameRegistration { registered }
    }
}

impl Drop for FrameRegistration {
    fn drop(&mut self) {
        if let Some((addr, deregister)) = self.registered {
            // SAFETY: deregisters exactly the table registered in `new`.
            unsafe {
                let deregister: FrameFn = std::mem::transmute(deregister as usize);
                deregister(addr as *const u8);
            }
        }
    }
}

type MainFn = extern "C" fn(c_int, *const *const c_char, *const *const c_char) -> c_int;
type VoidFn = extern "C" fn();
type FrameFn = extern "C" fn(*const u8);

/// Runs the linked program in this process and returns the entry point's result.
///
/// # Safety
/// Calls into the linked code, which can do anything.
pub unsafe fn run(linked: &Linked<'_>, entry: u64, argv: &[String]) -> Result<i32> {
    DSO_HANDLE.store(linked.dso_handle as usize, Ordering::Relaxed);
    let args: Vec<CString> = argv
        .iter()
        .map(|a| {
            CString::new(a.as_bytes())
                .map_err(|_| Error::new(format!("program argument {a:?} contains a NUL byte")))
        })
        .collect::<Result<_>>()?;
    let mut ptrs: Vec<*const c_char> = args.iter().map(|a| a.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    extern "C" {
        static environ: *const *const c_char;
    }
    let envp = environ;
    let argc = args.len() as c_int;

    let frames = FrameRegistration::new(linked);

    for &f in &linked.initializers.init {
        // glibc passes (argc, argv, envp) to .init_array functions; others ignore them.
        let f: MainFn = std::mem::transmute(f as usize);
        f(argc, ptrs.as_ptr(), envp);
    }
    let main: MainFn = std::mem::transmute(entry as usize);
    let result = main(argc, ptrs.as_ptr(), envp);

    __cxa_finalize(linked.dso_handle as *mut c_void);
    for &f in &linked.initializers.fini {
        let f: VoidFn = std::mem::transmute(f as usize);
        f();
    }
    drop(frames);
    libc::fflush(std::ptr::null_mut());
    Ok(result)
}
