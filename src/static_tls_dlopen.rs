//! Loading a shared library so that its thread-local storage is in static TLS.
//!
//! JIT'd code reaches another module's thread-local variables with fixed offsets from the
//! thread pointer (initial-exec: `std::call_once` in a C++ program reads libstdc++'s
//! `__once_callable` that way). That works only for modules in static TLS. glibc puts the
//! libraries loaded at start-up there, but a library `dlopen`ed later gets dynamic TLS, unless
//! something it loads with it needs static TLS: an object with an initial-exec (`TPOFF`)
//! relocation against one of its thread-locals makes ld.so move the library's TLS into the
//! static TLS surplus it keeps for such cases.
//!
//! So a library with thread-local variables is loaded through a tiny shared object made here,
//! in memory: it needs the library (`DT_NEEDED`) and has one `TPOFF` relocation against one of
//! the library's thread-locals. If glibc cannot give the library static TLS (the surplus is
//! full), the helper fails to load and the library is loaded as usual; initial-exec access to
//! its thread-locals is then a clear link error.

use std::ffi::CString;
use std::path::Path;

/// A thread-local symbol the library at `path` defines, if any.
fn a_thread_local(path: &Path) -> Option<Vec<u8>> {
    use object::read::elf::{ElfFile64, Sym};
    use object::Endianness;
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: a read-only private mapping of a library file; we only parse it.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let elf = ElfFile64::<Endianness>::parse(&*map).ok()?;
    let endian = elf.endian();
    let symbols = elf
        .elf_section_table()
        .symbols(endian, &*map, object::elf::SHT_DYNSYM)
        .ok()?;
    symbols.iter().find_map(|s| {
        let defined = s.st_shndx(endian) != object::elf::SHN_UNDEF;
        (defined && s.st_type() == object::elf::STT_TLS && s.st_bind() != object::elf::STB_LOCAL)
            .then(|| symbols.symbol_name(endian, s).ok().map(<[u8]>::to_vec))
            .flatten()
    })
}

/// The helper object: `ET_DYN` with `DT_NEEDED path` and one TPOFF relocation against `sym`.
fn helper_object(path: &[u8], sym: &[u8]) -> Option<Vec<u8>> {
    let (machine, tpoff) = if cfg!(target_arch = "x86_64") {
        (object::elf::EM_X86_64, object::elf::R_X86_64_TPOFF64)
    } else if cfg!(target_arch = "aarch64") {
        (object::elf::EM_AARCH64, object::elf::R_AARCH64_TLS_TPREL)
    } else {
        return None;
    };
    const EHDR: usize = 64;
    const PHDR: usize = 56;
    let phnum = 3;
    // .dynstr, .dynsym, .rela.dyn, the relocated word, .dynamic; file offset = address.
    let mut dynstr = vec![0u8];
    let needed = dynstr.len();
    dynstr.extend_from_slice(path);
    dynstr.push(0);
    let name = dynstr.len();
    dynstr.extend_from_slice(sym);
    dynstr.push(0);
    let strtab = EHDR + PHDR * phnum;
    let symtab = (strtab + dynstr.len() + 7) & !7;
    let rela = symtab + 2 * 24;
    let word = rela + 24;
    let dynamic = word + 8;
    let dyn_entries: [(u64, u64); 9] = [
        (object::elf::DT_NEEDED as u64, needed as u64),
        (object::elf::DT_STRTAB as u64, strtab as u64),
        (object::elf::DT_STRSZ as u64, dynstr.len() as u64),
        (object::elf::DT_SYMTAB as u64, symtab as u64),
        (object::elf::DT_SYMENT as u64, 24),
        (object::elf::DT_RELA as u64, rela as u64),
        (object::elf::DT_RELASZ as u64, 24),
        (object::elf::DT_RELAENT as u64, 24),
        (object::elf::DT_NULL as u64, 0),
    ];
    let end = dynamic + dyn_entries.len() * 16;

    let mut out = vec![0u8; end];
    let put = |out: &mut Vec<u8>, at: usize, bytes: &[u8]| {
        out[at..at + bytes.len()].copy_from_slice(bytes)
    };
    // ELF header.
    put(&mut out, 0, &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0]);
    put(&mut out, 16, &object::elf::ET_DYN.to_le_bytes());
    put(&mut out, 18, &machine.to_le_bytes());
    put(&mut out, 20, &1u32.to_le_bytes());
    put(&mut out, 32, &(EHDR as u64).to_le_bytes()); // e_phoff
    put(&mut out, 52, &(EHDR as u16).to_le_bytes()); // e_ehsize
    put(&mut out, 54, &(PHDR as u16).to_le_bytes());
    put(&mut out, 56, &(phnum as u16).to_le_bytes());
    // Program headers: one read-write PT_LOAD with everything, PT_DYNAMIC, and PT_GNU_STACK
    // (without it glibc would make every thread's stack executable).
    let rw = object::elf::PF_R | object::elf::PF_W;
    let phdrs: [(u32, u32, u64, u64, u64); 3] = [
        (object::elf::PT_LOAD, rw, 0, end as u64, 0x10000),
        (
            object::elf::PT_DYNAMIC,
            rw,
            dynamic as u64,
            (end - dynamic) as u64,
            8,
        ),
        (object::elf::PT_GNU_STACK, rw, 0, 0, 16),
    ];
    for (i, (ty, flags, off, size, align)) in phdrs.into_iter().enumerate() {
        let at = EHDR + i * PHDR;
        put(&mut out, at, &ty.to_le_bytes());
        put(&mut out, at + 4, &flags.to_le_bytes());
        for (field, v) in [
            (8, off),
            (16, off),
            (24, off),
            (32, size),
            (40, size),
            (48, align),
        ] {
            put(&mut out, at + field, &v.to_le_bytes());
        }
    }
    put(&mut out, strtab, &dynstr);
    // Symbol 1: the library's thread-local, undefined here.
    let s = symtab + 24;
    put(&mut out, s, &(name as u32).to_le_bytes());
    out[s + 4] = (object::elf::STB_GLOBAL << 4) | object::elf::STT_TLS;
    // The TPOFF relocation of `word` against symbol 1.
    put(&mut out, rela, &(word as u64).to_le_bytes());
    put(
        &mut out,
        rela + 8,
        &((1u64 << 32) | u64::from(tpoff)).to_le_bytes(),
    );
    for (i, (tag, value)) in dyn_entries.into_iter().enumerate() {
        put(&mut out, dynamic + 16 * i, &tag.to_le_bytes());
        put(&mut out, dynamic + 16 * i + 8, &value.to_le_bytes());
    }
    Some(out)
}

/// Loads `path` (globally) through a helper that gives its thread-locals static TLS, if it has
/// any; returns whether that worked. The caller then `dlopen`s `path` itself, as usual.
pub fn preload(path: &Path) -> bool {
    let Some(sym) = a_thread_local(path) else {
        return false;
    };
    let Some(image) = helper_object(path.as_os_str().as_encoded_bytes(), &sym) else {
        return false;
    };
    // SAFETY: memfd_create with a valid name; the descriptor is ours.
    let fd = unsafe { libc::memfd_create(c"rjitlink-static-tls".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return false;
    }
    // SAFETY: writing our buffer to our descriptor.
    let written = unsafe { libc::write(fd, image.as_ptr().cast(), image.len()) };
    let ok = written == image.len() as isize && {
        let Ok(name) = CString::new(format!("/proc/self/fd/{fd}")) else {
            return false;
        };
        // SAFETY: dlopen of the helper we just wrote; it runs no code (no initializers).
        let handle = unsafe { libc::dlopen(name.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL) };
        !handle.is_null()
    };
    // SAFETY: closing our descriptor (ld.so has mapped what it needs).
    unsafe { libc::close(fd) };
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helper_is_a_valid_shared_object() {
        let image = helper_object(b"/lib/libfoo.so", b"foo_tls").expect("helper");
        let elf =
            object::read::elf::ElfFile64::<object::Endianness>::parse(&*image).expect("parses");
        use object::read::elf::ProgramHeader;
        let endian = object::Endianness::Little;
        let types: Vec<u32> = elf
            .elf_program_headers()
            .iter()
            .map(|p| p.p_type(endian))
            .collect();
        assert_eq!(
            types,
            [
                object::elf::PT_LOAD,
                object::elf::PT_DYNAMIC,
                object::elf::PT_GNU_STACK
            ]
        );
    }
}
