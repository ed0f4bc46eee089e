//! The executor's memory manager (LLVM 22's SimpleExecutorMemoryManager): `reserve` maps a
//! read-write slab; `initialize` copies segments into it, zero-fills, applies their protections
//! (never writable and executable at once) and runs the finalize allocation actions, keeping
//! the dealloc actions; `deinitialize` runs those and returns the pages to read-write;
//! `release` does that for every region of a slab, then unmaps it.
//!
//! The same table holds LLVM 22's ExecutorSharedMemoryMapperService reservations: a
//! POSIX shared-memory object mapped here with no access (`reserve_shared`), which the
//! controller maps read-write in its own process and writes directly; `initialize_shared` only
//! protects the segments (contents are already in place) and runs the actions, and
//! `deinitialize` returns them to no access.
//!
//! Everything the controller sends is checked: segments must lie inside one reserved slab,
//! start on a page, not overlap each other or a live region, and carry no more content than
//! their size. Reads and writes through the bootstrap memory-access wrappers are allowed only
//! inside slabs and only where the current protection permits.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::actions::{self, Action};
use crate::remote::names::{PROT_EXEC, PROT_FINALIZE_LIFETIME, PROT_READ, PROT_WRITE};
use crate::remote::sps::Decoder;

/// The largest slab one `reserve` maps (LLVM's `simple-remote` manager asks for 1 GiB).
const MAX_RESERVATION: u64 = 1 << 36;

#[derive(Clone)]
pub struct Segment {
    pub prot: u8,
    pub addr: u64,
    pub size: u64,
}

struct Region {
    key: u64,
    segments: Vec<Segment>,
    dealloc: Vec<Action>,
}

struct Slab {
    len: u64,
    regions: Vec<Region>,
    /// A shared-memory reservation: the object's name (unlinked when the slab is released,
    /// in case the controller never opened it). Its pages outside initialized regions have
    /// no access here.
    shared: Option<std::ffi::CString>,
}

impl Slab {
    /// The protection of its pages outside initialized regions.
    fn idle_prot(&self) -> u8 {
        match self.shared {
            Some(_) => 0,
            None => PROT_READ | PROT_WRITE,
        }
    }
}

#[derive(Default)]
pub struct Memory {
    slabs: BTreeMap<u64, Slab>,
}

pub static MEMORY: Mutex<Memory> = Mutex::new(Memory {
    slabs: BTreeMap::new(),
});

fn lock() -> std::sync::MutexGuard<'static, Memory> {
    // A panic elsewhere must not take memory management down with it.
    MEMORY.lock().unwrap_or_else(|e| e.into_inner())
}

pub use crate::link::memory::host_page_size as page_size;

fn round_up(v: u64, page: u64) -> Option<u64> {
    v.checked_add(page - 1).map(|v| v & !(page - 1))
}

fn os_error() -> String {
    std::io::Error::last_os_error().to_string()
}

fn protect(addr: u64, len: u64, prot: u8) -> Result<(), String> {
    let mut p = 0;
    if prot & PROT_READ != 0 {
        p |= libc::PROT_READ;
    }
    if prot & PROT_WRITE != 0 {
        p |= libc::PROT_WRITE;
    }
    if prot & PROT_EXEC != 0 {
        p |= libc::PROT_EXEC;
    }
    // SAFETY: callers pass page-aligned ranges inside a slab this module mapped.
    if unsafe { libc::mprotect(addr as *mut libc::c_void, len as usize, p) } != 0 {
        return Err(format!("cannot protect {addr:#x}+{len:#x}: {}", os_error()));
    }
    Ok(())
}

pub fn reserve(size: u64) -> Result<u64, String> {
    let len = reservation_len(size)?;
    // SAFETY: a fresh anonymous mapping at an address of the kernel's choosing.
    let ptr = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len as usize,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if ptr == libc::MAP_FAILED {
        return Err(format!("cannot reserve {len:#x} bytes: {}", os_error()));
    }
    let base = ptr as u64;
    add_slab(base, len, None);
    prefault(base, len);
    Ok(base)
}

fn add_slab(base: u64, len: u64, shared: Option<std::ffi::CString>) {
    let slab = Slab {
        len,
        regions: Vec::new(),
        shared,
    };
    lock().slabs.insert(base, slab);
}

fn reservation_len(size: u64) -> Result<u64, String> {
    match round_up(size, page_size()) {
        Some(len) if size > 0 && len <= MAX_RESERVATION => Ok(len),
        _ => Err(format!(
            "cannot reserve {size:#x} bytes: sizes from 1 to {MAX_RESERVATION:#x} are supported"
        )),
    }
}

/// ExecutorSharedMemoryMapperService's reserve: a new POSIX shared-memory object of `size`
/// bytes, mapped here with no access; returns its address and its name (which the controller
/// opens, maps and unlinks).
pub fn reserve_shared(size: u64) -> Result<(u64, String), String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let len = reservation_len(size)?;
    let name = format!(
        "/rjitlink-executor_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed) + 1
    );
    let cname = std::ffi::CString::new(name.clone()).map_err(|e| e.to_string())?;
    let fail = |what: &str| {
        let e = os_error();
        // SAFETY: removing the name this call created.
        unsafe { libc::shm_unlink(cname.as_ptr()) };
        Err(format!(
            "cannot {what} shared memory {name} ({len:#x} bytes): {e}"
        ))
    };
    // SAFETY: plain system calls on a name of our own; O_EXCL never opens someone else's.
    let fd = unsafe {
        libc::shm_open(
            cname.as_ptr(),
            libc::O_RDWR | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC,
            0o600,
        )
    };
    if fd < 0 {
        return Err(format!(
            "cannot create shared memory {name}: {}",
            os_error()
        ));
    }
    // SAFETY: `fd` is the object just created; the mapping is fresh, at an address of the
    // kernel's choosing.
    let ptr = unsafe {
        if libc::ftruncate(fd, len as libc::off_t) != 0 {
            libc::close(fd);
            return fail("size");
        }
        let ptr = libc::mmap(
            std::ptr::null_mut(),
            len as usize,
            libc::PROT_NONE,
            libc::MAP_SHARED,
            fd,
            0,
        );
        libc::close(fd);
        ptr
    };
    if ptr == libc::MAP_FAILED {
        return fail("map");
    }
    let base = ptr as u64;
    add_slab(base, len, Some(cname));
    Ok((base, name))
}

/// Faults a slab's pages in (from `PREFAULT_MIN` to `PREFAULT_LIMIT`) on another thread while the
/// controller goes on linking, so `initialize` copies into memory that is already there. Only an
/// optimization: it changes no contents, and fails harmlessly if the slab has meanwhile been
/// protected or unmapped.
fn prefault(base: u64, len: u64) {
    #[cfg(target_os = "linux")]
    if (PREFAULT_MIN..=PREFAULT_LIMIT).contains(&len) {
        let _ = super::thread::spawn(PREFAULT_STACK, move || {
            // SAFETY: MADV_POPULATE_WRITE only faults pages in; on a range that is no longer
            // ours it fails or populates zero pages without changing any byte.
            unsafe {
                libc::madvise(
                    base as *mut libc::c_void,
                    len as usize,
                    libc::MADV_POPULATE_WRITE,
                )
            };
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (base, len);
}

/// Slabs up to this size are faulted in ahead of `initialize` (LLVM's `simple-remote` memory
/// manager reserves 1 GiB it mostly never uses).
const PREFAULT_LIMIT: u64 = 64 << 20;
/// Smaller slabs fault in faster than a thread starts (a few pages; 4.5 ms for the thread
/// under qemu-aarch64).
const PREFAULT_MIN: u64 = 1 << 20;
/// The prefaulting thread makes one system call.
const PREFAULT_STACK: usize = 64 << 10;

/// A decoded `initialize` request: segments with their content, and action pairs. Requests
/// of the shared-memory mapper name their reservation and carry no content (it is in place).
pub struct Request<'a> {
    pub segments: Vec<(Segment, Option<&'a [u8]>)>,
    pub actions: Vec<(Action, Action)>,
    pub shared_reservation: Option<u64>,
}

pub fn decode_request<'a>(d: &mut Decoder<'a>) -> crate::error::Result<Request<'a>> {
    // A segment is at least 1 + 8 + 8 + 8 bytes; an action pair at least 4 * 8.
    let n = d.count(25, "segment count")?;
    let mut segments = Vec::with_capacity(n);
    for _ in 0..n {
        let prot = d.u8("segment protection")?;
        let addr = d.u64("segment address")?;
        let size = d.u64("segment size")?;
        let content = d.bytes("segment content")?;
        segments.push((Segment { prot, addr, size }, Some(content)));
    }
    let actions = decode_actions(d)?;
    Ok(Request {
        segments,
        actions,
        shared_reservation: None,
    })
}

/// A `SharedMemoryFinalizeRequest` for the reservation at `reservation`: segments
/// `(u8 prot, Addr, u64 size)`, then action pairs.
pub fn decode_shared_request<'a>(
    d: &mut Decoder<'a>,
    reservation: u64,
) -> crate::error::Result<Request<'a>> {
    let n = d.count(17, "segment count")?;
    let mut segments = Vec::with_capacity(n);
    for _ in 0..n {
        let prot = d.u8("segment protection")?;
        let addr = d.u64("segment address")?;
        let size = d.u64("segment size")?;
        segments.push((Segment { prot, addr, size }, None));
    }
    let actions = decode_actions(d)?;
    Ok(Request {
        segments,
        actions,
        shared_reservation: Some(reservation),
    })
}

fn decode_actions(d: &mut Decoder<'_>) -> crate::error::Result<Vec<(Action, Action)>> {
    let n = d.count(32, "action count")?;
    let mut actions = Vec::with_capacity(n);
    for _ in 0..n {
        let finalize = Action::decode(d)?;
        let dealloc = Action::decode(d)?;
        actions.push((finalize, dealloc));
    }
    Ok(actions)
}

fn page_range(seg: &Segment, page: u64) -> Option<(u64, u64)> {
    Some((seg.addr, round_up(seg.addr.checked_add(seg.size)?, page)?))
}

/// Checks a request against the slabs and copies and protects its segments; returns the key
/// (the lowest segment address). The region is recorded, with no dealloc actions yet.
fn place(req: &Request<'_>) -> Result<u64, String> {
    let page = page_size();
    if req.segments.is_empty() {
        return Err("Finalization request is empty".into());
    }
    let mut mem = lock();
    let first = req.segments[0].0.addr;
    let key = req
        .segments
        .iter()
        .map(|(s, _)| s.addr)
        .min()
        .unwrap_or(first);
    // Keys name regions: an empty segment overlaps nothing, but must not take the key of a
    // live region (deinitialize would then pick either).
    if mem
        .slabs
        .values()
        .any(|s| s.regions.iter().any(|r| r.key == key))
    {
        return Err(format!(
            "segment at {key:#x}: overlaps an initialized region with that key"
        ));
    }
    let (&base, slab) = mem
        .slabs
        .range_mut(..=first)
        .next_back()
        .ok_or_else(|| format!("segment at {first:#x} is not in a reserved slab"))?;
    match (req.shared_reservation, &slab.shared) {
        (None, None) => {}
        (Some(r), Some(_)) if r == base => {}
        (Some(r), _) => {
            return Err(format!(
                "segment at {first:#x} is not in the shared-memory reservation {r:#x}"
            ))
        }
        (None, Some(_)) => {
            return Err(format!(
                "segment at {first:#x} is in a shared-memory reservation (initialize it through the shared memory mapper)"
            ))
        }
    }
    let mut ranges: Vec<(u64, u64)> = slab
        .regions
        .iter()
        .flat_map(|r| r.segments.iter().filter_map(|s| page_range(s, page)))
        .collect();
    let live = ranges.len();
    for (seg, content) in &req.segments {
        let at = format!("segment at {:#x} (size {:#x})", seg.addr, seg.size);
        let (start, end) = page_range(seg, page).ok_or_else(|| format!("{at}: wraps around"))?;
        if seg.addr < base || end > base + slab.len {
            return Err(format!(
                "{at}: outside the reserved slab {base:#x}+{:#x}",
                slab.len
            ));
        }
        if seg.addr % page != 0 {
            return Err(format!("{at}: not aligned to the {page}-byte page"));
        }
        if seg.prot & !(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_FINALIZE_LIFETIME) != 0 {
            return Err(format!("{at}: unknown protection bits {:#x}", seg.prot));
        }
        if seg.prot & PROT_WRITE != 0 && seg.prot & PROT_EXEC != 0 {
            return Err(format!("{at}: writable and executable (W^X)"));
        }
        if let Some(content) = content.filter(|c| c.len() as u64 > seg.size) {
            return Err(format!(
                "{at}: {} bytes of content do not fit",
                content.len()
            ));
        }
        if let Some(i) = ranges.iter().position(|&(s, e)| start < e && s < end) {
            let what = if i < live {
                "an initialized region"
            } else {
                "another segment"
            };
            return Err(format!("{at}: overlaps {what}"));
        }
        ranges.push((start, end));
    }
    for (seg, content) in &req.segments {
        // Shared memory: the controller wrote the contents and the zero fill.
        let Some(content) = content else { continue };
        // SAFETY: checked above to lie in our private slab, outside any initialized region,
        // so the pages are read-write and nothing else uses them.
        unsafe {
            let dst = seg.addr as *mut u8;
            std::ptr::copy_nonoverlapping(content.as_ptr(), dst, content.len());
            zero(seg.addr + content.len() as u64, seg.addr + seg.size, page);
        }
    }
    for (i, (seg, _)) in req.segments.iter().enumerate() {
        let (start, end) = page_range(seg, page).unwrap_or((seg.addr, seg.addr));
        if let Err(e) = protect(start, end - start, seg.prot) {
            // The pages must be what the table says (accesses are checked against it): give
            // back what was protected (this segment perhaps in part), and keep as a region
            // whatever cannot be given back.
            let done = req.segments[..=i].iter().map(|(s, _)| s.clone()).collect();
            let stuck = unprotect(done, page, slab.idle_prot());
            if !stuck.is_empty() {
                slab.regions.push(Region {
                    key,
                    segments: stuck,
                    dealloc: Vec::new(),
                });
            }
            return Err(e);
        }
        if seg.prot & PROT_EXEC != 0 {
            // SAFETY: the segment was just written and is mapped.
            unsafe { crate::link::memory::flush_instruction_cache(start as *const u8, seg.size) };
        }
    }
    slab.regions.push(Region {
        key,
        segments: req
            .segments
            .iter()
            .map(|(s, _)| Segment {
                prot: s.prot,
                addr: s.addr,
                size: s.size,
            })
            .collect(),
        dealloc: Vec::new(),
    });
    Ok(key)
}

/// Gives the pages of `segs` back their slab's idle protection (read-write, or no access in
/// shared memory); returns the segments whose pages could not be (mprotect fails, e.g., at the
/// kernel's limit on the number of mappings): they keep their protection, so they must stay in
/// the table.
fn unprotect(segs: Vec<Segment>, page: u64, idle: u8) -> Vec<Segment> {
    segs.into_iter()
        .filter(|seg| match page_range(seg, page) {
            Some((start, end)) => protect(start, end - start, idle).is_err(),
            None => false,
        })
        .collect()
}

/// The dealloc actions of the region `key`, taken out of it (to run without the lock held).
fn take_dealloc(mem: &mut Memory, key: u64) -> Option<Vec<Action>> {
    mem.slabs
        .values_mut()
        .flat_map(|s| s.regions.iter_mut())
        .find(|r| r.key == key)
        .map(|r| std::mem::take(&mut r.dealloc))
}

/// Zero-fills `[from, to)` in a slab. Whole pages are handed back to the kernel
/// (`MADV_DONTNEED` gives fresh zero pages on the next touch), so a huge zero-fill segment
/// costs no memory until it is used; only the partial pages at the ends are written.
///
/// # Safety
/// The range must lie in a read-write private anonymous slab that nothing else uses.
unsafe fn zero(from: u64, to: u64, page: u64) {
    let first_full = round_up(from, page).unwrap_or(to).min(to);
    let last_full = (to & !(page - 1)).max(first_full);
    std::ptr::write_bytes(from as *mut u8, 0, (first_full - from) as usize);
    if last_full > first_full
        && libc::madvise(
            first_full as *mut libc::c_void,
            (last_full - first_full) as usize,
            libc::MADV_DONTNEED,
        ) != 0
    {
        std::ptr::write_bytes(first_full as *mut u8, 0, (last_full - first_full) as usize);
    }
    std::ptr::write_bytes(last_full as *mut u8, 0, (to - last_full) as usize);
}

/// Removes the region `key` from its slab, returning its pages to read-write (any that cannot
/// be stay in the table under the same key); returns its dealloc actions (to run without the
/// lock held). Eh_frame tables still registered in the region are deregistered first: the
/// unwinder reads them, so they must not become writable while registered.
fn unplace(mem: &mut Memory, key: u64) -> Option<Vec<Action>> {
    let page = page_size();
    for slab in mem.slabs.values_mut() {
        if let Some(i) = slab.regions.iter().position(|r| r.key == key) {
            let region = slab.regions.remove(i);
            for seg in &region.segments {
                if let Some((start, end)) = page_range(seg, page) {
                    super::frames::forget(start, end - start);
                }
            }
            let stuck = unprotect(region.segments, page, slab.idle_prot());
            if !stuck.is_empty() {
                slab.regions.push(Region {
                    key,
                    segments: stuck,
                    dealloc: Vec::new(),
                });
            }
            return Some(region.dealloc);
        }
    }
    None
}

pub fn initialize(req: Request<'_>) -> Result<u64, String> {
    let key = place(&req)?;
    let mut done: Vec<Action> = Vec::new();
    for (finalize, dealloc) in req.actions {
        if let Err(e) = finalize.run() {
            // Undo in the reverse order: the actions while the region is in place, then the
            // region.
            let _ = actions::run_reversed(done);
            let _ = unplace(&mut lock(), key);
            return Err(e);
        }
        done.push(dealloc);
    }
    let mut mem = lock();
    for slab in mem.slabs.values_mut() {
        if let Some(r) = slab.regions.iter_mut().find(|r| r.key == key) {
            r.dealloc = done;
            break;
        }
    }
    Ok(key)
}

pub fn deinitialize(keys: &[u64]) -> Result<(), String> {
    let mut errors = Vec::new();
    // The last first, as LLVM's executor does: a region's dealloc actions may call code in a
    // region initialized before it (the ORC runtime's deregistration functions).
    for &key in keys.iter().rev() {
        // The dealloc actions run while the region is still in place, so an eh_frame table is
        // deregistered while its pages are still read-only; then the pages are given back.
        let dealloc = take_dealloc(&mut lock(), key);
        match dealloc {
            Some(actions) => {
                if let Err(e) = actions::run_reversed(actions) {
                    errors.push(e);
                }
                if let Some(late) = unplace(&mut lock(), key) {
                    if let Err(e) = actions::run_reversed(late) {
                        errors.push(e);
                    }
                }
            }
            None => errors.push(format!(
                "In deinitialize, {key:#x} is not an initialized region"
            )),
        }
    }
    join(errors)
}

/// The memory manager's release: slabs of `reserve`.
pub fn release(bases: &[u64]) -> Result<(), String> {
    release_of(bases, Some(false), true)
}

/// The shared memory mapper's release: reservations of `reserve_shared`.
pub fn release_shared(bases: &[u64]) -> Result<(), String> {
    release_of(bases, Some(true), true)
}

/// Releases slabs: those of one kind (`Some(shared)`) or of either.
fn release_of(bases: &[u64], kind: Option<bool>, unmap: bool) -> Result<(), String> {
    let mut errors = Vec::new();
    // The last first, as LLVM's executor does (see `deinitialize`).
    for &base in bases.iter().rev() {
        // The dealloc actions run while the slab is still in the table (they may be code in
        // it, which only the table says may be called), last region first; then it goes.
        let dealloc = {
            let mut mem = lock();
            match mem.slabs.get_mut(&base) {
                Some(s) if kind.is_some_and(|shared| shared != s.shared.is_some()) => None,
                Some(s) => {
                    s.regions.sort_by_key(|r| r.key);
                    Some(
                        s.regions
                            .iter_mut()
                            .map(|r| std::mem::take(&mut r.dealloc))
                            .collect::<Vec<_>>(),
                    )
                }
                None => None,
            }
        };
        let Some(dealloc) = dealloc else {
            let what = match kind {
                Some(true) => "shared-memory reservation",
                _ => "reserved address range",
            };
            errors.push(format!("In release, {base:#x} is not part of any {what}"));
            continue;
        };
        for actions in dealloc.into_iter().rev() {
            if let Err(e) = actions::run_reversed(actions) {
                errors.push(e);
            }
        }
        let Some(slab) = lock().slabs.remove(&base) else {
            continue;
        };
        super::frames::forget(base, slab.len);
        if unmap {
            // SAFETY: unmapping exactly the slab `reserve` mapped; it is out of the table.
            unsafe { libc::munmap(base as *mut libc::c_void, slab.len as usize) };
        }
        if let Some(name) = &slab.shared {
            // Normally the controller unlinked it already (ENOENT then).
            // SAFETY: a name this executor created.
            unsafe { libc::shm_unlink(name.as_ptr()) };
        }
    }
    join(errors)
}

/// Releases every slab at the end of the session, just before the process exits: the
/// deallocation actions run and shared-memory names go, but the mappings are left to the
/// exit, which takes them down with everything else (unmapping them first cost the end of a
/// session 0.1 ms for the sqlite demo's 1.2 MB slab).
pub fn release_at_exit() -> Result<(), String> {
    let bases: Vec<u64> = lock().slabs.keys().copied().collect();
    release_of(&bases, None, false)
}

fn join(errors: Vec<String>) -> Result<(), String> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Whether `[addr, addr+len)` lies inside one slab and every initialized segment it touches
/// has all the protection bits in `need`. Memory not in an initialized region is read-write.
/// The answer can be stale as soon as the lock is dropped: to touch the memory, use [`locked`].
pub fn accessible(addr: u64, len: u64, need: u8) -> bool {
    lock().accessible(addr, len, need)
}

/// Runs `f` with the slab table locked. No slab is unmapped (`release` unmaps only slabs it
/// has taken out of the table) or reprotected (`initialize`, `deinitialize`) until `f`
/// returns, so memory that [`Memory::accessible`] approved stays so while `f` reads or writes
/// it. `f` must not call back into this module.
pub fn locked<R>(f: impl FnOnce(&Memory) -> R) -> R {
    f(&lock())
}

impl Memory {
    /// Whether `[addr, addr+len)` lies inside one initialized segment that is readable and not
    /// writable: memory whose bytes cannot change while its region is initialized.
    pub fn read_only(&self, addr: u64, len: u64) -> bool {
        let Some(end) = addr.checked_add(len) else {
            return false;
        };
        let Some((_, slab)) = self.slabs.range(..=addr).next_back() else {
            return false;
        };
        slab.regions.iter().flat_map(|r| &r.segments).any(|s| {
            s.prot & PROT_READ != 0
                && s.prot & PROT_WRITE == 0
                && addr >= s.addr
                && end <= s.addr.saturating_add(s.size)
        })
    }

    /// See [`accessible`].
    pub fn accessible(&self, addr: u64, len: u64, need: u8) -> bool {
        let page = page_size();
        let Some(end) = addr.checked_add(len) else {
            return false;
        };
        let Some((&base, slab)) = self.slabs.range(..=addr).next_back() else {
            return false;
        };
        if end > base + slab.len {
            return false;
        }
        if slab.shared.is_some() {
            // Only initialized segments are mapped with any access here.
            return slab.regions.iter().flat_map(|r| &r.segments).any(|s| {
                page_range(s, page).is_some_and(|(s_start, s_end)| {
                    addr >= s_start && end <= s_end && s.prot & need == need
                })
            });
        }
        slab.regions
            .iter()
            .flat_map(|r| &r.segments)
            .all(|s| match page_range(s, page) {
                Some((s_start, s_end)) if addr < s_end && s_start < end => s.prot & need == need,
                _ => true,
            })
    }
}

/// Whether `addr` is inside an initialized executable segment (JIT'd code).
pub fn is_code(addr: u64) -> bool {
    let mem = lock();
    let Some((_, slab)) = mem.slabs.range(..=addr).next_back() else {
        return false;
    };
    slab.regions
        .iter()
        .flat_map(|r| &r.segments)
        .any(|s| s.prot & PROT_EXEC != 0 && addr >= s.addr && addr - s.addr < s.size)
}
