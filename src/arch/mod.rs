//! Instruction-set knowledge: one file per architecture, each implementing [`Arch`].
//!
//! An architecture owns its edge kinds (each documented with its fixup formula in psABI names:
//! S = target address, A = addend, P = address of the fixup, Z = target size, GOT = GOT base,
//! G = GOT entry of the target), the mapping from raw relocation types to those kinds, the
//! range checks, and the contents of GOT entries and stubs. Kinds below
//! [`FIRST_ARCH_KIND`] are generic: the same formula on every little-endian 64-bit target, so
//! format-neutral passes (GOT building, eh_frame splitting) can make edges without knowing the
//! architecture.

pub mod aarch64;
pub mod x86_64;

use std::fmt;

/// An edge kind: generic (below [`FIRST_ARCH_KIND`]) or defined by an architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeKind(pub u8);

/// Keeps its target alive; patches nothing (e.g. function -> its FDE).
pub const KEEP_ALIVE: EdgeKind = EdgeKind(0);
/// `S + A`, 64 bits.
pub const POINTER64: EdgeKind = EdgeKind(1);
/// `S + A`, must fit an unsigned 32-bit field.
pub const POINTER32: EdgeKind = EdgeKind(2);
/// `S + A - P`, 64 bits.
pub const DELTA64: EdgeKind = EdgeKind(3);
/// `S + A - P`, must fit a signed 32-bit field.
pub const DELTA32: EdgeKind = EdgeKind(4);
/// `P - S + A`, must fit a signed 32-bit field (eh_frame CIE pointers, Mach-O subtractors).
pub const NEG_DELTA32: EdgeKind = EdgeKind(5);
/// `P - S + A`, 64 bits.
pub const NEG_DELTA64: EdgeKind = EdgeKind(6);
/// Thread-local storage, the same on every target (see [`crate::link::tls`]). TPOFF(S) is the
/// target's offset from the thread pointer; DTPOFF(S) its offset in the link's TLS image.
///
/// `TPOFF(S) + A`, 64 bits (`R_X86_64_TPOFF64`; initial-exec GOT entries and descriptor
/// arguments).
pub const TLS_TPOFF64: EdgeKind = EdgeKind(7);
/// `TPOFF(S) + A`, must fit a signed 32-bit field (`R_X86_64_TPOFF32`, local-exec).
pub const TLS_TPOFF32: EdgeKind = EdgeKind(8);
/// `DTPOFF(S) + A`, 64 bits (`R_X86_64_DTPOFF64`; the second word of a `tls_index`).
pub const TLS_DTPOFF64: EdgeKind = EdgeKind(9);
/// `DTPOFF(S) + A`, must fit a signed 32-bit field (`R_X86_64_DTPOFF32`, local-dynamic).
pub const TLS_DTPOFF32: EdgeKind = EdgeKind(10);
/// The module word of a `tls_index` (`R_X86_64_DTPMOD64`): rjitlink's `__tls_get_addr` reads it
/// as the offset of the target's TLS image from the thread pointer, `TPOFF(image)`.
pub const TLS_DTPMOD64: EdgeKind = EdgeKind(11);
pub const FIRST_ARCH_KIND: u8 = 16;

const GENERIC_NAMES: [&str; 12] = [
    "KeepAlive",
    "Pointer64",
    "Pointer32",
    "Delta64",
    "Delta32",
    "NegDelta32",
    "NegDelta64",
    "TLSTPOff64",
    "TLSTPOff32",
    "TLSDTPOff64",
    "TLSDTPOff32",
    "TLSDTPMod64",
];

/// TLS values of an edge's target, for the TLS kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlsValues {
    /// TPOFF(S): the target's offset from the thread pointer.
    pub tpoff: i64,
    /// DTPOFF(S): the target's offset in its TLS image.
    pub dtpoff: u64,
    /// TPOFF of the target's TLS image (the module word of a `tls_index`): the link's image, or
    /// for a thread-local outside the link the variable itself (so `dtpoff` is 0).
    pub module: i64,
    /// The image is in static TLS, so `tpoff` and `module` hold (else each thread's copy is
    /// found at run time, and only DTPOFF means anything).
    pub static_tls: bool,
}

/// The inputs of a fixup formula.
#[derive(Debug, Clone, Copy)]
pub struct FixupValues {
    /// S: target address (the stub or GOT entry once those passes have retargeted the edge).
    pub s: u64,
    /// A: addend.
    pub a: i64,
    /// P: target address of the patched field.
    pub p: u64,
    /// Z: size of the target symbol.
    pub z: u64,
    /// GOT: address of the GOT base (`_GLOBAL_OFFSET_TABLE_`).
    pub got: u64,
    /// The target's stub, if it has one: branches that cannot reach S go through it (a
    /// range-extension veneer); branches that can reach S bypass it. For a relaxed GOT load of
    /// a target outside the link ([`GotRequest::GotFallback`]): the target's GOT entry.
    pub stub: Option<u64>,
    /// For a thread-local target: its offsets from the thread pointer and in the TLS image.
    pub tls: Option<TlsValues>,
}

impl FixupValues {
    /// The TLS values, for a TLS kind (an error if the target is not thread-local).
    pub fn tls(&self) -> Result<TlsValues, FixupError> {
        self.tls.ok_or(FixupError::NotThreadLocal)
    }
    /// TPOFF(S), for the kinds that need the target at a fixed offset from the thread pointer
    /// (local-exec, initial-exec): an error when the image is not in static TLS.
    pub fn tpoff(&self) -> Result<i64, FixupError> {
        let t = self.tls()?;
        if !t.static_tls {
            return Err(FixupError::NeedsStaticTls);
        }
        Ok(t.tpoff)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixupError {
    /// The computed value does not fit the field: `value` outside `[min, max]`.
    OutOfRange { value: i128, min: i128, max: i128 },
    /// The value has low bits set that the field cannot encode.
    Misaligned { value: i128, align: u64 },
    /// The bytes at the fixup are not the instruction this relocation applies to.
    BadInstruction(String),
    /// The field extends past the end of its block.
    OutOfBounds,
    /// A kind the GOT/stub pass should have rewritten, or that this architecture lacks.
    Internal(&'static str),
    /// A thread-local relocation against a symbol that is not thread-local.
    NotThreadLocal,
    /// Local-exec or initial-exec code, but the executor has no static TLS for JIT'd code.
    NeedsStaticTls,
}

impl fmt::Display for FixupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixupError::OutOfRange { value, min, max } => write!(
                f,
                "value {} out of range [{}, {})",
                signed_hex(*value),
                human_bound(*min),
                human_bound(*max + 1)
            ),
            FixupError::Misaligned { value, align } => {
                write!(
                    f,
                    "value {} is not a multiple of {align}",
                    signed_hex(*value)
                )
            }
            FixupError::BadInstruction(what) => f.write_str(what),
            FixupError::OutOfBounds => f.write_str("fixup extends past the end of its section"),
            FixupError::Internal(what) => write!(f, "internal error: {what}"),
            FixupError::NeedsStaticTls => f.write_str(
                "local-exec and initial-exec access need the variable at a fixed offset from the \
                 thread pointer (static TLS), which this link does not have (the executor offers \
                 none for JIT'd code, or -no-static-tls was given); run the program in \
                 rjitlink-executor or in-process, or compile it with -fPIC",
            ),
            FixupError::NotThreadLocal => {
                f.write_str("thread-local relocation against a symbol that is not thread-local")
            }
        }
    }
}

fn signed_hex(v: i128) -> String {
    if v < 0 {
        format!("-{:#x}", v.unsigned_abs())
    } else {
        format!("{v:#x}")
    }
}

/// `2147483648` -> `2GiB`, for range bounds that are powers of two.
fn human_bound(v: i128) -> String {
    let mag = v.unsigned_abs();
    let sign = if v < 0 { "-" } else { "" };
    for (shift, unit) in [
        (60, "EiB"),
        (50, "PiB"),
        (40, "TiB"),
        (30, "GiB"),
        (20, "MiB"),
        (10, "KiB"),
    ] {
        if mag >= 1 << shift && mag.is_multiple_of(1 << shift) {
            return format!("{sign}{}{unit}", mag >> shift);
        }
    }
    format!("{sign}{mag}")
}

/// An architecture's ELF relocation types, as data: each type's name and, when supported, the
/// edge kind it becomes.
pub struct ElfRelocs {
    /// `x86_64`, for messages about unknown types.
    pub arch: &'static str,
    /// `R_X86_64_`, for naming unknown types.
    pub prefix: &'static str,
    pub table: &'static [(u32, &'static str, Option<EdgeKind>)],
    /// Types that need no edge (`R_*_NONE`).
    pub ignored: &'static [u32],
    /// Thread-local storage types, which get their own message when unsupported.
    pub is_tls: fn(u32) -> bool,
    /// `table`'s index + 1 for each type number below [`DENSE_TYPES`] (0: not in the table),
    /// built on first use: one load per relocation instead of a search of the table.
    pub dense: std::sync::OnceLock<Box<[u16]>>,
}

/// Relocation type numbers looked up through [`ElfRelocs::dense`] (AArch64's go up to 1031).
const DENSE_TYPES: usize = 1 << 11;

impl ElfRelocs {
    fn entry(&self, r_type: u32) -> Option<&(u32, &'static str, Option<EdgeKind>)> {
        let dense = self.dense.get_or_init(|| {
            let mut d = vec![0u16; DENSE_TYPES];
            for (i, r) in self.table.iter().enumerate() {
                if let Some(slot) = d.get_mut(r.0 as usize) {
                    *slot = i as u16 + 1;
                }
            }
            d.into_boxed_slice()
        });
        match dense.get(r_type as usize) {
            Some(0) => None,
            Some(&i) => self.table.get(i as usize - 1),
            None => self.table.iter().find(|r| r.0 == r_type),
        }
    }

    pub fn edge(&self, r_type: u32) -> Result<Option<EdgeKind>, String> {
        if self.ignored.contains(&r_type) {
            return Ok(None);
        }
        let entry = self.entry(r_type);
        match entry {
            Some((_, _, Some(kind))) => Ok(Some(*kind)),
            _ if (self.is_tls)(r_type) => Err(format!(
                "unsupported thread-local relocation {}",
                self.name(r_type)
            )),
            Some((_, name, None)) => Err(format!("unsupported relocation {name}")),
            None => Err(format!(
                "unsupported relocation type {r_type} (unknown to {} ELF)",
                self.arch
            )),
        }
    }

    pub fn name(&self, r_type: u32) -> String {
        match self.entry(r_type) {
            Some((_, name, _)) => (*name).to_string(),
            None => format!("{}<{r_type}>", self.prefix),
        }
    }
}

/// What the GOT/stub pass must do for an edge kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GotRequest {
    None,
    /// Point the edge at the target's GOT entry and change its kind to `then`.
    Got {
        then: EdgeKind,
    },
    /// A branch: when the target is not defined in the link, make it a stub to fall back on.
    Stub,
    /// The formula uses the GOT base, so the GOT must exist.
    GotBase,
    /// Both: a stub for targets outside the link (a PLT entry), and the GOT base.
    StubAndGotBase,
    /// A GOT load relaxed to address its target outside the link directly, which keeps the
    /// target's GOT entry to fall back on if the target turns out beyond reach (fixup gets the
    /// entry's address as `FixupValues::stub`).
    GotFallback,
    /// Point the edge at a thread-local GOT entry of the target and change its kind to `then`.
    Tls {
        entry: TlsEntry,
        then: EdgeKind,
    },
}

/// The GOT entries thread-local accesses load (see [`crate::link::tls`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TlsEntry {
    /// Initial-exec: one word, `TPOFF(S)`.
    TpOff,
    /// General-dynamic: a `tls_index` {module, offset} that `__tls_get_addr` takes.
    Index,
    /// Local-dynamic: the `tls_index` of the link's TLS image {module, 0}; one per link.
    ModuleIndex,
    /// A TLS descriptor {resolver, argument}: the resolver returns `TPOFF(S)`.
    Descriptor,
}

/// A relocation type of an object format, mapped to an edge.
#[derive(Debug, Clone, Copy)]
pub struct RelocMapping {
    pub kind: EdgeKind,
}

/// Where an edge of a [`Forwarder`] points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardTo {
    /// The link's `__dso_handle`.
    DsoHandle,
    /// The function the forwarder tail-calls.
    Callee,
}

/// A small function the linker makes: it sets some argument registers and tail-calls another
/// function, keeping the caller's other arguments (e.g. `atexit(f)` as
/// `__cxa_atexit(f, 0, &__dso_handle)`).
pub struct Forwarder {
    pub code: Vec<u8>,
    /// (offset, kind, addend, target)
    pub edges: Vec<(u64, EdgeKind, i64, ForwardTo)>,
}

/// The mode field of a compact unwind encoding (`mach-o/compact_unwind_encoding.h`), the
/// same bits on every architecture.
pub const COMPACT_UNWIND_MODE_MASK: u32 = 0x0f00_0000;

/// What the link must know of an architecture's compact unwind encodings.
#[derive(Debug, Clone, Copy)]
pub struct CompactUnwindModes {
    /// The mode that says "unwind by the FDE" (its low 24 bits then hold the FDE's offset in
    /// `__eh_frame`).
    pub dwarf: u32,
    /// Modes in which neighbouring functions with the same encoding may share one entry of
    /// `__unwind_info` (frame-based and frameless ones; not stack-indirect or DWARF).
    pub mergeable: &'static [u32],
}

/// Everything the format-neutral linker needs to know about an instruction set.
pub trait Arch: Sync {
    /// The architecture component of a triple: `x86_64`, `aarch64`.
    fn name(&self) -> &'static str;
    /// Data (pointers, deltas, GOT entries, eh_frame) is big-endian; instructions are
    /// encoded as each architecture says regardless.
    fn big_endian(&self) -> bool {
        false
    }
    fn elf_machine(&self) -> u16;
    /// Names of the architecture-specific edge kinds, in order from [`FIRST_ARCH_KIND`].
    fn kind_names(&self) -> &'static [&'static str];
    /// The architecture's ELF relocation types.
    fn elf_relocs(&self) -> &'static ElfRelocs;

    /// The name of an architecture-specific edge kind.
    fn kind_name(&self, kind: EdgeKind) -> &'static str {
        self.kind_names()
            .get(kind.0.wrapping_sub(FIRST_ARCH_KIND) as usize)
            .copied()
            .unwrap_or("<unknown edge kind>")
    }
    /// Maps an ELF relocation type to an edge kind; `Ok(None)` for relocations that need no edge.
    /// Unsupported types are an error that names the type.
    fn elf_edge(&self, r_type: u32) -> Result<Option<EdgeKind>, String> {
        self.elf_relocs().edge(r_type)
    }
    /// `R_X86_64_PC32` etc.
    fn elf_reloc_name(&self, r_type: u32) -> String {
        self.elf_relocs().name(r_type)
    }
    fn got_request(&self, kind: EdgeKind) -> GotRequest;
    /// Mach-O `cputype` and `cpusubtype` (the `_ALL` subtype).
    fn macho_cpu(&self) -> (u32, u32);
    /// Facts of the architecture's compact unwind encodings.
    fn compact_unwind(&self) -> CompactUnwindModes;
    /// When a GOT load can be rewritten to address a target defined in the link directly, the new
    /// kind (whose fixup also rewrites the instruction).
    /// The kind of a GOT load relaxed to `relaxed` (a kind [`Arch::relax_got_load`] gave) whose
    /// target is outside the link at a known address: it addresses the target directly when
    /// fixup finds it in reach, and loads through the GOT entry otherwise.
    fn relax_with_fallback(&self, relaxed: EdgeKind) -> Option<EdgeKind> {
        let _ = relaxed;
        None
    }
    fn relax_got_load(
        &self,
        kind: EdgeKind,
        content: &[u8],
        offset: u64,
        addend: i64,
    ) -> Option<EdgeKind>;
    /// A GOT entry: its bytes and the kind of the edge at offset 0 to the target.
    fn got_entry(&self) -> (&'static [u8], EdgeKind);
    /// A stub that jumps through a GOT entry: its bytes and its edges (offset, kind, addend) to the entry.
    fn stub(&self) -> (&'static [u8], &'static [(u64, EdgeKind, i64)]);
    fn stub_align(&self) -> u64;
    /// How far (in bytes, either way) the architecture's stub-capable branches reach.
    fn branch_reach(&self) -> u64;
    /// Kinds that hold an absolute address in 32 bits, so a link using them must be placed
    /// below 2 GiB.
    fn needs_low_address(&self, kind: EdgeKind) -> bool {
        kind == POINTER32
    }
    /// A forwarder that zeroes the integer argument registers `zero_args` (0 = first
    /// argument), puts the address of `__dso_handle` in argument `dso_arg`, and tail-calls its
    /// callee.
    fn forwarder(&self, zero_args: &[usize], dso_arg: usize) -> Forwarder;
    /// Rewrites an initial-exec GOT load of `TPOFF(S)` to materialise the constant instead
    /// (for a target in the link): the new kind, whose fixup also rewrites the instruction.
    fn relax_tls_got_load(
        &self,
        _kind: EdgeKind,
        _content: &[u8],
        _offset: u64,
    ) -> Option<EdgeKind> {
        None
    }
    /// rjitlink's `__tls_get_addr(tls_index *ti)`: returns the thread pointer plus both words
    /// of `*ti` (see [`TLS_DTPMOD64`]). Position-independent, no edges.
    fn tls_get_addr(&self) -> &'static [u8];
    /// The resolver of TLS descriptors into static TLS: returns the descriptor's argument
    /// word (`TPOFF(S)`) in the result register and preserves every other register.
    fn tlsdesc_resolver(&self) -> &'static [u8];
    /// TPOFF of a TLS image of `size` bytes aligned to `align` placed as a static linker
    /// places an executable's (x86-64: just below the thread pointer; AArch64: after the
    /// 16-byte TCB), for `-noexec` layouts.
    fn static_tls_offset(&self, size: u64, align: u64) -> i64;
    /// The lazy reentry trampoline (see `session::lazy`), entered by a jump from a function's
    /// reentry entry with the function's id in a scratch register and the caller's arguments
    /// untouched. It saves every argument register (vector registers and the x86-64 `%al`
    /// count included), calls `dispatch(ctx, tag, &id, 8)` with the ORC `dispatch_fn` ABI, and
    /// restores them and jumps to the address the 8-byte result holds; any other result traps.
    /// Position-independent and without edges: `ctx`, `tag` and `dispatch` are the three
    /// 8-byte words that follow the code, at its length rounded up to 8.
    fn reentry_trampoline(&self) -> &'static [u8];
    /// A reentry entry: loads `id` into the trampoline's id register and branches `to_common`
    /// bytes (from the entry's start) to the trampoline. Always [`Arch::reentry_entry_size`]
    /// bytes.
    fn reentry_entry(&self, id: u32, to_common: i64) -> Vec<u8>;
    fn reentry_entry_size(&self) -> u64;
    /// Applies an architecture-specific kind to `buf` (the block's working memory) at `off`.
    fn apply(
        &self,
        kind: EdgeKind,
        buf: &mut [u8],
        off: usize,
        v: &FixupValues,
    ) -> Result<(), FixupError>;
}

/// Lazy linking's reentry code in one block: the trampoline with its three words (`ctx`,
/// `tag`, `dispatch`), then an entry for each of `ids`. Returns the bytes and the offset of the
/// first entry (each next one is [`Arch::reentry_entry_size`] bytes further on).
pub fn reentry_block(
    arch: &dyn Arch,
    ctx: u64,
    tag: u64,
    dispatch: u64,
    ids: &[u32],
) -> (Vec<u8>, u64) {
    let mut code = arch.reentry_trampoline().to_vec();
    code.resize(code.len().next_multiple_of(8), 0);
    for word in [ctx, tag, dispatch] {
        code.extend_from_slice(&word.to_le_bytes());
    }
    let first = code.len() as u64;
    for &id in ids {
        let at = code.len() as i64;
        code.extend(arch.reentry_entry(id, -at));
    }
    (code, first)
}

pub fn kind_name(arch: &dyn Arch, kind: EdgeKind) -> &'static str {
    match GENERIC_NAMES.get(kind.0 as usize) {
        Some(name) => name,
        None => arch.kind_name(kind),
    }
}

/// How far a fixup reaches around its field's offset: every kind of every architecture reads
/// and writes only the bytes from `offset - FIXUP_REACH.0` to `offset + FIXUP_REACH.1`
/// (x86_64's relaxations look at the three opcode bytes before the field; 8 bytes is the
/// widest field). Fixup relies on it to cut a large block between edges that cannot touch the
/// same byte; `tests::every_kind_stays_within_its_reach` checks it for every kind.
pub const FIXUP_REACH: (usize, usize) = (3, 8);

/// Applies any kind: the generic ones here, the rest by the architecture.
pub fn apply(
    arch: &dyn Arch,
    kind: EdgeKind,
    buf: &mut [u8],
    off: usize,
    v: &FixupValues,
) -> Result<(), FixupError> {
    let s_a = v.s.wrapping_add(v.a as u64);
    // The generic kinds are data: in the target's byte order.
    let write_le = if arch.big_endian() {
        write_be
    } else {
        write_le
    };
    match kind {
        KEEP_ALIVE => Ok(()),
        POINTER64 => write_le(buf, off, s_a, 8),
        POINTER32 => write_le(buf, off, check_unsigned(s_a, 32)?, 4),
        DELTA64 => write_le(buf, off, s_a.wrapping_sub(v.p), 8),
        DELTA32 => write_le(buf, off, check_signed(s_a.wrapping_sub(v.p) as i64, 32)?, 4),
        NEG_DELTA32 => {
            let value = v.p.wrapping_sub(v.s).wrapping_add(v.a as u64) as i64;
            write_le(buf, off, check_signed(value, 32)?, 4)
        }
        NEG_DELTA64 => write_le(buf, off, v.p.wrapping_sub(v.s).wrapping_add(v.a as u64), 8),
        TLS_TPOFF64 => write_le(buf, off, v.tpoff()?.wrapping_add(v.a) as u64, 8),
        TLS_TPOFF32 => write_le(buf, off, check_signed(v.tpoff()?.wrapping_add(v.a), 32)?, 4),
        TLS_DTPOFF64 => write_le(buf, off, v.tls()?.dtpoff.wrapping_add(v.a as u64), 8),
        TLS_DTPOFF32 => {
            let value = v.tls()?.dtpoff.wrapping_add(v.a as u64) as i64;
            write_le(buf, off, check_signed(value, 32)?, 4)
        }
        TLS_DTPMOD64 => write_le(buf, off, v.tls()?.module as u64, 8),
        _ if kind.0 < FIRST_ARCH_KIND => Err(FixupError::Internal("unknown generic edge kind")),
        _ => arch.apply(kind, buf, off, v),
    }
}

/// Checks that `value` fits a signed field of `bits` bits; returns it as raw bits.
pub fn check_signed(value: i64, bits: u32) -> Result<u64, FixupError> {
    let min = -(1i128 << (bits - 1));
    let max = (1i128 << (bits - 1)) - 1;
    if (value as i128) < min || (value as i128) > max {
        return Err(FixupError::OutOfRange {
            value: value as i128,
            min,
            max,
        });
    }
    Ok(value as u64)
}

/// Checks that `value` fits an unsigned field of `bits` bits.
pub fn check_unsigned(value: u64, bits: u32) -> Result<u64, FixupError> {
    if bits < 64 && value >> bits != 0 {
        return Err(FixupError::OutOfRange {
            value: value as i128,
            min: 0,
            max: (1i128 << bits) - 1,
        });
    }
    Ok(value)
}

/// Checks that `value` fits a field of `bits` bits read as either signed or unsigned (the
/// psABI's rule for 8- and 16-bit data relocations).
pub fn check_signed_or_unsigned(value: u64, bits: u32) -> Result<u64, FixupError> {
    let as_signed = value as i64;
    if check_unsigned(value, bits).is_ok() || check_signed(as_signed, bits).is_ok() {
        return Ok(value);
    }
    Err(FixupError::OutOfRange {
        value: as_signed as i128,
        min: -(1i128 << (bits - 1)),
        max: (1i128 << bits) - 1,
    })
}

/// Writes the low `n` bytes of `value` big-endian at `off`, bounds-checked.
pub fn write_be(buf: &mut [u8], off: usize, value: u64, n: usize) -> Result<(), FixupError> {
    let field = off
        .checked_add(n)
        .and_then(|end| buf.get_mut(off..end))
        .ok_or(FixupError::OutOfBounds)?;
    field.copy_from_slice(&value.to_be_bytes()[8 - n..]);
    Ok(())
}

/// Writes the low `n` bytes of `value` little-endian at `off`, bounds-checked.
pub fn write_le(buf: &mut [u8], off: usize, value: u64, n: usize) -> Result<(), FixupError> {
    let field = off
        .checked_add(n)
        .and_then(|end| buf.get_mut(off..end))
        .ok_or(FixupError::OutOfBounds)?;
    field.copy_from_slice(&value.to_le_bytes()[..n]);
    Ok(())
}

pub fn read_le(buf: &[u8], off: usize, n: usize) -> Result<u64, FixupError> {
    let field = off
        .checked_add(n)
        .and_then(|end| buf.get(off..end))
        .ok_or(FixupError::OutOfBounds)?;
    let mut bytes = [0u8; 8];
    bytes[..n].copy_from_slice(field);
    Ok(u64::from_le_bytes(bytes))
}

/// Reads `n` bytes at `off` as an unsigned number, big-endian, bounds-checked.
pub fn read_be(buf: &[u8], off: usize, n: usize) -> Result<u64, FixupError> {
    let field = off
        .checked_add(n)
        .and_then(|end| buf.get(off..end))
        .ok_or(FixupError::OutOfBounds)?;
    Ok(field.iter().fold(0, |v, &b| v << 8 | u64::from(b)))
}

/// [`read_le`] or [`read_be`]: a data field of a target whose data is `big_endian` or not.
pub fn read_data(buf: &[u8], off: usize, n: usize, big_endian: bool) -> Result<u64, FixupError> {
    if big_endian {
        read_be(buf, off, n)
    } else {
        read_le(buf, off, n)
    }
}

/// Every architecture, for lookups by format-specific identifiers.
pub const ALL: [&'static dyn Arch; 2] = [&x86_64::X86_64, &aarch64::AARCH64];

/// Picks S when a branch can reach it, else the target's stub; `reach` is the signed field
/// width in bytes of displacement (e.g. 32 bits, or 28 for a B/BL's ±128 MiB).
pub fn branch_target(v: &FixupValues, bits: u32) -> u64 {
    let direct = v.s.wrapping_add(v.a as u64).wrapping_sub(v.p) as i64;
    match v.stub {
        Some(stub) if check_signed(direct, bits).is_err() => stub,
        _ => v.s,
    }
}

/// The architecture for an ELF `e_machine`.
pub fn for_elf_machine(machine: u16) -> Option<&'static dyn Arch> {
    for_elf(machine, false)
}

/// The architecture of an ELF machine in one byte order.
pub fn for_elf(machine: u16, big_endian: bool) -> Option<&'static dyn Arch> {
    match big_endian {
        false => ALL.into_iter().find(|a| a.elf_machine() == machine),
        true => [&aarch64::AARCH64_BE as &dyn Arch]
            .into_iter()
            .find(|a| a.elf_machine() == machine),
    }
}

/// The architecture for the first component of a target triple (`x86_64-unknown-linux-gnu`).
pub fn for_triple(triple: &str) -> Option<&'static dyn Arch> {
    let arch = triple.split('-').next().unwrap_or("");
    match arch {
        "x86_64" | "amd64" | "x86_64h" => Some(&x86_64::X86_64),
        "aarch64" | "arm64" => Some(&aarch64::AARCH64),
        "aarch64_be" => Some(&aarch64::AARCH64_BE),
        _ => None,
    }
}

#[cfg(test)]
mod range_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
    }

    /// Every kind (all 256 values, known or not) of every architecture gives the same result
    /// and the same bytes on a buffer that holds only its reach around the field as on a large
    /// one, and leaves the large one's bytes beyond its reach unchanged. The bytes before the
    /// field are sometimes the instructions x86_64's relaxations expect, so those paths run.
    #[test]
    fn every_kind_stays_within_its_reach() {
        const OPCODES: [&[u8]; 6] = [
            &[0x48, 0x8b, 0x05],
            &[0x4c, 0x03, 0x05],
            &[0x00, 0xff, 0x15],
            &[0x00, 0xff, 0x25],
            &[0x00, 0x00, 0x8b],
            &[0x48, 0x8d, 0x05],
        ];
        let (before, after) = FIXUP_REACH;
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let off = 40;
        for arch in ALL {
            for kind in 0..=255u8 {
                for round in 0..64 {
                    let mut big = [0u8; 96];
                    for b in big.iter_mut() {
                        *b = rng.next() as u8;
                    }
                    if round % 2 == 0 {
                        let op = OPCODES[(rng.next() % OPCODES.len() as u64) as usize];
                        big[off - 3..off].copy_from_slice(op);
                    }
                    let near = |r: &mut Rng| {
                        let base = 0x7f00_0000_0000u64;
                        match r.next() % 3 {
                            0 => base + (r.next() % 0x1000),
                            1 => base
                                .wrapping_add(r.next() % (1 << 33))
                                .wrapping_sub(1 << 32),
                            _ => r.next(),
                        }
                    };
                    let v = FixupValues {
                        s: near(&mut rng),
                        a: (rng.next() % 64) as i64 - 32,
                        p: 0x7f00_0000_0000 + off as u64,
                        z: rng.next() % 256,
                        got: near(&mut rng),
                        stub: rng.next().is_multiple_of(2).then(|| near(&mut rng)),
                        tls: rng.next().is_multiple_of(2).then(|| TlsValues {
                            tpoff: (rng.next() % 4096) as i64 - 4096,
                            dtpoff: rng.next() % 4096,
                            module: 1,
                            static_tls: rng.next().is_multiple_of(2),
                        }),
                    };
                    let mut small = big[off - before..off + after].to_vec();
                    let whole = big;
                    let r_big = apply(arch, EdgeKind(kind), &mut big, off, &v);
                    let r_small = apply(arch, EdgeKind(kind), &mut small, before, &v);
                    let what = format!("{} kind {kind} round {round}", arch.name());
                    assert_eq!(r_big, r_small, "{what}");
                    assert_eq!(&big[off - before..off + after], &small[..], "{what}");
                    assert_eq!(&big[..off - before], &whole[..off - before], "{what}");
                    assert_eq!(&big[off + after..], &whole[off + after..], "{what}");
                }
            }
        }
    }
}
