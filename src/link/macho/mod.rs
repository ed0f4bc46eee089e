//! The Mach-O reader: turns one x86_64 or arm64 relocatable object (`MH_OBJECT`) into sections,
//! blocks, symbols and edges of the link graph.
//!
//! Sections are named `SEGNAME,sectname`. With `MH_SUBSECTIONS_VIA_SYMBOLS` every symbol (except
//! `N_ALT_ENTRY` ones) starts a block, so dead-stripping works per function. Mach-O symbols have
//! no size; a symbol's size is the distance to the next symbol of its section. Relocations are
//! mapped to edges by the per-architecture modules; the shared work (finding blocks and symbols
//! by address, SUBTRACTOR pairs) is here, and `__eh_frame` pointers that Mach-O leaves implicit
//! (pc-relative, no relocation) are made into edges in [`unwind`].

mod arm64;
mod pairs;
mod symbols;
mod unwind;
mod x86_64;

use std::borrow::Cow;
use std::collections::HashMap;

use object::macho;
use object::read::macho::{MachHeader, Nlist, Section as _, Segment as _};
use object::LittleEndian as LE;

use super::graph::{
    BlockId, Content, Edge, FileId, InitKind, LinkGraph, Prot, SectionKind, SymbolId, MACHO_RELOC,
};
use super::{compact_unwind, eh_frame};
use crate::arch::{read_le, Arch, EdgeKind};
use crate::error::{Error, Result};

type Header = macho::MachHeader64<LE>;
type Nlist64 = macho::Nlist64<LE>;

/// The architecture of a Mach-O relocatable object, checking that it is one we can link.
pub fn detect_arch(data: &[u8]) -> Result<&'static dyn Arch> {
    let header = Header::parse(data, 0)?;
    if !header.is_little_endian() {
        return Err(Error::new(
            "only little-endian 64-bit Mach-O objects are supported",
        ));
    }
    let filetype = header.filetype(LE);
    if filetype != macho::MH_OBJECT {
        return Err(Error::new(format!(
            "not a relocatable Mach-O object (MH_OBJECT); file type is {filetype}"
        )));
    }
    match header.cputype(LE) {
        macho::CPU_TYPE_X86_64 => Ok(&crate::arch::x86_64::X86_64),
        macho::CPU_TYPE_ARM64 => Ok(&crate::arch::aarch64::AARCH64),
        cpu => Err(Error::new(format!(
            "unsupported Mach-O CPU type {cpu:#x} (only x86_64 and arm64 are supported)"
        ))),
    }
}

/// One Mach-O section and what it became.
struct Sect<'a> {
    /// `SEGNAME,sectname`.
    name: String,
    addr: u64,
    size: u64,
    flags: u32,
    data: &'a [u8],
    relocs: &'a [macho::Relocation<LE>],
    /// The graph blocks, in address order; empty when the section is not loaded.
    blocks: Vec<BlockId>,
    loaded: bool,
}

/// What the reader remembers of one symbol table entry.
#[derive(Clone, Copy)]
struct NSym {
    id: SymbolId,
    /// The address in the object and the block and offset it lies at in this file, for
    /// definitions in loaded sections (used by SUBTRACTOR pairs).
    addr: u64,
    at: Option<(BlockId, u64)>,
}

const NO_SYMBOL: SymbolId = SymbolId::MAX;

/// A relocation's place: the block it patches and the bytes of the field.
pub(super) struct Site<'a> {
    pub block: BlockId,
    /// Offset of the field in its block.
    pub offset: u64,
    /// Address of the field in the object.
    pub addr: u64,
    pub field: &'a [u8],
    /// The relocation's raw type, kept on the edge for messages.
    pub r_type: u8,
}

impl Site<'_> {
    /// The field's implicit addend, sign-extended.
    pub fn content(&self) -> i64 {
        let raw = read_le(self.field, 0, self.field.len()).unwrap_or(0);
        match self.field.len() {
            1 => raw as i8 as i64,
            2 => raw as i16 as i64,
            4 => raw as i32 as i64,
            _ => raw as i64,
        }
    }
}

/// The state shared by the per-architecture relocation mappers.
pub(super) struct Reader<'a, 'g> {
    graph: &'g mut LinkGraph<'a>,
    file: FileId,
    sects: Vec<Sect<'a>>,
    syms: Vec<NSym>,
    /// Anonymous symbols made at the start of blocks, for edges that target an address.
    anon: HashMap<BlockId, SymbolId>,
}

/// Reads `data` as file `file` of the graph.
pub fn read<'a>(graph: &mut LinkGraph<'a>, file: FileId, data: &'a [u8]) -> Result<()> {
    let arch = detect_arch(data)?;
    if arch.name() != graph.arch.name() {
        return Err(Error::new(format!(
            "is for {}, but the link is for {}",
            arch.name(),
            graph.arch.name()
        )));
    }
    let header = Header::parse(data, 0)?;
    let subsections = header.flags(LE) & macho::MH_SUBSECTIONS_VIA_SYMBOLS != 0;
    let mut sections = Vec::new();
    let mut symtab = None;
    let mut commands = header.load_commands(LE, data, 0)?;
    while let Some(command) = commands.next()? {
        if let Some((segment, section_data)) = command.segment_64()? {
            for s in segment.sections(LE, section_data)? {
                sections.push(s);
            }
        } else if let Some(st) = command.symtab()? {
            symtab = Some(st.symbols::<Header, _>(LE, data)?);
        }
    }
    if sections.len() > 255 {
        return Err(Error::new("more than 255 sections"));
    }
    let nlists: &[Nlist64] = symtab.as_ref().map_or(&[], |t| t.iter().as_slice());

    let mut sects = Vec::with_capacity(sections.len());
    for s in &sections {
        let name = format!("{},{}", printable(s.segment_name()), printable(s.name()));
        let ctx = |msg: &str| Error::new(format!("section {name}: {msg}"));
        let size = s.size(LE);
        let addr = s.addr(LE);
        if addr.checked_add(size).is_none() {
            return Err(ctx("address range overflows"));
        }
        let sect_data = s
            .data(LE, data)
            .map_err(|_| ctx("section data extends past the end of the file"))?;
        let relocs = s
            .relocations(LE, data)
            .map_err(|_| ctx("relocations extend past the end of the file"))?;
        sects.push(Sect {
            name,
            addr,
            size,
            flags: s.flags(LE),
            data: sect_data,
            relocs,
            blocks: Vec::new(),
            loaded: false,
        });
    }

    // Where blocks start: every symbol that is not an alternate entry, with subsections.
    let mut cuts: Vec<Vec<u64>> = vec![Vec::new(); sects.len()];
    let mut addrs: Vec<Vec<u64>> = vec![Vec::new(); sects.len()];
    for n in nlists {
        if n.is_stab() || n.n_type() & macho::N_TYPE != macho::N_SECT {
            continue;
        }
        let Some(sect) = (n.n_sect() as usize)
            .checked_sub(1)
            .and_then(|i| sects.get(i))
        else {
            continue; // reported when the symbol is read
        };
        let value = n.n_value(LE);
        let Some(offset) = value.checked_sub(sect.addr).filter(|&o| o <= sect.size) else {
            continue;
        };
        let i = n.n_sect() as usize - 1;
        addrs[i].push(value);
        if subsections && n.n_desc(LE) & macho::N_ALT_ENTRY == 0 && offset < sect.size {
            cuts[i].push(offset);
        }
    }

    // Sections to blocks.
    let mut eh_frames = Vec::new();
    let mut compact_unwinds = Vec::new();
    for (i, sect) in sects.iter_mut().enumerate() {
        if sect.flags & macho::SECTION_TYPE == macho::S_THREAD_LOCAL_INIT_FUNCTION_POINTERS {
            // Run by a platform runtime for each thread; with none, there is nothing to run them.
            return Err(Error::new(format!(
                "section {}: thread-local initializer functions \
                 (S_THREAD_LOCAL_INIT_FUNCTION_POINTERS) are not supported",
                sect.name
            )));
        }
        let Some((prot, kind)) = classify(&sect.name, sect.flags) else {
            continue;
        };
        let ctx = |e: Error| e.context(format!("section {}", sect.name));
        let align_exp = sections[i].align(LE);
        if align_exp > 30 {
            return Err(ctx(Error::new(format!(
                "alignment 2^{align_exp} is too large"
            ))));
        }
        let align = 1u64 << align_exp;
        let zero_fill = matches!(
            sect.flags & macho::SECTION_TYPE,
            macho::S_ZEROFILL | macho::S_GB_ZEROFILL | macho::S_THREAD_LOCAL_ZEROFILL
        );
        if !zero_fill && sect.data.len() as u64 != sect.size {
            return Err(ctx(Error::new(
                "section data extends past the end of the file",
            )));
        }
        let sec = graph.add_section(file, sect.name.clone(), prot, kind);
        graph.sections[sec as usize].input_index = i as u32;
        graph.sections[sec as usize].retain = sect.flags & macho::S_ATTR_NO_DEAD_STRIP != 0;
        sect.loaded = true;
        if kind == SectionKind::EhFrame {
            let first = graph.blocks.len() as BlockId;
            let count = eh_frame::split(graph, sec, sect.data).map_err(ctx)?;
            sect.blocks = (first..first + count).collect();
            eh_frames.push(i);
            continue;
        }
        if kind == SectionKind::CompactUnwind {
            let first = graph.blocks.len() as BlockId;
            let count = compact_unwind::split(graph, sec, sect.addr, sect.data).map_err(ctx)?;
            sect.blocks = (first..first + count).collect();
            compact_unwinds.push(i);
            continue;
        }
        let literals = matches!(
            sect.flags & macho::SECTION_TYPE,
            macho::S_CSTRING_LITERALS
                | macho::S_4BYTE_LITERALS
                | macho::S_8BYTE_LITERALS
                | macho::S_16BYTE_LITERALS
        );
        let mut starts = if literals {
            Vec::new()
        } else {
            std::mem::take(&mut cuts[i])
        };
        starts.push(0);
        starts.sort_unstable();
        starts.dedup();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(sect.size);
            let content = if zero_fill {
                Content::Zero(end - start)
            } else {
                Content::Bytes(Cow::Borrowed(&sect.data[start as usize..end as usize]))
            };
            // A block keeps the alignment its start had in the section.
            let block_align = match sect.addr.wrapping_add(start).trailing_zeros() {
                tz if tz < 63 => align.min(1 << tz),
                _ => align,
            };
            let b = graph.add_block(sec, content, block_align);
            graph.blocks[b as usize].input_offset = start;
            sect.blocks.push(b);
        }
    }

    let mut rd = Reader {
        graph,
        file,
        sects,
        syms: Vec::with_capacity(nlists.len()),
        anon: HashMap::new(),
    };
    for list in &mut addrs {
        list.sort_unstable();
        list.dedup();
    }
    let strings = symtab.as_ref().map(|t| t.strings()).unwrap_or_default();
    for (index, n) in nlists.iter().enumerate() {
        let sym = rd
            .read_symbol(index, n, &addrs, strings)
            .map_err(|e| e.context(format!("symbol {index}")))?;
        rd.syms.push(sym);
    }

    // Relocations to edges.
    for i in 0..rd.sects.len() {
        if !rd.sects[i].loaded {
            // Its relocations patch nothing that is loaded; a pointer-authentication one is
            // still refused, as llvm-jitlink refuses it there (signing code must never run on
            // memory the program does not have).
            let authenticated = rd.sects[i].relocs.iter().map(|r| r.info(LE)).find(|r| {
                arch.name() == "aarch64" && r.r_type == macho::ARM64_RELOC_AUTHENTICATED_POINTER
            });
            if let Some(r) = authenticated {
                let name = &rd.sects[i].name;
                return Err(Error::new(format!(
                    "section {name}+{:#x}: ARM64_RELOC_AUTHENTICATED_POINTER: arm64e pointer \
                     authentication is not supported",
                    r.r_address
                ))
                .with_llvm(format!(
                    "In graph {}, section {name} unsupported edge kind Pointer64Authenticated",
                    rd.graph.files[file as usize].name
                )));
            }
            continue;
        }
        let mut relocs: Vec<macho::RelocationInfo> =
            rd.sects[i].relocs.iter().map(|r| r.info(LE)).collect();
        // Assemblers list relocations last to first; in address order, the first error is the
        // lowest address. The sort is stable, so pairs (ADDEND, SUBTRACTOR) stay in order.
        relocs.sort_by_key(|r| r.r_address);
        let sect_name = rd.sects[i].name.clone();
        let mut k = 0;
        while k < relocs.len() {
            let at = relocs[k].r_address;
            let ctx = |e: Error| e.context(format!("section {sect_name}+{at:#x}"));
            if at & macho::R_SCATTERED != 0 {
                return Err(ctx(Error::new("scattered relocations are not supported")));
            }
            let mapped = if arch.name() == "x86_64" {
                x86_64::edge(&mut rd, i, &relocs, &mut k)
            } else {
                arm64::edge(&mut rd, i, &relocs, &mut k)
            };
            let (block, edge) = mapped.map_err(ctx)?;
            rd.graph.blocks[block as usize].edges.push(edge);
            k += 1;
        }
    }

    for i in eh_frames {
        unwind::add_implicit_edges(&mut rd, i)
            .map_err(|e| e.context(format!("section {}", rd.sects[i].name)))?;
        let sect = &rd.sects[i];
        if let Some(&first) = sect.blocks.first() {
            eh_frame::link_records(
                rd.graph,
                file,
                first,
                sect.blocks.len() as u32,
                |symbols, id| symbols.get(id as usize).map(|s| s.def),
            )?;
        }
    }
    // After the FDEs' keep-alive edges, which records take over.
    for i in compact_unwinds {
        let sect = &rd.sects[i];
        if let Some(&first) = sect.blocks.first() {
            let count = sect.blocks.len() as u32;
            compact_unwind::link_records(rd.graph, file, sect.addr, first, count)
                .map_err(|e| e.context(format!("section {}", rd.sects[i].name)))?;
        }
    }
    Ok(())
}

/// A name from the file, escaped so messages stay on one line (see [`crate::error::printable`]).
fn printable(name: &[u8]) -> String {
    crate::error::printable(name).into_owned()
}

/// Protection and kind of a loaded section, or `None` for sections that are not loaded.
fn classify(name: &str, flags: u32) -> Option<(Prot, SectionKind)> {
    let (segment, _) = name.split_once(',').unwrap_or((name, ""));
    let sect_type = flags & macho::SECTION_TYPE;
    // Assemblers mark it S_ATTR_DEBUG: it is not loaded, but read.
    if name == "__LD,__compact_unwind" {
        return Some((Prot::Read, SectionKind::CompactUnwind));
    }
    if flags & macho::S_ATTR_DEBUG != 0 || segment == "__DWARF" {
        return None;
    }
    if name == "__TEXT,__eh_frame" {
        return Some((Prot::Read, SectionKind::EhFrame));
    }
    let init = |kind| Some((Prot::ReadWrite, SectionKind::Initializers(kind)));
    match sect_type {
        macho::S_MOD_INIT_FUNC_POINTERS => {
            return init(InitKind::Init {
                priority: 65535,
                reversed: false,
            })
        }
        macho::S_MOD_TERM_FUNC_POINTERS => {
            return init(InitKind::Fini {
                priority: 65535,
                reversed: false,
            })
        }
        macho::S_ZEROFILL | macho::S_GB_ZEROFILL | macho::S_THREAD_LOCAL_ZEROFILL => {
            return Some((Prot::ReadWrite, SectionKind::ZeroFill))
        }
        // Thread-local variables without a platform runtime (as LLVM's JITLink does without the
        // MachO platform): the `__thread_vars` descriptors {thunk, key, offset} and the pointers
        // to them are ordinary data, relocated like any other; the initial values are data
        // (`__thread_data`) or zero-fill (`__thread_bss`, above), one copy at a fixed address.
        macho::S_THREAD_LOCAL_REGULAR
        | macho::S_THREAD_LOCAL_VARIABLES
        | macho::S_THREAD_LOCAL_VARIABLE_POINTERS => {
            return Some((Prot::ReadWrite, SectionKind::Data))
        }
        _ => {}
    }
    let code = macho::S_ATTR_PURE_INSTRUCTIONS | macho::S_ATTR_SOME_INSTRUCTIONS;
    Some(if flags & code != 0 {
        (Prot::ReadExec, SectionKind::Text)
    } else if segment == "__TEXT" {
        (Prot::Read, SectionKind::ReadOnly)
    } else {
        (Prot::ReadWrite, SectionKind::Data)
    })
}

impl<'a> Reader<'a, '_> {
    /// The block of section `i` holding `offset` (a block's end counts as inside it).
    fn locate(&self, i: usize, offset: u64) -> Option<(BlockId, u64)> {
        let blocks = &self.sects.get(i)?.blocks;
        let k = blocks
            .partition_point(|&b| self.graph.blocks[b as usize].input_offset <= offset)
            .checked_sub(1)?;
        let b = blocks[k];
        let block = &self.graph.blocks[b as usize];
        let within = offset - block.input_offset;
        (within <= block.size()).then_some((b, within))
    }

    /// The field of `len` bytes that relocation `r_address` of section `i` patches.
    pub(super) fn site(&self, i: usize, r_address: u32, len: u64, r_type: u8) -> Result<Site<'a>> {
        let sect = &self.sects[i];
        let offset = u64::from(r_address);
        let outside = || Error::new("relocation is outside its section");
        let end = offset
            .checked_add(len)
            .filter(|&e| e <= sect.size)
            .ok_or_else(outside)?;
        let (block, within) = self.locate(i, offset).ok_or_else(outside)?;
        if within + len > self.graph.blocks[block as usize].size() {
            return Err(Error::new("relocation straddles two blocks (symbols)"));
        }
        let field = sect.data.get(offset as usize..end as usize).unwrap_or(&[]);
        if field.len() as u64 != len {
            return Err(Error::new("relocation in a zero-filled section"));
        }
        Ok(Site {
            block,
            offset: within,
            addr: sect.addr + offset,
            field,
            r_type,
        })
    }

    /// The symbol of an extern relocation's `r_symbolnum`.
    pub(super) fn symbol(&self, index: u32) -> Result<SymbolId> {
        match self.syms.get(index as usize) {
            Some(s) if s.id != NO_SYMBOL => Ok(s.id),
            _ => Err(Error::new(format!(
                "relocation against invalid symbol index {index}"
            ))),
        }
    }

    /// The symbol and addend for `addr` in the section a non-extern relocation names (1-based).
    pub(super) fn by_address(&mut self, section: u32, addr: u64) -> Result<(SymbolId, i64)> {
        let i = (section as usize).wrapping_sub(1);
        let Some(sect) = self.sects.get(i) else {
            return Err(Error::new(format!(
                "relocation against invalid section number {section}"
            )));
        };
        if !sect.loaded {
            return Err(Error::new(format!(
                "relocation against section {}, which is not loaded",
                sect.name
            )));
        }
        let (block, offset) = addr
            .checked_sub(sect.addr)
            .and_then(|o| self.locate(i, o))
            .ok_or_else(|| {
                Error::new(format!(
                    "relocation target {addr:#x} is outside section {}",
                    sect.name
                ))
            })?;
        Ok((self.block_symbol(block), offset as i64))
    }

    /// The section (1-based) whose address range holds `addr`, for eh_frame pointers.
    fn section_at(&self, addr: u64) -> Option<u32> {
        let i = self
            .sects
            .iter()
            .position(|s| s.loaded && addr >= s.addr && addr - s.addr < s.size)?;
        Some(i as u32 + 1)
    }

    fn block_symbol(&mut self, block: BlockId) -> SymbolId {
        if let Some(&s) = self.anon.get(&block) {
            return s;
        }
        let s = self.graph.add_anonymous(block, 0, self.file);
        self.anon.insert(block, s);
        s
    }

    fn in_eh_frame(&self, block: BlockId) -> bool {
        self.graph.section_of(block).kind == SectionKind::EhFrame
    }

    fn nsym(&self, index: u32) -> Result<NSym> {
        self.symbol(index)?;
        Ok(self.syms[index as usize])
    }
}

/// An edge at `site`, remembering the Mach-O relocation type for messages.
pub(super) fn edge_at(
    site: &Site,
    kind: EdgeKind,
    target: SymbolId,
    addend: i64,
) -> (BlockId, Edge) {
    (
        site.block,
        Edge {
            // Mach-O relocation addresses are 32 bits, so offsets in a block are too.
            offset: site.offset as u32,
            kind,
            target,
            addend,
            reloc: MACHO_RELOC | u32::from(site.r_type),
        },
    )
}

/// The Mach-O name of relocation type `r_type` for `arch` (`x86_64` or `aarch64`).
pub fn reloc_name(arch: &str, r_type: u8) -> &'static str {
    if arch == "aarch64" {
        arm64::reloc_name(r_type)
    } else {
        x86_64::reloc_name(r_type)
    }
}

/// `section __TEXT,__text+0x1c: unsupported relocation X (Mach-O arm64): why`-style messages
/// (the section context is added by the caller).
pub(super) fn unsupported(name: &str, arch: &str, why: &str) -> Error {
    Error::new(format!(
        "unsupported relocation {name} (Mach-O {arch}){why}"
    ))
}

/// The relocation fields in messages about unsupported combinations.
pub(super) fn describe(r: &macho::RelocationInfo) -> String {
    format!(
        "pc_rel={}, extern={}, length={}",
        r.r_pcrel,
        r.r_extern,
        1u32 << r.r_length
    )
}

#[cfg(test)]
mod tests;
