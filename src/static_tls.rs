//! The static TLS block that every program built on this crate (`rjitlink`, `rjitlink-executor`)
//! reserves for JIT'd thread-local storage.
//!
//! A static linker turns every TLS model into fixed offsets from the thread pointer, because the
//! whole TLS image of an executable is in the static TLS area. We get the same property for JIT'd
//! code by reserving a thread-local array in our own executable: glibc places the executable's
//! TLS block at the same thread-pointer offset in every thread, so a JIT link's `.tdata`/`.tbss`
//! carved out of the array has constant `TPOFF` values, and local-exec and initial-exec code runs
//! exactly as fast as in a native program.
//!
//! The crux is the initial image of threads created after a link: glibc fills each new thread's
//! static TLS from the executable's `PT_TLS` image, wherever and however the thread is created
//! (`pthread_create` from JIT'd code, `std::thread` inside libstdc++, a library's worker
//! thread). So the array lives in `.tdata` (it has a non-zero initial value), and installing a
//! link writes the link's initial image into the array's part of the executable's `PT_TLS`
//! image (in the RELRO area, so its pages are made writable for the copy and read-only again)
//! and into the calling thread's own copy. Wrapping thread creation instead would miss threads
//! that libraries create through calls rjitlink never resolves.
//!
//! Threads that already exist when a link is installed keep the old (zero) contents in the new
//! link's part of the block; in `rjitlink` the program runs on the thread that installs it, and
//! in `rjitlink-executor` every call runs on a thread created after the link's `initialize`.
//!
//! The size is fixed when the binary is built: `RJITLINK_STATIC_TLS` (bytes, a multiple of
//! [`ALIGN`]) at `cargo build` time, default [`DEFAULT_SIZE`].

use std::sync::Mutex;

use crate::error::{Error, Result};

/// The block's alignment: the largest alignment a JIT'd TLS variable may have.
pub const ALIGN: u64 = 128;
pub const DEFAULT_SIZE: usize = 64 * 1024;

const SIZE: usize = match option_env!("RJITLINK_STATIC_TLS") {
    Some(s) => parse_size(s),
    None => DEFAULT_SIZE,
};

const fn parse_size(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let mut n = 0usize;
    while i < b.len() {
        assert!(
            b[i].is_ascii_digit(),
            "RJITLINK_STATIC_TLS must be a number of bytes"
        );
        n = n * 10 + (b[i] - b'0') as usize;
        i += 1;
    }
    assert!(
        n.is_multiple_of(ALIGN as usize),
        "RJITLINK_STATIC_TLS must be a multiple of 128"
    );
    n
}

/// The reserved array. The first byte is 1 so that the whole array is initialised data
/// (`.tdata`), whose initial image glibc copies into every new thread; the byte itself is
/// never handed out.
#[repr(C, align(128))]
struct Block([u8; SIZE]);

const fn initial() -> Block {
    let mut b = [0u8; SIZE];
    b[0] = 1;
    Block(b)
}

thread_local! {
    static BLOCK: Block = const { initial() };
}

/// The first [`ALIGN`] bytes stay reserved (the marker byte).
const FIRST: u64 = ALIGN;

/// The current thread's thread pointer (`%fs:0` on x86-64, `TPIDR_EL0` on AArch64).
pub fn thread_pointer() -> u64 {
    let tp: u64;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: reading the TCB's self pointer at %fs:0, which glibc sets up for every thread.
    unsafe {
        std::arch::asm!("mov {}, fs:0", out(reg) tp, options(nostack, readonly, preserves_flags))
    };
    #[cfg(target_arch = "aarch64")]
    // SAFETY: reading the thread pointer register.
    unsafe {
        std::arch::asm!("mrs {}, tpidr_el0", out(reg) tp, options(nostack, nomem, preserves_flags))
    };
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        tp = 0;
    }
    tp
}

fn block_addr() -> u64 {
    BLOCK.with(|b| b as *const Block as u64)
}

/// The block's offset from the thread pointer, the same in every thread.
pub fn block_tp_offset() -> i64 {
    block_addr().wrapping_sub(thread_pointer()) as i64
}

/// Free ranges of the block, as (start, end) offsets, sorted.
static FREE: Mutex<Vec<(u64, u64)>> = Mutex::new(Vec::new());
static INIT: std::sync::Once = std::sync::Once::new();

fn free_list() -> std::sync::MutexGuard<'static, Vec<(u64, u64)>> {
    INIT.call_once(|| {
        FREE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((FIRST, SIZE as u64))
    });
    FREE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A part of the block given to one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Offset from the thread pointer of the region's first byte.
    pub tp_offset: i64,
    /// Offset within the block.
    pub offset: u64,
    pub size: u64,
}

/// The space one link's TLS needs does not fit.
pub fn too_large(size: u64, align: u64) -> Error {
    let free: u64 = free_list().iter().map(|(s, e)| e - s).sum();
    if align > ALIGN {
        return Error::new(format!(
            "thread-local storage needs alignment {align}, but JIT'd TLS is aligned to at most {ALIGN}"
        ));
    }
    Error::new(format!(
        "thread-local storage of {size} bytes does not fit the static TLS block for JIT'd code \
         ({free} of {SIZE} bytes free); to raise the limit, rebuild rjitlink and \
         rjitlink-executor with RJITLINK_STATIC_TLS=<bytes> (a multiple of 128)"
    ))
}

/// Takes `size` bytes aligned to `align` from the block (first fit).
pub fn allocate(size: u64, align: u64) -> Result<Region> {
    let size = size.max(1);
    if align > ALIGN || !align.is_power_of_two() {
        return Err(too_large(size, align));
    }
    let mut free = free_list();
    for i in 0..free.len() {
        let (start, end) = free[i];
        let at = (start + align - 1) & !(align - 1);
        let Some(stop) = at.checked_add(size) else {
            continue;
        };
        if stop > end {
            continue;
        }
        free.remove(i);
        if stop < end {
            free.insert(i, (stop, end));
        }
        if start < at {
            free.insert(i, (start, at));
        }
        return Ok(Region {
            tp_offset: block_tp_offset().wrapping_add(at as i64),
            offset: at,
            size,
        });
    }
    drop(free);
    Err(too_large(size, align))
}

/// Gives a region back (its link's memory is released).
pub fn free(region: Region) {
    let mut free = free_list();
    let (start, end) = (region.offset, region.offset + region.size);
    let i = free.partition_point(|&(s, _)| s < start);
    free.insert(i, (start, end));
    // Merge neighbours.
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(free.len());
    for &(s, e) in free.iter() {
        match merged.last_mut() {
            Some(last) if last.1 >= s => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    *free = merged;
}

/// Where the executable's initial TLS image of the block lies: the address of the block's
/// first byte in the `PT_TLS` image (which glibc copies into every new thread).
fn image_of_block() -> Result<u64> {
    struct Found {
        want_module_block: u64,
        image: Option<u64>,
        error: Option<&'static str>,
    }
    unsafe extern "C" fn visit(
        info: *mut libc::dl_phdr_info,
        _size: libc::size_t,
        data: *mut libc::c_void,
    ) -> libc::c_int {
        // SAFETY: glibc passes a valid info and our `Found`.
        let (info, found) = unsafe { (&*info, &mut *(data as *mut Found)) };
        // The first object is the executable.
        // SAFETY: dlpi_phdr points at dlpi_phnum program headers.
        let phdrs = unsafe { std::slice::from_raw_parts(info.dlpi_phdr, info.dlpi_phnum as usize) };
        let Some(tls) = phdrs.iter().find(|p| p.p_type == libc::PT_TLS) else {
            found.error = Some("the executable has no PT_TLS segment");
            return 1;
        };
        let block_in_thread = info.dlpi_tls_data as u64;
        if block_in_thread == 0 {
            found.error = Some("the executable's TLS block is not allocated");
            return 1;
        }
        let offset = found.want_module_block.wrapping_sub(block_in_thread);
        if offset.saturating_add(SIZE as u64) > tls.p_filesz {
            found.error = Some("the static TLS block is not in the executable's initialised TLS");
            return 1;
        }
        found.image = Some(info.dlpi_addr + tls.p_vaddr + offset);
        1
    }
    let mut found = Found {
        want_module_block: block_addr(),
        image: None,
        error: None,
    };
    // SAFETY: the callback only reads what glibc hands it.
    unsafe { libc::dl_iterate_phdr(Some(visit), &mut found as *mut Found as *mut libc::c_void) };
    match (found.image, found.error) {
        (Some(a), _) => Ok(a),
        (None, Some(e)) => Err(Error::new(format!(
            "cannot install thread-local storage: {e}"
        ))),
        (None, None) => Err(Error::new(
            "cannot install thread-local storage: no executable found",
        )),
    }
}

/// Serialises installs: the image pages are writable only while one install copies.
static INSTALL: Mutex<()> = Mutex::new(());

/// Counts installs: a thread started before the last one lacks its image (except the thread
/// that installed it), so it must not run code that uses it.
static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many images were installed so far (see [`install`]).
pub fn generation() -> u64 {
    GENERATION.load(std::sync::atomic::Ordering::Acquire)
}

/// Makes `init` (followed by zeros up to the region's size) the initial contents of `region` for
/// every thread created from now on, and the current contents in the calling thread.
pub fn install(region: Region, init: &[u8]) -> Result<()> {
    if init.len() as u64 > region.size {
        return Err(Error::new(
            "internal error: TLS image larger than its region",
        ));
    }
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let image = image_of_block()? + region.offset;
    let page = crate::link::memory::host_page_size();
    let first = image & !(page - 1);
    let last = (image + region.size + page - 1) & !(page - 1);
    let len = (last - first) as usize;
    // The image lies in the executable's RELRO (read-only after start-up) or data pages: make
    // them writable for the copy, then read-only again. They are never executable.
    let was_writable = is_writable(first, len);
    if !was_writable {
        // SAFETY: the pages belong to the executable's TLS image; nothing executes from them.
        let r = unsafe {
            libc::mprotect(
                first as *mut libc::c_void,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if r != 0 {
            return Err(Error::new(format!(
                "cannot install thread-local storage: mprotect: {}",
                std::io::Error::last_os_error()
            )));
        }
    }
    let fill = |dst: u64| {
        // SAFETY: dst..dst+size lies inside the block (in the image or in this thread's copy),
        // which is writable here, and no Rust reference to the block is alive.
        unsafe {
            std::ptr::copy_nonoverlapping(init.as_ptr(), dst as *mut u8, init.len());
            std::ptr::write_bytes(
                (dst + init.len() as u64) as *mut u8,
                0,
                (region.size as usize) - init.len(),
            );
        }
    };
    fill(image);
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    if !was_writable {
        // SAFETY: as above.
        unsafe { libc::mprotect(first as *mut libc::c_void, len, libc::PROT_READ) };
    }
    fill(block_addr() + region.offset);
    Ok(())
}

/// Whether all of `addr..addr+len` is mapped writable (from /proc/self/maps).
fn is_writable(addr: u64, len: usize) -> bool {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return false;
    };
    let end = addr + len as u64;
    maps.lines().any(|l| {
        let mut parts = l.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else {
            return false;
        };
        let Some((s, e)) = range.split_once('-') else {
            return false;
        };
        let (Ok(s), Ok(e)) = (u64::from_str_radix(s, 16), u64::from_str_radix(e, 16)) else {
            return false;
        };
        s <= addr && end <= e && perms.as_bytes().get(1) == Some(&b'w')
    })
}

/// Runs the destructors of the calling thread's C++ `thread_local` objects now (glibc's
/// `__call_tls_dtors`, which `exit` calls before the `atexit` handlers and which runs again, with
/// nothing left to do, when the thread ends). A program's `main` returning is its `exit`: its
/// thread-locals die before its static objects, as in a native program.
pub fn run_thread_local_destructors() {
    static CALL: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    // SAFETY: looking up a libc function by name.
    let f = *CALL.get_or_init(|| unsafe {
        libc::dlsym(libc::RTLD_DEFAULT, c"__call_tls_dtors".as_ptr()) as usize
    });
    if f != 0 {
        // SAFETY: glibc's `void __call_tls_dtors(void)`.
        unsafe { std::mem::transmute::<usize, extern "C" fn()>(f)() };
    }
}

/// The process's static TLS area as offsets from the thread pointer (glibc's
/// `_dl_get_tls_static_info`): libraries loaded at start-up, and those `dlopen`ed ones that
/// glibc put there.
pub fn static_range() -> (i64, i64) {
    type Info = unsafe extern "C" fn(*mut libc::size_t, *mut libc::size_t);
    // SAFETY: looking up a symbol by name.
    let f = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"_dl_get_tls_static_info".as_ptr()) };
    if f.is_null() {
        return (0, 0);
    }
    let (mut size, mut align) = (0, 0);
    // SAFETY: glibc's function with this signature, writing two size_t.
    unsafe { std::mem::transmute::<*mut libc::c_void, Info>(f)(&mut size, &mut align) };
    let size = size as i64;
    if cfg!(target_arch = "x86_64") {
        (-size, 0)
    } else {
        (0, size)
    }
}

/// The largest TLS size one link may ask for (for messages and tests).
pub const fn capacity() -> u64 {
    SIZE as u64 - FIRST
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_threads_start_from_the_installed_image() {
        let region = allocate(64, 16).expect("allocate");
        install(region, b"hello, thread-local world").expect("install");
        let read = |r: Region| {
            let p = (thread_pointer() as i64 + r.tp_offset) as *const u8;
            // SAFETY: the region lies in this thread's static TLS block.
            unsafe { std::slice::from_raw_parts(p, 25).to_vec() }
        };
        assert_eq!(read(region), b"hello, thread-local world");
        let other = std::thread::spawn(move || {
            let before = read(region);
            // Writes in this thread stay in this thread.
            let p = (thread_pointer() as i64 + region.tp_offset) as *mut u8;
            // SAFETY: as above.
            unsafe { *p = b'J' };
            (before, read(region))
        })
        .join()
        .expect("thread");
        assert_eq!(other.0, b"hello, thread-local world");
        assert_eq!(&other.1[..1], b"J");
        assert_eq!(read(region), b"hello, thread-local world");
        free(region);
    }

    #[test]
    fn first_fit_and_free_merge() {
        let a = allocate(100, 8).unwrap();
        let b = allocate(100, 64).unwrap();
        assert_eq!(b.offset % 64, 0);
        assert!(b.offset >= a.offset + 100);
        free(a);
        free(b);
        let all = allocate(capacity() / 2, 128).unwrap();
        free(all);
        assert!(allocate(capacity() + 1, 8).is_err());
        assert!(allocate(8, 256).is_err());
    }
}
