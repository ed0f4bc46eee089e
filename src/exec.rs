//! Running a link in this process: externals resolve against the process (and the shared
//! libraries named on the command line), then the eh_frame table is registered with the
//! unwinder, initializers run, the entry point is called like `main`, and `atexit` handlers,
//! finalizers and unwinder deregistration follow.

use std::ffi::{c_char, c_int, CString};
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::link::resolve::ExternalSymbols;

/// Resolves names with `dlsym` over the whole process, after loading the requested libraries.
/// (The functions glibc keeps out of `libc.so.6`, such as `atexit`, are made by the link
/// itself: see `link::forwarders`.)
pub struct ProcessSymbols {
    /// Names in the object files carry this prefix (`_` on Mach-O); the process's do not.
    strip_prefix: &'static str,
}

impl ProcessSymbols {
    pub fn new(libraries: &[PathBuf], strip_prefix: &'static str) -> Result<Self> {
        for lib in libraries {
            // A library with thread-locals gets them in static TLS, so JIT'd initial-exec code
            // can reach them (see `static_tls_dlopen`).
            crate::static_tls_dlopen::preload(lib);
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
        // libm (and for C++ names libstdc++) come on the first lookup that misses: see
        // `process_libs`.
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

fn dlsym(name: impl AsRef<[u8]>) -> Option<u64> {
    let c = CString::new(name.as_ref()).ok()?;
    // SAFETY: dlsym over the global scope with a valid C string.
    let addr = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()) };
    (!addr.is_null()).then_some(addr as u64)
}

impl ExternalSymbols for ProcessSymbols {
    fn lookup(&mut self, name: &[u8]) -> Option<u64> {
        let name = name
            .strip_prefix(self.strip_prefix.as_bytes())
            .unwrap_or(name);
        dlsym(name).or_else(|| {
            crate::process_libs::load_for(name)
                .then(|| dlsym(name))
                .flatten()
        })
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
    fn lookup(&mut self, name: &[u8]) -> Option<u64> {
        self.inner.lookup(name)?;
        let addr = self.next;
        self.next = self.next.wrapping_add(16);
        Some(addr)
    }
    /// Thread-locals get stand-in offsets from the thread pointer, 16 bytes apart in lookup
    /// order, inside this host's static TLS (below the thread pointer on x86-64, above it
    /// elsewhere), as addresses in this thread (see `SlabMemory::external_tls`).
    fn lookup_tls_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        let found = self.inner.lookup_tls_all(names)?;
        let tp = crate::static_tls::thread_pointer();
        let mut k = 0i64;
        Ok(found
            .into_iter()
            .map(|f| {
                f.map(|_| {
                    k += 1;
                    let off = if cfg!(target_arch = "x86_64") {
                        -16 * k
                    } else {
                        16 * k
                    };
                    tp.wrapping_add(off as u64)
                })
            })
            .collect())
    }
}

/// The link's eh_frame table, registered with the process's unwinder (libgcc's
/// `__register_frame` takes the whole table) while this value lives, so C++ exceptions and Rust
/// panics unwind through linked code.
pub struct FrameRegistration {
    registered: Option<(u64, u64)>,
}

impl FrameRegistration {
    /// Registers the eh_frame table at `eh_frame` (target address, size), if any.
    pub fn new(eh_frame: Option<(u64, u64)>) -> Self {
        let registered = eh_frame.and_then(|(addr, _)| {
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

/// Where a linked program runs: this process or an executor. [`run_program`] drives the same
/// sequence through either.
pub trait Runner {
    /// Runs one initializer (`.init_array`, `.ctors`, `__mod_init_func` entry).
    fn call_init(&mut self, f: u64) -> Result<()>;
    /// Runs the entry point as `main` and returns its result.
    fn call_main(&mut self, f: u64) -> Result<i32>;
    /// After the entry point returned: what `exit` does first (the thread-local destructors of
    /// the thread that ran it). The executor does this itself at the end of run-as-main.
    fn main_returned(&mut self) {}
    /// Runs a finalizer: the link's `__cxa_finalize` call, then `.fini_array`/`.dtors` entries.
    fn call_fini(&mut self, f: u64) -> Result<()>;
}

/// Initializers, the entry point, then what was registered under the link's `__dso_handle`
/// (atexit handlers, C++ static destructors) and the finalizers, as a normal executable runs
/// them; returns the entry point's result.
pub fn run_program(runner: &mut dyn Runner, init: &[u64], entry: u64, fini: &[u64]) -> Result<i32> {
    for &f in init {
        runner.call_init(f)?;
    }
    let result = runner.call_main(entry)?;
    runner.main_returned();
    for &f in fini {
        runner.call_fini(f)?;
    }
    Ok(result)
}

type MainFn = extern "C" fn(c_int, *const *const c_char, *const *const c_char) -> c_int;
type VoidFn = extern "C" fn();
type FrameFn = extern "C" fn(*const u8);

/// Runs linked code in this process: initializers get `(argc, argv, envp)` as glibc passes
/// them.
pub struct InProcess {
    args: Vec<CString>,
    ptrs: Vec<*const c_char>,
}

impl InProcess {
    pub fn new(argv: &[String]) -> Result<InProcess> {
        let args: Vec<CString> = argv
            .iter()
            .map(|a| {
                CString::new(a.as_bytes())
                    .map_err(|_| Error::new(format!("program argument {a:?} contains a NUL byte")))
            })
            .collect::<Result<_>>()?;
        let mut ptrs: Vec<*const c_char> = args.iter().map(|a| a.as_ptr()).collect();
        ptrs.push(std::ptr::null());
        Ok(InProcess { args, ptrs })
    }
}

impl Runner for InProcess {
    fn call_init(&mut self, f: u64) -> Result<()> {
        self.call_main(f).map(drop)
    }
    fn call_main(&mut self, f: u64) -> Result<i32> {
        extern "C" {
            static environ: *const *const c_char;
        }
        // SAFETY: running the program is what we were asked to do; `f` is linked code with
        // C's `main` signature (initializers take the same arguments and ignore them).
        Ok(unsafe {
            let f: MainFn = std::mem::transmute(f as usize);
            f(self.args.len() as c_int, self.ptrs.as_ptr(), environ)
        })
    }
    fn main_returned(&mut self) {
        crate::static_tls::run_thread_local_destructors();
    }
    fn call_fini(&mut self, f: u64) -> Result<()> {
        // SAFETY: as above; a finalizer takes no arguments.
        unsafe {
            let f: VoidFn = std::mem::transmute(f as usize);
            f();
        }
        Ok(())
    }
}
