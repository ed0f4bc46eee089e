//! The ELF reader: turns one relocatable object into sections, blocks, symbols and edges of the
//! link graph. Raw relocation types are mapped to edge kinds by the architecture.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use object::elf;
use object::read::elf::{FileHeader, Rela, SectionHeader, Sym};
use object::{BigEndian, Endian, LittleEndian};

use super::eh_frame;
use super::fragment::{self, Fragment, Global, GLOBAL};
use super::graph::{
    name_hash, Block, BlockId, Content, Def, Edge, FileId, InitKind, LinkGraph, Linkage, Prot,
    Scope, SectionKind, SymbolId,
};
use super::graph::{until_nul, Symbol};
use super::parallel;
use crate::arch::Arch;
use crate::error::{printable, Error, Result};

type Header<E> = elf::FileHeader64<E>;

const SHF_GNU_RETAIN: u64 = 0x20_0000;
/// A symbol-table entry that is no symbol of the graph (file symbols), as `parallel::append` marks it.
const NO_SYMBOL: SymbolId = parallel::NONE;

/// The architecture of an ELF relocatable object, checking that it is one we can link.
pub fn detect_arch(data: &[u8]) -> Result<&'static dyn Arch> {
    let header = Header::<object::Endianness>::parse(data)?;
    if !header.is_class_64() {
        return Err(Error::new("only 64-bit ELF objects are supported"));
    }
    let e = header.endian()?;
    if header.e_type(e) != elf::ET_REL {
        return Err(Error::new("not a relocatable object (ET_REL)"));
    }
    let machine = header.e_machine(e);
    let arch =
        crate::arch::for_elf(machine, e.is_big_endian()).ok_or_else(
            || match crate::arch::for_elf(machine, e.is_little_endian()) {
                Some(other) => Error::new(format!(
                    "big-endian {} objects are not supported",
                    other.name()
                )),
                None => Error::new(format!("unsupported ELF machine {machine}")),
            },
        )?;
    Ok(arch)
}

/// Whether the object's data is big-endian (each reader is instantiated for one byte order,
/// and reads its fields without testing the order).
fn is_big_endian(data: &[u8]) -> Result<bool> {
    Ok(Header::<object::Endianness>::parse(data)?
        .endian()?
        .is_big_endian())
}

/// What one section became in the graph.
#[derive(Clone, Copy)]
enum Placed {
    NotLoaded,
    /// Every byte is in this block.
    Block(BlockId),
    /// Split into several blocks (eh_frame); `first` is the first of a consecutive run.
    Split {
        first: BlockId,
        count: u32,
    },
}

/// Reads `data` as file `file` of the graph, resolving its globals as they come (one object
/// on its own; a batch of command-line objects is parsed in parallel with [`parse`]).
pub fn read<'a>(graph: &mut LinkGraph<'a>, file: FileId, data: &'a [u8]) -> Result<()> {
    let discarded = discarded_sections(graph, data)?;
    if is_big_endian(data)? {
        read_into(graph, &mut Resolve, file, data, &discarded, BigEndian)?;
    } else {
        read_into(graph, &mut Resolve, file, data, &discarded, LittleEndian)?;
    }
    Ok(())
}

/// Reads one object into a fragment of its own (see [`super::fragment`]), leaving out the
/// `discarded` sections. Needs nothing from the rest of the link, so objects are parsed in
/// parallel.
pub fn parse<'a>(
    arch: &'static dyn Arch,
    file: FileId,
    data: &'a [u8],
    discarded: &[bool],
) -> Result<Fragment<'a>> {
    let mut graph = LinkGraph::new(arch);
    let mut globals = Vec::new();
    let listed_locals = if is_big_endian(data)? {
        read_into(&mut graph, &mut globals, file, data, discarded, BigEndian)?
    } else {
        read_into(
            &mut graph,
            &mut globals,
            file,
            data,
            discarded,
            LittleEndian,
        )?
    };
    Ok(Fragment {
        graph,
        listed_locals,
        globals,
    })
}

/// What becomes of the global symbols a reader meets.
trait Globals<'a> {
    /// The symbol id for a global the object mentions.
    fn global(
        &mut self,
        graph: &mut LinkGraph<'a>,
        g: Global<'a>,
        file: FileId,
    ) -> Result<SymbolId>;
    /// What an id handed out by the reader is defined as, as far as the object itself tells.
    fn def_of(&self, symbols: &[Symbol<'a>], id: SymbolId) -> Option<Def>;
}

/// Globals resolved in the graph at once: the reader writes straight into the link's graph.
struct Resolve;

impl<'a> Globals<'a> for Resolve {
    fn global(
        &mut self,
        graph: &mut LinkGraph<'a>,
        g: Global<'a>,
        file: FileId,
    ) -> Result<SymbolId> {
        fragment::offer(graph, &g, file)
    }

    fn def_of(&self, symbols: &[Symbol<'a>], id: SymbolId) -> Option<Def> {
        symbols.get(id as usize).map(|s| s.def)
    }
}

/// Globals listed for [`fragment::join`]: the reader writes a fragment.
impl<'a> Globals<'a> for Vec<Global<'a>> {
    fn global(&mut self, _: &mut LinkGraph<'a>, g: Global<'a>, _: FileId) -> Result<SymbolId> {
        self.push(g);
        Ok(GLOBAL | (self.len() - 1) as SymbolId)
    }

    fn def_of(&self, symbols: &[Symbol<'a>], id: SymbolId) -> Option<Def> {
        Fragment::def_of(symbols, self, id)
    }
}

/// The parts of an object every step reads, checked to be an object the link can take.
struct Object<'a, E: Endian> {
    arch: &'static dyn Arch,
    sections: object::read::elf::SectionTable<'a, Header<E>>,
    symbols: object::read::elf::SymbolTable<'a, Header<E>>,
}

impl<'a, E: Endian> Object<'a, E> {
    fn open(link_arch: &'static dyn Arch, data: &'a [u8], e: E) -> Result<Self> {
        let header = Header::<E>::parse(data)?;
        let arch = detect_arch(data)?;
        if arch.name() != link_arch.name() {
            return Err(Error::new(format!(
                "is for {}, but the link is for {}",
                arch.name(),
                link_arch.name()
            )));
        }
        let sections = header.sections(e, data)?;
        let symbols = sections.symbols(e, data, elf::SHT_SYMTAB)?;
        Ok(Object {
            arch,
            sections,
            symbols,
        })
    }
}

/// Which sections of the object are not loaded because they belong to a COMDAT group that an
/// earlier file of the link already holds; the object's other groups are taken from here on.
/// Files must come here in link order, and before [`parse`].
pub fn discarded_sections<'a>(graph: &mut LinkGraph<'a>, data: &'a [u8]) -> Result<Vec<bool>> {
    if is_big_endian(data)? {
        comdat_discards(graph, data, BigEndian)
    } else {
        comdat_discards(graph, data, LittleEndian)
    }
}

fn comdat_discards<'a, E: Endian>(
    graph: &mut LinkGraph<'a>,
    data: &'a [u8],
    e: E,
) -> Result<Vec<bool>> {
    let Object {
        sections, symbols, ..
    } = Object::open(graph.arch, data, e)?;
    let mut discarded = vec![false; sections.len()];
    for section in sections.iter() {
        if section.sh_type(e) != elf::SHT_GROUP {
            continue;
        }
        let words: &[object::U32Bytes<E>] = section.data_as_array(e, data)?;
        let Some((flags, members)) = words.split_first() else {
            continue;
        };
        if flags.get(e) & elf::GRP_COMDAT == 0 {
            continue;
        }
        let sig_sym = symbols.symbol(object::SymbolIndex(section.sh_info(e) as usize))?;
        let signature = symbols.symbol_name(e, sig_sym)?;
        if !graph.comdats.insert(signature) {
            for m in members {
                if let Some(d) = discarded.get_mut(m.get(e) as usize) {
                    *d = true;
                }
            }
        }
    }
    Ok(discarded)
}

/// Reads `data` as file `file` into `graph`, leaving out the `discarded` sections; `globals`
/// decides what the globals' ids are. Returns how many local symbols the symbol table listed
/// (the reader's first symbols; the anonymous ones it makes come after).
fn read_into<'a, E: Endian + Send + Sync>(
    graph: &mut LinkGraph<'a>,
    globals: &mut impl Globals<'a>,
    file: FileId,
    data: &'a [u8],
    discarded: &[bool],
    e: E,
) -> Result<u32> {
    let Object {
        arch,
        sections,
        symbols,
    } = Object::open(graph.arch, data, e)?;
    let first_block = graph.blocks.len() as BlockId;
    let first_symbol = graph.symbols.len();
    // The string table, where locals' names are left to be read lazily; only when it ends
    // with a NUL, so that every name in it ends.
    let lazy_names: Option<&'a [u8]> = sections
        .section(symbols.string_section())
        .ok()
        .and_then(|s| s.data(e, data).ok())
        .filter(|strings| strings.last() == Some(&0));

    // Sections to blocks.
    let mut placed = vec![Placed::NotLoaded; sections.len()];
    for (index, section) in sections.iter().enumerate() {
        let flags = section.sh_flags(e);
        let sh_type = section.sh_type(e);
        if discarded.get(index).copied().unwrap_or(false)
            || flags & u64::from(elf::SHF_ALLOC) == 0
            || sh_type == elf::SHT_NOTE
            || sh_type == elf::SHT_GROUP
        {
            continue;
        }
        let name = printable(sections.section_name(e, section)?).into_owned();
        let ctx = |e: Error| e.context(format!("section {name}"));
        let (prot, kind) = classify(&name, sh_type, flags);
        let align = section.sh_addralign(e).max(1);
        if !align.is_power_of_two() {
            return Err(ctx(Error::new(format!(
                "alignment {align} is not a power of two"
            ))));
        }
        let bytes: &'a [u8] = if sh_type == elf::SHT_NOBITS {
            &[]
        } else {
            section
                .data(e, data)
                .map_err(|_| ctx(Error::new("section data extends past the end of the file")))?
        };
        let content = if sh_type == elf::SHT_NOBITS {
            Content::Zero(section.sh_size(e))
        } else {
            Content::Bytes(Cow::Borrowed(bytes))
        };
        let sec = graph.add_section(file, name.clone(), prot, kind);
        graph.sections[sec as usize].input_index = index as u32;
        graph.sections[sec as usize].retain = flags & SHF_GNU_RETAIN != 0;
        placed[index] = match (kind, content) {
            (SectionKind::EhFrame, Content::Bytes(_)) => {
                let first = graph.blocks.len() as BlockId;
                let count = eh_frame::split(graph, sec, bytes).map_err(ctx)?;
                Placed::Split { first, count }
            }
            (_, content) => Placed::Block(graph.add_block(sec, content, align)),
        };
    }

    // Symbols.
    let locate = |blocks: &[Block<'a>],
                  placed: &[Placed],
                  shndx: usize,
                  offset: u64|
     -> Option<(BlockId, u64)> {
        match *placed.get(shndx)? {
            Placed::NotLoaded => None,
            Placed::Block(b) => Some((b, offset)),
            Placed::Split { first, count } => {
                // The records are in input order: the last one starting at or before `offset`.
                let records = blocks.get(first as usize..(first + count) as usize)?;
                let n = records.partition_point(|b| b.input_offset <= offset);
                let b = first + n.checked_sub(1)? as BlockId;
                Some((b, offset - blocks[b as usize].input_offset))
            }
        }
    };
    // One entry of the symbol table as the link sees it; `None` for file symbols.
    let read_symbol = |blocks: &[Block<'a>],
                       index: usize,
                       sym: &elf::Sym64<E>|
     -> Result<Option<ElfSymbol<'a>>> {
        let st_type = sym.st_type();
        if st_type == elf::STT_FILE {
            return Ok(None);
        }
        // Section symbols are anonymous here: no need to find their names.
        let name: &'a [u8] = if st_type == elf::STT_SECTION {
            &[]
        } else if let (elf::STB_LOCAL, Some(strings)) = (sym.st_bind(), lazy_names) {
            // A local's name is found only if something prints or looks it up (see
            // `Symbol::raw_name`): most never are, and finding where each ends is a cache
            // miss into the string table.
            strings
                .get(sym.st_name(e) as usize..)
                .ok_or_else(|| Error::new("malformed object: Invalid ELF symbol name offset"))?
        } else {
            symbols.symbol_name(e, sym)?
        };
        let shndx = symbols
            .symbol_section(e, sym, object::SymbolIndex(index))?
            .map(|s| s.0);
        let value = sym.st_value(e);
        let def = if sym.st_shndx(e) == elf::SHN_COMMON {
            // st_value holds a common symbol's alignment.
            let bad = |why: &str| {
                Error::new(format!(
                    "common symbol '{}' has an alignment of {value:#x}, {why}",
                    printable(name)
                ))
            };
            let align = u32::try_from(value.max(1)).map_err(|_| bad("beyond 32 bits"))?;
            if !align.is_power_of_two() {
                return Err(bad("not a power of two"));
            }
            Def::Common {
                size: sym.st_size(e),
                align,
            }
        } else if sym.st_shndx(e) == elf::SHN_ABS {
            Def::Absolute(value)
        } else if let Some(shndx) = shndx {
            match locate(blocks, &placed, shndx, value) {
                Some((block, offset)) if offset <= blocks[block as usize].size() => {
                    Def::Block { block, offset }
                }
                Some(_) => {
                    return Err(Error::new(format!(
                        "symbol '{}' at {value:#x} lies outside its section",
                        printable(until_nul(name))
                    )))
                }
                None => Def::Discarded,
            }
        } else {
            Def::Undefined
        };
        let bind = sym.st_bind();
        let scope = match sym.st_visibility() {
            _ if bind == elf::STB_LOCAL => Scope::Local,
            elf::STV_DEFAULT | elf::STV_PROTECTED => Scope::Default,
            _ => Scope::Hidden, // STV_HIDDEN, STV_INTERNAL
        };
        let linkage = if bind == elf::STB_WEAK {
            Linkage::Weak
        } else {
            Linkage::Strong
        };
        Ok(Some(ElfSymbol {
            name,
            def,
            size: sym.st_size(e),
            linkage,
            scope,
            tls: st_type == elf::STT_TLS,
        }))
    };
    let mut sym_map = vec![NO_SYMBOL; symbols.len()];
    let entries = symbols.symbols();
    graph.symbols.reserve(entries.len());
    // The local symbols come first (the ELF rule); many of them are read in parallel.
    let locals_end = entries
        .iter()
        .skip(1)
        .position(|s| s.st_bind() != elf::STB_LOCAL)
        .map_or(entries.len(), |n| n + 1);
    let mut next = 1;
    if locals_end > PARALLEL_SYMBOLS {
        let blocks = &graph.blocks;
        parallel::append(
            &mut graph.symbols,
            &entries[1..locals_end],
            Some(&mut sym_map[1..locals_end]),
            |i, sym| Ok(read_symbol(blocks, i + 1, sym)?.map(|s| s.into_local(file))),
        )?;
        next = locals_end;
    }
    for (index, sym) in entries.iter().enumerate().skip(next) {
        let Some(s) = read_symbol(&graph.blocks, index, sym)? else {
            continue;
        };
        sym_map[index] = if s.scope == Scope::Local {
            graph.add_symbol(s.into_local(file))
        } else {
            let g = Global {
                name: s.name,
                hash: name_hash(s.name),
                def: s.def,
                linkage: s.linkage,
                scope: s.scope,
                size: s.size,
                tls: s.tls,
            };
            globals.global(graph, g, file)?
        };
    }
    let listed_locals = (graph.symbols.len() - first_symbol) as u32;

    // Each FDE gives its function's block a keep-alive edge (`eh_frame::link_records`): count
    // them per block, so that each block's edges are allocated once.
    let mut fde_edges = vec![0u32; graph.blocks.len() - first_block as usize];
    for section in sections.iter() {
        let target = placed.get(section.sh_info(e) as usize);
        if section.sh_type(e) != elf::SHT_RELA || !matches!(target, Some(Placed::Split { .. })) {
            continue;
        }
        let relas: &[elf::Rela64<E>] = section.data_as_array(e, data)?;
        for rela in relas {
            let Some(&id) = sym_map.get(rela.r_sym(e, false) as usize) else {
                continue;
            };
            if let Some(Def::Block { block, .. }) = globals.def_of(&graph.symbols, id) {
                if let Some(n) = block
                    .checked_sub(first_block)
                    .and_then(|i| fde_edges.get_mut(i as usize))
                {
                    *n += 1;
                }
            }
        }
    }

    // Relocations to edges.
    let mut null_symbol = None;
    for section in sections.iter() {
        let sh_type = section.sh_type(e);
        if sh_type != elf::SHT_RELA && sh_type != elf::SHT_REL {
            continue;
        }
        let target_index = section.sh_info(e) as usize;
        let Some(&target) = placed.get(target_index) else {
            return Err(Error::new(
                "relocation section applies to a section that does not exist",
            ));
        };
        if matches!(target, Placed::NotLoaded) {
            continue;
        }
        // Only messages print the name: borrowed from the file, escaped when an error is made.
        let target_name: &[u8] =
            sections.section_name(e, sections.section(object::SectionIndex(target_index))?)?;
        let target_name = printable(target_name);
        if sh_type == elf::SHT_REL {
            return Err(Error::new(format!(
                "section {target_name}: SHT_REL relocations are not supported on {}",
                arch.name()
            )));
        }
        let relas: &[elf::Rela64<E>] = section.data_as_array(e, data)?;
        // Most sections are one block: give it room for all its edges at once.
        if let Placed::Block(b) = target {
            let fdes = fde_edges[(b - first_block) as usize] as usize;
            graph.blocks[b as usize]
                .edges
                .reserve_exact(relas.len() + fdes);
        }
        let relocs = Relocs {
            arch,
            sym_map: &sym_map,
            target_name: &target_name,
        };
        // One block's relocations, many of them: converted in parallel runs.
        if let (Placed::Block(b), true) = (target, relas.len() >= PARALLEL_RELOCS) {
            // Edges against symbol index 0 (rare) name a stand-in until the runs are done; the
            // null symbol is then made, as the serial reader would have made it, and named.
            let null = null_symbol.unwrap_or(NULL_PENDING);
            let null_used = AtomicBool::new(false);
            let size = graph.blocks[b as usize].size();
            parallel::append(
                &mut graph.blocks[b as usize].edges,
                relas,
                None,
                |_, rela| {
                    let edge = relocs.edge(rela, Some(null), |o| (o < size).then_some((b, o)))?;
                    if edge.is_some() && rela.r_sym(e, false) == 0 {
                        null_used.store(true, Ordering::Relaxed);
                    }
                    Ok(edge.map(|(_, edge)| edge))
                },
            )?;
            if null == NULL_PENDING && null_used.into_inner() {
                let id = graph.add_symbol(null_symbol_of(file));
                null_symbol = Some(id);
                for edge in &mut graph.blocks[b as usize].edges {
                    if edge.target == NULL_PENDING {
                        edge.target = id;
                    }
                }
            }
            continue;
        }
        for rela in relas {
            if rela.r_sym(e, false) == 0
                && null_symbol.is_none()
                && matches!(arch.elf_edge(rela.r_type(e, false)), Ok(Some(_)))
            {
                null_symbol = Some(graph.add_symbol(null_symbol_of(file)));
            }
            let located = |offset| match locate(&graph.blocks, &placed, target_index, offset) {
                Some((b, o)) if o < graph.blocks[b as usize].size() => Some((b, o)),
                _ => None,
            };
            if let Some((block, edge)) = relocs.edge(rela, null_symbol, located)? {
                graph.blocks[block as usize].edges.push(edge);
            }
        }
    }
    for placed in &placed {
        if let Placed::Split { first, count } = *placed {
            eh_frame::link_records(graph, file, first, count, |symbols, id| {
                globals.def_of(symbols, id)
            })?;
        }
    }
    Ok(listed_locals)
}

/// What edges against symbol index 0 name while a section is converted in parallel, before
/// the null symbol exists (no symbol id comes near it).
const NULL_PENDING: SymbolId = NO_SYMBOL - 1;

/// A relocation section with at least this many entries against a section that is one block
/// is converted in parallel (see [`parallel::append`]).
const PARALLEL_RELOCS: usize = 32 * 1024;

/// A symbol table with at least this many leading local symbols reads them in parallel.
const PARALLEL_SYMBOLS: usize = 32 * 1024;

/// One symbol-table entry as the link sees it.
struct ElfSymbol<'a> {
    name: &'a [u8],
    def: Def,
    size: u64,
    linkage: Linkage,
    scope: Scope,
    tls: bool,
}

impl<'a> ElfSymbol<'a> {
    fn into_local(self, file: FileId) -> super::graph::Symbol<'a> {
        super::graph::Symbol {
            raw_name: self.name,
            file,
            def: self.def,
            size: self.size,
            linkage: self.linkage,
            scope: self.scope,
            weak_ref: false,
            tls: self.tls,
            live: false,
        }
    }
}

/// The symbol of relocations with symbol index 0 (the absolute address 0).
fn null_symbol_of<'a>(file: FileId) -> super::graph::Symbol<'a> {
    super::graph::Symbol::anonymous(Def::Absolute(0), file)
}

/// What turning one relocation section's entries into edges reads (and never changes).
struct Relocs<'r> {
    arch: &'static dyn Arch,
    sym_map: &'r [SymbolId],
    target_name: &'r str,
}

impl Relocs<'_> {
    /// The edge of one entry and the block it goes in (`locate` finds the block of an offset
    /// in the target section, `None` outside it); `None` for a type that makes no edge. `null`
    /// is the symbol for index 0, made before any entry that needs it.
    fn edge<E: Endian>(
        &self,
        rela: &elf::Rela64<E>,
        null: Option<SymbolId>,
        locate: impl Fn(u64) -> Option<(BlockId, u64)>,
    ) -> Result<Option<(BlockId, Edge)>> {
        let e = E::default();
        let offset = rela.r_offset(e);
        let r_type = rela.r_type(e, false);
        let target_name = self.target_name;
        let ctx = |msg: String| Error::new(format!("section {target_name}+{offset:#x}: {msg}"));
        let Some(kind) = self.arch.elf_edge(r_type).map_err(ctx)? else {
            return Ok(None);
        };
        let r_sym = rela.r_sym(e, false) as usize;
        let target = match (r_sym, null) {
            (0, Some(null)) => null,
            (0, None) => return Err(Error::new("internal error: no symbol for index 0")),
            _ => match self.sym_map.get(r_sym) {
                Some(&id) if id != NO_SYMBOL => id,
                _ => {
                    return Err(ctx(format!(
                        "{} against invalid symbol index {r_sym}",
                        self.arch.elf_reloc_name(r_type)
                    )))
                }
            },
        };
        let Some((block, block_offset)) = locate(offset) else {
            return Err(ctx(format!(
                "{} is outside the section",
                self.arch.elf_reloc_name(r_type)
            )));
        };
        let Ok(block_offset) = u32::try_from(block_offset) else {
            return Err(ctx(format!(
                "{}: relocations 4 GiB or more into a section are not supported",
                self.arch.elf_reloc_name(r_type)
            )));
        };
        Ok(Some((
            block,
            Edge {
                offset: block_offset,
                kind,
                target,
                addend: rela.r_addend(e),
                reloc: r_type,
            },
        )))
    }
}

/// Protection and kind of a loaded section, from its name, type and flags.
fn classify(name: &str, sh_type: u32, flags: u64) -> (Prot, SectionKind) {
    let prot = if flags & u64::from(elf::SHF_EXECINSTR) != 0 {
        Prot::ReadExec
    } else if flags & u64::from(elf::SHF_WRITE) != 0 {
        Prot::ReadWrite
    } else {
        Prot::Read
    };
    if name == ".eh_frame" {
        return (Prot::Read, SectionKind::EhFrame);
    }
    if flags & u64::from(elf::SHF_TLS) != 0 {
        // The initial image of thread-local variables: read-only in the reservation, copied
        // into each thread's TLS (see `tls`).
        let kind = if sh_type == elf::SHT_NOBITS {
            SectionKind::TlsZeroFill
        } else {
            SectionKind::TlsData
        };
        return (Prot::Read, kind);
    }
    let init = |suffix: Option<&str>, make: fn(u32, bool) -> InitKind, legacy: bool| {
        // `.init_array.N` runs in ascending N, unnumbered last; legacy `.ctors.N` counts down
        // from 65535 and runs in reverse, as GNU ld lays them out.
        let priority = match suffix.map(|s| s.parse::<u32>()) {
            None => 65535,
            Some(Ok(n)) if legacy => 65535u32.saturating_sub(n),
            Some(Ok(n)) => n,
            Some(Err(_)) => 65535,
        };
        (
            Prot::ReadWrite,
            SectionKind::Initializers(make(priority, legacy)),
        )
    };
    let split = |prefix: &str| -> Option<Option<&str>> {
        let rest = name.strip_prefix(prefix)?;
        if rest.is_empty() {
            Some(None)
        } else {
            rest.strip_prefix('.').map(Some)
        }
    };
    let init_kind = |p, r| InitKind::Init {
        priority: p,
        reversed: r,
    };
    let fini_kind = |p, r| InitKind::Fini {
        priority: p,
        reversed: r,
    };
    if sh_type == elf::SHT_INIT_ARRAY || sh_type == elf::SHT_PREINIT_ARRAY {
        return init(split(".init_array").flatten(), init_kind, false);
    }
    if sh_type == elf::SHT_FINI_ARRAY {
        return init(split(".fini_array").flatten(), fini_kind, false);
    }
    if let Some(suffix) = split(".ctors") {
        return init(suffix, init_kind, true);
    }
    if let Some(suffix) = split(".dtors") {
        return init(suffix, fini_kind, true);
    }
    let kind = if sh_type == elf::SHT_NOBITS {
        SectionKind::ZeroFill
    } else {
        match prot {
            Prot::ReadExec => SectionKind::Text,
            Prot::ReadWrite => SectionKind::Data,
            Prot::Read => SectionKind::ReadOnly,
        }
    };
    (prot, kind)
}
