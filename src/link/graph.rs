//! The format-neutral link graph: every input file's sections, cut into blocks of bytes, the
//! symbols that name places in those blocks, and the edges (relocations) between them.
//!
//! One graph holds the whole link, so ids are dense indices into its vectors and global symbols
//! are shared: every file that names `printf` points at the same `SymbolId`. Block contents are
//! borrowed from the memory-mapped inputs until fixup copies them into working memory.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::arch::{Arch, EdgeKind, TlsEntry};

pub type FileId = u32;
pub type SectionId = u32;
pub type BlockId = u32;
pub type SymbolId = u32;

/// Memory protection of a section; it decides which segment the section is laid out in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Prot {
    Read,
    ReadWrite,
    ReadExec,
}

impl Prot {
    pub fn as_str(self) -> &'static str {
        match self {
            Prot::Read => "R--",
            Prot::ReadWrite => "RW-",
            Prot::ReadExec => "R-X",
        }
    }
}

/// What a section is for, beyond its protection: decides reporting groups, initializer
/// collection and special layout (eh_frame records must be contiguous).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    Text,
    ReadOnly,
    Data,
    ZeroFill,
    /// `.init_array`/`.ctors` (and fini/dtors): pointers to functions run around the entry point.
    Initializers(InitKind),
    EhFrame,
    Got,
    Stubs,
    /// `.tdata`: the initial image of thread-local variables (see [`super::tls`]).
    TlsData,
    /// `.tbss`: zero-initialised thread-local variables; they take no room in the reservation.
    TlsZeroFill,
    /// Mach-O `__LD,__compact_unwind` records: input to the `__unwind_info` table only, never
    /// laid out (see [`super::compact_unwind`]).
    CompactUnwind,
    /// The link's own Mach-O header, laid out first: the base of `__unwind_info`'s offsets.
    ImageHeader,
    /// `__TEXT,__unwind_info`, made by the link.
    UnwindInfo,
}

impl SectionKind {
    pub fn is_tls(self) -> bool {
        matches!(self, SectionKind::TlsData | SectionKind::TlsZeroFill)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InitKind {
    /// Runs before the entry point.
    Init { priority: u32, reversed: bool },
    /// Runs after the entry point returns.
    Fini { priority: u32, reversed: bool },
}

#[derive(Debug)]
pub struct InputFile {
    /// How the file is named in messages: `a.o`, or `libz.a(deflate.o)` for an archive member.
    pub name: String,
    /// The name `-check` builtins use: the file name alone, or the member name.
    pub basename: String,
    /// Why the file is in the link (command line, or the symbol that pulled an archive member).
    pub reason: String,
}

#[derive(Debug)]
pub struct Section {
    pub name: String,
    pub file: FileId,
    pub prot: Prot,
    pub kind: SectionKind,
    /// Kept even when nothing references it (`SHF_GNU_RETAIN`, Mach-O `no_dead_strip`).
    pub retain: bool,
    /// Layout places the section as if it were this one: set for a section that must be
    /// contiguous with others (every section a `__start_NAME`/`__stop_NAME` pair spans).
    pub sort_as: Option<SectionId>,
    /// The section's index in its input file (ELF section header index, Mach-O section
    /// number less one), or [`NOT_AN_INPUT_SECTION`] for sections the link makes.
    pub input_index: u32,
    pub blocks: Vec<BlockId>,
}

pub const NOT_AN_INPUT_SECTION: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub enum Content<'a> {
    Bytes(Cow<'a, [u8]>),
    Zero(u64),
}

impl Content<'_> {
    pub fn size(&self) -> u64 {
        match self {
            Content::Bytes(b) => b.len() as u64,
            Content::Zero(n) => *n,
        }
    }
}

#[derive(Debug)]
pub struct Block<'a> {
    pub section: SectionId,
    pub content: Content<'a>,
    /// Alignment in bytes (a power of two).
    pub align: u64,
    pub edges: Vec<Edge>,
    /// Offset of the block in its input section (for messages).
    pub input_offset: u64,
    /// Offset from the start of the reservation, set by layout.
    pub offset: u64,
    pub live: bool,
}

impl Block<'_> {
    pub fn size(&self) -> u64 {
        self.content.size()
    }
}

/// A relocation: patch `kind`'s field at `offset` in the owning block with a value computed from
/// the target symbol's address and the addend.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    /// Offset of the field in the block. 32 bits keep an edge at 24 bytes (a large link has
    /// millions); the ELF reader refuses relocations 4 GiB or more into a block (Mach-O
    /// relocation addresses are 32 bits).
    pub offset: u32,
    pub kind: EdgeKind,
    pub target: SymbolId,
    pub addend: i64,
    /// The raw relocation type it came from (for messages); 0 for edges the linker made.
    /// Mach-O types carry [`MACHO_RELOC`] (their numbering starts at 0).
    pub reloc: u32,
}

/// Marks a Mach-O relocation type in [`Edge::reloc`].
pub const MACHO_RELOC: u32 = 1 << 31;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Def {
    /// Defined at an offset in a block of the link.
    Block { block: BlockId, offset: u64 },
    /// Defined with a fixed address inside the link (`SHN_ABS`, `-abs`).
    Absolute(u64),
    /// Resolved outside the link: the process, a loaded library, `-phony-externals`.
    External(u64),
    /// A common symbol not yet given storage (an alignment of 32 bits keeps a `Def` at 16
    /// bytes; readers refuse larger ones).
    Common { size: u64, align: u32 },
    /// Not (yet) defined.
    Undefined,
    /// Defined in a section that is not loaded (debug info, a discarded COMDAT group).
    Discarded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Linkage {
    Weak,
    Strong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Visible to every file in the link and to lookups (entry point, checks).
    Default,
    /// Shared between the files of the link, like `Default`; kept separate for reports.
    Hidden,
    /// Private to its file.
    Local,
}

#[derive(Debug, Clone)]
pub struct Symbol<'a> {
    /// The name as the reader found it: the name itself, or (for a name read lazily: most
    /// locals are never named in a message, a check or a dump) the input's string table from
    /// the name on, the name ending at the first NUL. Read it with [`Symbol::name`].
    pub raw_name: &'a [u8],
    /// The defining file, or for an undefined symbol the first file that referenced it.
    pub file: FileId,
    pub def: Def,
    pub size: u64,
    pub linkage: Linkage,
    pub scope: Scope,
    /// Every reference so far is weak: an unresolved weak reference becomes 0.
    pub weak_ref: bool,
    /// A thread-local variable (`STT_TLS`): outside the link it is looked up for its offset
    /// from the thread pointer, not its address.
    pub tls: bool,
    pub live: bool,
}

impl<'a> Symbol<'a> {
    /// A nameless local symbol of `file` defined as `def` (a place, or an absolute value).
    pub fn anonymous(def: Def, file: FileId) -> Self {
        Symbol {
            raw_name: &[],
            file,
            def,
            size: 0,
            linkage: Linkage::Strong,
            scope: Scope::Local,
            weak_ref: false,
            tls: false,
            live: false,
        }
    }

    /// Empty for anonymous symbols (section symbols, GOT entries). Bytes, as in the input:
    /// names need not be UTF-8 and are compared as bytes; print them with
    /// [`crate::error::printable`].
    pub fn name(&self) -> &'a [u8] {
        until_nul(self.raw_name)
    }

    pub fn is_defined_in_link(&self) -> bool {
        matches!(self.def, Def::Block { .. })
    }
    /// The name for messages and reports: escaped, or `<anonymous>`.
    pub fn display_name(&self) -> Cow<'_, str> {
        if self.name().is_empty() {
            Cow::Borrowed("<anonymous>")
        } else {
            crate::error::printable(self.name())
        }
    }
}

/// `raw` up to its first NUL (all of it when there is none): a name read lazily, see
/// [`Symbol::raw_name`].
pub fn until_nul(raw: &[u8]) -> &[u8] {
    match raw.iter().position(|&b| b == 0) {
        Some(end) => &raw[..end],
        None => raw,
    }
}

/// The hash the global table files a name under.
pub fn name_hash(name: &[u8]) -> u64 {
    FxBuildHasher.hash_one(name)
}

/// The graph for one link.
pub struct LinkGraph<'a> {
    pub arch: &'static dyn Arch,
    pub files: Vec<InputFile>,
    /// Each file's bytes, as read (empty for files the link makes): for readers of what the
    /// link does not load, such as line tables for profilers.
    pub file_data: Vec<&'a [u8]>,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block<'a>>,
    pub symbols: Vec<Symbol<'a>>,
    /// Global (default and hidden scope) names to their one shared symbol: each entry is the
    /// [`name_hash`] of the name and the symbol, whose `name` is the key.
    pub globals: HashTable<(u64, SymbolId)>,
    /// The synthetic GOT and stub sections, once made.
    pub got_section: Option<SectionId>,
    pub stubs_section: Option<SectionId>,
    /// Target symbol to the symbol of its GOT entry / stub.
    pub got_entries: HashMap<SymbolId, SymbolId, FxBuildHasher>,
    pub stubs: HashMap<SymbolId, SymbolId, FxBuildHasher>,
    /// Thread-local GOT entries (TPOFF words, `tls_index` pairs, descriptors) by target and kind.
    pub tls_entries: HashMap<(SymbolId, TlsEntry), SymbolId, FxBuildHasher>,
    /// The link's TLS image, once laid out, and where it was placed.
    pub tls: Option<super::tls::TlsImage>,
    /// The TLS image is not in static TLS: each thread's copy is found at run time by the TLS
    /// runtime linked into the image (see [`super::tls::add_dynamic_runtime`]).
    pub tls_dynamic: bool,
    /// Some global is a thread-local variable (`STT_TLS`), maybe one outside the link.
    pub tls_symbols: bool,
    /// `_TLS_MODULE_BASE_`, when the link defines it (its DTPOFF is 0).
    pub tls_module_base: Option<SymbolId>,
    /// Signatures of the COMDAT groups already taken; later groups with one of these are dropped.
    pub comdats: HashSet<&'a [u8], FxBuildHasher>,
    /// Target address of offset 0 of the reservation, set once memory is reserved.
    pub base: u64,
}

impl<'a> LinkGraph<'a> {
    pub fn new(arch: &'static dyn Arch) -> Self {
        LinkGraph {
            arch,
            files: Vec::new(),
            file_data: Vec::new(),
            sections: Vec::new(),
            blocks: Vec::new(),
            symbols: Vec::new(),
            globals: HashTable::new(),
            comdats: HashSet::default(),
            got_section: None,
            stubs_section: None,
            got_entries: HashMap::default(),
            stubs: HashMap::default(),
            tls_entries: HashMap::default(),
            tls: None,
            tls_dynamic: false,
            tls_symbols: false,
            tls_module_base: None,
            base: 0,
        }
    }

    pub fn add_file(&mut self, name: String, basename: String, reason: String) -> FileId {
        self.files.push(InputFile {
            name,
            basename,
            reason,
        });
        self.file_data.push(&[]);
        (self.files.len() - 1) as FileId
    }

    pub fn add_section(
        &mut self,
        file: FileId,
        name: String,
        prot: Prot,
        kind: SectionKind,
    ) -> SectionId {
        self.sections.push(Section {
            name,
            file,
            prot,
            kind,
            retain: false,
            sort_as: None,
            input_index: NOT_AN_INPUT_SECTION,
            blocks: Vec::new(),
        });
        (self.sections.len() - 1) as SectionId
    }

    pub fn add_block(&mut self, section: SectionId, content: Content<'a>, align: u64) -> BlockId {
        let id = self.blocks.len() as BlockId;
        self.blocks.push(Block {
            section,
            content,
            align: align.max(1),
            edges: Vec::new(),
            input_offset: 0,
            offset: 0,
            live: false,
        });
        self.sections[section as usize].blocks.push(id);
        id
    }

    /// Adds a symbol that is not entered in the global table (locals, anonymous symbols).
    pub fn add_symbol(&mut self, sym: Symbol<'a>) -> SymbolId {
        self.symbols.push(sym);
        (self.symbols.len() - 1) as SymbolId
    }

    /// An anonymous local symbol at `offset` in `block`, for edges that target a place rather than a name.
    pub fn add_anonymous(&mut self, block: BlockId, offset: u64, file: FileId) -> SymbolId {
        self.add_symbol(Symbol::anonymous(Def::Block { block, offset }, file))
    }

    /// The shared symbol for a global name, created undefined on first mention.
    pub fn global(&mut self, name: &'a [u8], file: FileId) -> SymbolId {
        let hash = name_hash(name);
        self.global_hashed(name, hash, file)
    }

    /// [`Self::global`] for a name whose [`name_hash`] is already known (readers hash names
    /// where they read them, off the thread that fills the table).
    pub fn global_hashed(&mut self, name: &'a [u8], hash: u64, file: FileId) -> SymbolId {
        let id = self.symbols.len() as SymbolId;
        let symbols = &self.symbols;
        let entry = self.globals.entry(
            hash,
            |&(h, s)| h == hash && symbols[s as usize].raw_name == name,
            |&(h, _)| h,
        );
        match entry {
            Entry::Occupied(e) => return e.get().1,
            Entry::Vacant(v) => {
                v.insert((hash, id));
            }
        }
        self.add_symbol(Symbol {
            raw_name: name,
            file,
            def: Def::Undefined,
            size: 0,
            linkage: Linkage::Strong,
            scope: Scope::Default,
            weak_ref: true,
            tls: false,
            live: false,
        })
    }

    /// Room for `additional` more global names.
    pub fn reserve_globals(&mut self, additional: usize) {
        self.globals.reserve(additional, |&(h, _)| h);
    }

    pub fn lookup(&self, name: impl AsRef<[u8]>) -> Option<SymbolId> {
        let name = name.as_ref();
        let hash = name_hash(name);
        self.globals
            .find(hash, |&(h, s)| {
                h == hash && self.symbols[s as usize].raw_name == name
            })
            .map(|&(_, s)| s)
    }

    pub fn sym(&self, id: SymbolId) -> &Symbol<'a> {
        &self.symbols[id as usize]
    }

    pub fn block_addr(&self, id: BlockId) -> u64 {
        self.base.wrapping_add(self.blocks[id as usize].offset)
    }

    /// Target address of a symbol; `None` while it has no address (undefined, common, discarded).
    pub fn sym_addr(&self, id: SymbolId) -> Option<u64> {
        match self.symbols[id as usize].def {
            Def::Block { block, offset } => Some(self.block_addr(block).wrapping_add(offset)),
            Def::Absolute(a) | Def::External(a) => Some(a),
            Def::Common { .. } | Def::Undefined | Def::Discarded => None,
        }
    }

    pub fn section_of(&self, block: BlockId) -> &Section {
        &self.sections[self.blocks[block as usize].section as usize]
    }

    pub fn file_of_block(&self, block: BlockId) -> &InputFile {
        &self.files[self.section_of(block).file as usize]
    }
}
