//! Where the link's bytes live. Every block has a target address (where the program will see
//! it) and working memory (where the linker writes it); a memory manager provides both, so the
//! linker core is the same whether the code runs here, in another process, or nowhere.

use super::graph::Prot;
use super::layout::Layout;
use super::tls::{ExternalTls, TlsPlacement};
use crate::arch::Arch;
use crate::error::{Error, Result};
use crate::{huge_alloc, static_tls};

/// This host's page size (4096 if the system will not say).
pub fn host_page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if n > 0 {
        n as u64
    } else {
        4096
    }
}

pub trait MemoryManager {
    /// Reserves `size` bytes of target memory and zeroed working memory; returns the target
    /// address of the first byte. `low` asks for target addresses below 2 GiB (for code with
    /// absolute 32-bit relocations). A manager holds one reservation, for one unit (a session
    /// gets a manager per unit from its target); a second `reserve` is an error.
    fn reserve(&mut self, size: u64, low: bool) -> Result<u64>;
    fn working(&self) -> &[u8];
    fn working_mut(&mut self) -> &mut [u8];
    /// Makes the finished segments available to the program with their protections (and,
    /// where the memory is another process's, the eh_frame table registered there), and the
    /// TLS image (`layout.tls`, placed by [`MemoryManager::place_tls`]) the initial contents of
    /// every thread's copy.
    fn finalize(&mut self, layout: &Layout) -> Result<()>;
    /// Whether [`MemoryManager::place_tls`] can place TLS images (else the link brings its
    /// own TLS runtime; see `tls::add_dynamic_runtime`).
    fn has_static_tls(&mut self) -> Result<bool> {
        Ok(false)
    }
    /// Places a TLS image of `size` bytes aligned to `align` at a fixed offset from the thread
    /// pointer of every thread of the program (static TLS).
    fn place_tls(&mut self, arch: &dyn Arch, size: u64, align: u64) -> Result<TlsPlacement> {
        let _ = (arch, size, align);
        Err(Error::new(
            "thread-local storage is not supported by this target's memory manager",
        ))
    }
    /// How thread-local variables outside the link (in the program's process) are reached, if
    /// they can be.
    fn external_tls(&self) -> Option<ExternalTls> {
        None
    }
    /// Gives the reservation back once the program is done with it (running what its
    /// finalization registered, in reverse). Memory in this process stays mapped until exit.
    fn release(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Memory in this process: working memory is the target memory itself. Mapped read-write,
/// written, then each segment is switched to its final protection, so no page is ever
/// writable and executable at once.
pub struct InProcessMemory {
    map: *mut u8,
    len: usize,
    /// `-slab-allocate`: the reservation size, fixed.
    slab_size: Option<u64>,
    /// The link's part of the static TLS block.
    tls: Option<static_tls::Region>,
}

impl InProcessMemory {
    pub fn new(slab_size: Option<u64>) -> Self {
        InProcessMemory {
            map: std::ptr::null_mut(),
            len: 0,
            slab_size,
            tls: None,
        }
    }
}

/// The error of a second `reserve` on one memory manager.
pub(crate) fn already_reserved() -> Error {
    Error::new("internal error: a memory manager holds one reservation (one per unit)")
}

pub(crate) fn check_slab(size: u64, slab: Option<u64>) -> Result<u64> {
    match slab {
        Some(slab) if size > slab => Err(Error::new(format!(
            "the link needs {size} bytes but -slab-allocate reserves {slab}"
        ))),
        Some(slab) => Ok(slab),
        None => Ok(size),
    }
}

impl MemoryManager for InProcessMemory {
    fn reserve(&mut self, size: u64, low: bool) -> Result<u64> {
        if !self.map.is_null() {
            return Err(already_reserved());
        }
        let size = check_slab(size, self.slab_size)?;
        let len = usize::try_from(size).map_err(|_| Error::new("reservation too large"))?;
        let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS;
        #[cfg(target_arch = "x86_64")]
        let flags = if low { flags | libc::MAP_32BIT } else { flags };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = low;
        // A large reservation is aligned to a huge page and asks for huge pages: fixup writes
        // it whole, and faulting it in 2 MiB at a time costs a fraction of 4 KiB pages.
        let span = if len >= huge_alloc::LARGE {
            len + huge_alloc::HUGE
        } else {
            len
        };
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                span,
                libc::PROT_READ | libc::PROT_WRITE,
                flags,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(Error::new(format!(
                "cannot reserve {size} bytes of memory{}: {}",
                if low { " below 2GiB" } else { "" },
                std::io::Error::last_os_error()
            )));
        }
        let start = if span > len {
            // SAFETY: the mapping was just made, of `span` bytes.
            let aligned = unsafe { huge_alloc::keep_aligned(ptr, span, len) };
            huge_alloc::advise_huge_pages(aligned, len);
            aligned as usize
        } else {
            ptr as usize
        };
        self.map = start as *mut u8;
        self.len = len;
        Ok(start as u64)
    }

    fn working(&self) -> &[u8] {
        if self.map.is_null() {
            return &[];
        }
        // SAFETY: the mapping is `len` bytes and stays mapped while `self` lives; every page
        // stays at least readable.
        unsafe { std::slice::from_raw_parts(self.map, self.len) }
    }

    fn working_mut(&mut self) -> &mut [u8] {
        if self.map.is_null() {
            return &mut [];
        }
        // SAFETY: as above; only called before `finalize` while the mapping is read-write.
        unsafe { std::slice::from_raw_parts_mut(self.map, self.len) }
    }

    fn has_static_tls(&mut self) -> Result<bool> {
        Ok(true)
    }

    fn place_tls(&mut self, _arch: &dyn Arch, size: u64, align: u64) -> Result<TlsPlacement> {
        let region = static_tls::allocate(size, align)?;
        self.tls = Some(region);
        Ok(TlsPlacement {
            tp_offset: region.tp_offset,
        })
    }

    fn external_tls(&self) -> Option<ExternalTls> {
        Some(ExternalTls {
            thread_pointer: static_tls::thread_pointer(),
            static_tls: static_tls::static_range(),
        })
    }

    fn finalize(&mut self, layout: &Layout) -> Result<()> {
        if let (Some(image), Some(region)) = (layout.tls, self.tls) {
            let start = image.template as usize;
            let init = self
                .working()
                .get(start..start + image.init_size as usize)
                .ok_or_else(|| Error::new("internal error: TLS image outside the reservation"))?;
            static_tls::install(region, init)?;
        }
        for seg in &layout.segments {
            let prot = match seg.prot {
                Prot::Read => region::Protection::READ,
                Prot::ReadWrite => continue,
                Prot::ReadExec => region::Protection::READ_EXECUTE,
            };
            if seg.alloc_size == 0 {
                continue;
            }
            // SAFETY: the range lies inside our mapping and no Rust reference into it is held
            // across the change; the linked program is the only user of these pages.
            unsafe {
                region::protect(
                    self.map.add(seg.offset as usize),
                    seg.alloc_size as usize,
                    prot,
                )
            }
            .map_err(|e| {
                Error::new(format!("cannot protect segment {}: {e}", seg.prot.as_str()))
            })?;
            if seg.prot == Prot::ReadExec {
                // SAFETY: as above.
                unsafe { flush_instruction_cache(self.map.add(seg.offset as usize), seg.size) };
            }
        }
        Ok(())
    }
}

impl Drop for InProcessMemory {
    fn drop(&mut self) {
        if let Some(region) = self.tls.take() {
            static_tls::free(region);
        }
        if !self.map.is_null() {
            // SAFETY: unmapping exactly what `reserve` mapped.
            unsafe { libc::munmap(self.map.cast(), self.len) };
        }
    }
}

/// Makes freshly written code visible to instruction fetch. x86-64 keeps the caches coherent;
/// AArch64 needs the data cache cleaned and the instruction cache invalidated line by line.
///
/// # Safety
/// `start..start+len` must be mapped.
pub unsafe fn flush_instruction_cache(start: *const u8, len: u64) {
    #[cfg(target_arch = "aarch64")]
    {
        let ctr: u64;
        std::arch::asm!("mrs {}, ctr_el0", out(reg) ctr);
        let dline = 4u64 << ((ctr >> 16) & 0xf);
        let iline = 4u64 << (ctr & 0xf);
        let (begin, end) = (start as u64, start as u64 + len);
        let mut a = begin & !(dline - 1);
        while a < end {
            std::arch::asm!("dc cvau, {}", in(reg) a);
            a += dline;
        }
        std::arch::asm!("dsb ish");
        let mut a = begin & !(iline - 1);
        while a < end {
            std::arch::asm!("ic ivau, {}", in(reg) a);
            a += iline;
        }
        std::arch::asm!("dsb ish", "isb");
    }
    #[cfg(not(target_arch = "aarch64"))]
    let _ = (start, len);
}

/// Memory for `-noexec`: a local buffer laid out as if at `base` (`-slab-address`), or at the
/// buffer's own address when no address is given.
pub struct SlabMemory {
    base: Option<u64>,
    slab_size: Option<u64>,
    buf: Vec<u8>,
}

impl SlabMemory {
    pub fn new(base: Option<u64>, slab_size: Option<u64>) -> Self {
        SlabMemory {
            base,
            slab_size,
            buf: Vec::new(),
        }
    }
}

impl MemoryManager for SlabMemory {
    fn reserve(&mut self, size: u64, _low: bool) -> Result<u64> {
        if !self.buf.is_empty() {
            return Err(already_reserved());
        }
        let size = check_slab(size, self.slab_size)?;
        let len = usize::try_from(size).map_err(|_| Error::new("reservation too large"))?;
        self.buf = vec![0; len];
        huge_alloc::advise_huge_pages(self.buf.as_mut_ptr(), len);
        Ok(self.base.unwrap_or(self.buf.as_ptr() as u64))
    }
    fn working(&self) -> &[u8] {
        &self.buf
    }
    fn working_mut(&mut self) -> &mut [u8] {
        &mut self.buf
    }
    fn finalize(&mut self, _layout: &Layout) -> Result<()> {
        Ok(())
    }
    /// Thread-locals of this process, as in-process (`StandInSymbols` gives them fixed
    /// offsets at a fixed slab address).
    fn external_tls(&self) -> Option<ExternalTls> {
        Some(ExternalTls {
            thread_pointer: static_tls::thread_pointer(),
            static_tls: static_tls::static_range(),
        })
    }
    fn has_static_tls(&mut self) -> Result<bool> {
        Ok(true)
    }
    /// As a static linker places an executable's TLS (deterministic layouts).
    fn place_tls(&mut self, arch: &dyn Arch, size: u64, align: u64) -> Result<TlsPlacement> {
        Ok(TlsPlacement {
            tp_offset: arch.static_tls_offset(size, align),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One reservation per manager: a second would leave the first's mapping behind.
    #[test]
    fn a_second_reserve_is_refused() {
        let mut slab = SlabMemory::new(Some(0x1000_0000), None);
        assert_eq!(slab.reserve(4096, false).unwrap(), 0x1000_0000);
        let e = slab.reserve(4096, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "internal error: a memory manager holds one reservation (one per unit)"
        );
        let mut here = InProcessMemory::new(None);
        here.reserve(4096, false).unwrap();
        assert_eq!(
            here.reserve(4096, false).unwrap_err().to_string(),
            e.to_string()
        );
    }
}
