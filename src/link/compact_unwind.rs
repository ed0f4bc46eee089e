//! Mach-O compact unwind. The assembler describes how to unwind each function in a 32-byte
//! `__LD,__compact_unwind` record (function, length, a 32-bit encoding, personality, LSDA);
//! those records are input to the linker only, which turns the live ones into the
//! `__TEXT,__unwind_info` table libunwind reads (`mach-o/compact_unwind_encoding.h`), as ld64
//! and LLVM's JITLink do.
//!
//! The table's offsets are unsigned 32-bit deltas from a base: the link's own Mach-O header,
//! laid out first so that every address in the link is at or above it, unless the link
//! defines an absolute `__jitlink$libunwind_dso_base` (a header the platform shares between
//! links, as LLVM's ORC does); then a function below that base cannot be described, which is
//! an error.
//!
//! Four steps, each handing the next what it made:
//! 1. [`split`] (reader) cuts the section into record blocks;
//! 2. [`link_records`] (reader) gives each function a keep-alive edge to its record. When the
//!    function already keeps its FDE alive, that edge moves to the record, which keeps the FDE
//!    only if its encoding says "unwind by the FDE" (DWARF mode): dead-stripping then drops
//!    the FDEs the table makes redundant;
//! 3. [`reserve`] (after dead-stripping and the GOT pass) collects the live records, makes the
//!    header, the table's block and a GOT entry per personality, and retires the records;
//! 4. [`write`] (after layout) fills in the table.

use std::borrow::Cow;

use super::graph::{BlockId, Content, Def, Edge, FileId, LinkGraph, Prot, SectionKind, SymbolId};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::arch::{read_le, KEEP_ALIVE};
use crate::error::{Error, Result};

pub const RECORD_SIZE: u64 = 32;
const FN_FIELD: u32 = 0;
const LENGTH_FIELD: usize = 8;
const ENCODING_FIELD: usize = 12;
const PERSONALITY_FIELD: u32 = 16;
const LSDA_FIELD: u32 = 24;

pub const UNWIND_INFO_SECTION: &str = "__TEXT,__unwind_info";
pub const HEADER_SECTION: &str = "__TEXT,__lcl_macho_hdr";
pub const BASE_SYMBOL: &str = "__jitlink$libunwind_dso_base";

/// The personality index is two bits of the encoding (`UNWIND_PERSONALITY_MASK`), 0 for none.
const MAX_PERSONALITIES: usize = 3;
const PERSONALITY_SHIFT: u32 = 28;
const HEADER_SIZE: usize = 7 * 4;
const INDEX_ENTRY_SIZE: usize = 3 * 4;
const LSDA_ENTRY_SIZE: usize = 2 * 4;
const PAGE_HEADER_SIZE: usize = 8;
const PAGE_ENTRY_SIZE: usize = 8;
/// Entries of one regular second-level page: a page is 4 KiB, header included.
const ENTRIES_PER_PAGE: usize = (4096 - PAGE_HEADER_SIZE) / PAGE_ENTRY_SIZE;
/// `UNWIND_SECOND_LEVEL_REGULAR`.
const REGULAR_PAGE: u32 = 2;
/// The 24 bits of a DWARF-mode encoding that hold the FDE's offset in `__eh_frame`.
const FDE_OFFSET_MASK: u32 = 0x00ff_ffff;

/// Cuts `bytes` (a `__compact_unwind` section at `addr` in its object) into record blocks of
/// `section`; returns how many.
pub fn split<'a>(
    graph: &mut LinkGraph<'a>,
    section: u32,
    addr: u64,
    bytes: &'a [u8],
) -> Result<u32> {
    if !(bytes.len() as u64).is_multiple_of(RECORD_SIZE) {
        return Err(Error::new(format!(
            "size {:#x} is not a multiple of the {RECORD_SIZE}-byte compact unwind record",
            bytes.len()
        ))
        .with_llvm(format!(
            "Error splitting compact unwind record in {}: block at {addr:#x} has size {:#x} \
             (not a multiple of CU record size of {RECORD_SIZE:#x})",
            graph.files[graph.sections[section as usize].file as usize].name,
            bytes.len()
        )));
    }
    let mut count = 0;
    for (k, record) in bytes.chunks_exact(RECORD_SIZE as usize).enumerate() {
        let b = graph.add_block(section, Content::Bytes(Cow::Borrowed(record)), 8);
        graph.blocks[b as usize].input_offset = k as u64 * RECORD_SIZE;
        count += 1;
    }
    Ok(count)
}

fn encoding(graph: &LinkGraph<'_>, record: BlockId) -> u32 {
    match &graph.blocks[record as usize].content {
        Content::Bytes(bytes) => read_le(bytes, ENCODING_FIELD, 4).unwrap_or(0) as u32,
        Content::Zero(_) => 0,
    }
}

fn length(graph: &LinkGraph<'_>, record: BlockId) -> u64 {
    match &graph.blocks[record as usize].content {
        Content::Bytes(bytes) => read_le(bytes, LENGTH_FIELD, 4).unwrap_or(0),
        Content::Zero(_) => 0,
    }
}

fn needs_dwarf(graph: &LinkGraph<'_>, encoding: u32) -> bool {
    encoding & crate::arch::COMPACT_UNWIND_MODE_MASK == graph.arch.compact_unwind().dwarf
}

/// The function edge of a record: the edge at offset 0 that is not a keep-alive.
fn function_edge(graph: &LinkGraph<'_>, record: BlockId) -> Option<Edge> {
    graph.blocks[record as usize]
        .edges
        .iter()
        .find(|e| e.offset == FN_FIELD && e.kind != KEEP_ALIVE)
        .copied()
}

/// Where an edge's target lies: (block, offset in it), for targets in the link.
fn place(graph: &LinkGraph<'_>, target: SymbolId, addend: i64) -> Option<(BlockId, u64)> {
    match graph.sym(target).def {
        Def::Block { block, offset } => Some((block, offset.wrapping_add(addend as u64))),
        _ => None,
    }
}

/// Links the `count` record blocks from `first` (of file `file`, relocations attached; the
/// section is at `addr` in the object) to their functions, and the functions' FDEs to the
/// records that need them (see the module comment).
pub fn link_records(
    graph: &mut LinkGraph<'_>,
    file: FileId,
    addr: u64,
    first: BlockId,
    count: u32,
) -> Result<()> {
    let file_name = graph.files[file as usize].name.clone();
    let fdes = Fdes::of(graph, file);
    for record in first..first + count {
        let offset = graph.blocks[record as usize].input_offset;
        let at = addr.wrapping_add(offset);
        // llvm-jitlink-22 words these three ways.
        let ctx = |msg: String, llvm: String| {
            Error::new(format!("compact unwind record at {offset:#x}: {msg}")).with_llvm(format!(
                "In {file_name}, compact unwind record at {at:#x} {llvm}"
            ))
        };
        let keep_alive_ctx = |msg: String, llvm: String| {
            Error::new(format!("compact unwind record at {offset:#x}: {msg}")).with_llvm(format!(
                "Error adding keep-alive edge for compact unwind record at {at:#x}: {llvm}"
            ))
        };
        if let Some(e) = graph.blocks[record as usize]
            .edges
            .iter()
            .find(|e| ![FN_FIELD, PERSONALITY_FIELD, LSDA_FIELD].contains(&e.offset))
        {
            return Err(ctx(
                format!(
                    "relocation at +{:#x} is in no field that takes one",
                    e.offset
                ),
                format!("has unrecognized edge at offset {:#x}", e.offset),
            ));
        }
        let function = function_edge(graph, record).ok_or_else(|| {
            keep_alive_ctx(
                "no function pointer".into(),
                "no outgoing target edge at offset 0".into(),
            )
        })?;
        let Some((fn_block, fn_offset)) = place(graph, function.target, function.addend) else {
            let name = graph.sym(function.target).display_name().into_owned();
            return Err(keep_alive_ctx(
                format!("describes '{name}', which this file does not define"),
                format!("target {name} is an external symbol"),
            ));
        };
        let dwarf = needs_dwarf(graph, encoding(graph, record));
        let record_sym = graph.add_anonymous(record, 0, file);
        graph.symbols[record_sym as usize].size = RECORD_SIZE;
        // The function's keep-alive edge to the FDE describing it, if it has one.
        let fde_edge = fdes
            .at
            .get(&(fn_block, fn_offset))
            .and_then(|fde| fdes.kept_by.get(fde))
            .filter(|&&(block, _)| block == fn_block)
            .map(|&(_, i)| i);
        match fde_edge {
            Some(i) => {
                let edge = &mut graph.blocks[fn_block as usize].edges[i];
                let fde = edge.target;
                edge.target = record_sym;
                if dwarf {
                    graph.blocks[record as usize]
                        .edges
                        .push(keep_alive(FN_FIELD, fde));
                }
            }
            None if dwarf => {
                let has_eh_frame = graph
                    .sections
                    .iter()
                    .any(|s| s.file == file && s.kind == SectionKind::EhFrame);
                let llvm = if has_eh_frame {
                    "needs DWARF, but no FDE was found"
                } else {
                    "needs DWARF, but no __TEXT,__eh_frame section exists"
                };
                // (sic: "recard ot")
                return Err(Error::new(format!(
                    "compact unwind record at {offset:#x}: its encoding says to unwind by the \
                     FDE, but the function has none"
                ))
                .with_llvm(format!(
                    "In {file_name}, compact unwind recard ot {at:#x} {llvm}"
                )));
            }
            None => graph.blocks[fn_block as usize]
                .edges
                .push(keep_alive(0, record_sym)),
        }
    }
    Ok(())
}

/// A file's FDEs: by the place their pc_begin points to, and the keep-alive edge (block,
/// index) that keeps each alive. Found in one pass over the file's edges, so that linking the
/// records stays linear in a file whose code is one block (no subsections).
struct Fdes {
    at: FxHashMap<(BlockId, u64), BlockId>,
    kept_by: FxHashMap<BlockId, (BlockId, usize)>,
}

impl Fdes {
    fn of(graph: &LinkGraph<'_>, file: FileId) -> Fdes {
        let mut fdes = Fdes {
            at: FxHashMap::default(),
            kept_by: FxHashMap::default(),
        };
        for section in graph.sections.iter().filter(|s| s.file == file) {
            for &b in &section.blocks {
                for (i, e) in graph.blocks[b as usize].edges.iter().enumerate() {
                    let Some((target, _)) = place(graph, e.target, 0) else {
                        continue;
                    };
                    let in_eh_frame = graph.section_of(target).kind == SectionKind::EhFrame;
                    if section.kind == SectionKind::EhFrame && e.offset == 8 {
                        if let Some(p) = place(graph, e.target, e.addend) {
                            fdes.at.insert(p, b);
                        }
                    } else if e.kind == KEEP_ALIVE && in_eh_frame {
                        fdes.kept_by.insert(target, (b, i));
                    }
                }
            }
        }
        fdes
    }
}

fn keep_alive(offset: u32, target: SymbolId) -> Edge {
    Edge {
        offset,
        kind: KEEP_ALIVE,
        target,
        addend: 0,
        reloc: 0,
    }
}

/// A live record, as [`write`] needs it.
struct Record {
    function: SymbolId,
    addend: i64,
    length: u64,
    /// With the personality's index set.
    encoding: u32,
    lsda: Option<(SymbolId, i64)>,
    fde: Option<SymbolId>,
    file: FileId,
}

/// What [`reserve`] made, for [`write`].
pub struct UnwindInfo {
    records: Vec<Record>,
    /// The GOT entries holding the personalities, by index.
    personalities: Vec<SymbolId>,
    base: SymbolId,
    table: BlockId,
}

/// Makes the `__unwind_info` table's block (its size for every live record), the header that
/// is its base (unless the link defines one) and the personalities' GOT entries; the records'
/// blocks are dropped, as their section is never loaded. `None` when no record is live.
pub fn reserve(graph: &mut LinkGraph<'_>) -> Result<Option<UnwindInfo>> {
    let record_blocks: Vec<BlockId> = graph
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::CompactUnwind)
        .flat_map(|s| s.blocks.iter().copied())
        .collect();
    if record_blocks.is_empty() {
        return Ok(None);
    }
    if let Some(s) = graph
        .sections
        .iter()
        .find(|s| s.name == UNWIND_INFO_SECTION && s.kind != SectionKind::UnwindInfo)
    {
        let name = graph.files[s.file as usize].name.clone();
        return Err(Error::new(format!(
            "{name}: has a {UNWIND_INFO_SECTION} section and compact unwind records: \
             the link cannot merge the two"
        ))
        .with_llvm(format!("In {name}, {UNWIND_INFO_SECTION} already exists")));
    }
    let mut records = Vec::new();
    // Each personality once, however records name it (by symbol, or by address in its section).
    let mut personality_targets: Vec<Personality> = Vec::new();
    for &b in &record_blocks {
        let block = &graph.blocks[b as usize];
        if !block.live {
            continue;
        }
        let file = graph.section_of(b).file;
        let file_name = &graph.files[file as usize].name;
        let at = block.input_offset;
        let mut encoding = encoding(graph, b);
        let (mut function, mut lsda, mut fde) = (None, None, None);
        for e in &block.edges {
            match e.offset {
                FN_FIELD if e.kind == KEEP_ALIVE => fde = Some(e.target),
                FN_FIELD => function = Some((e.target, e.addend)),
                PERSONALITY_FIELD => {
                    let personality = match place(graph, e.target, e.addend) {
                        Some(at) => Personality::At(at, e.target),
                        None => Personality::Outside(e.target),
                    };
                    let index = match personality_targets
                        .iter()
                        .position(|p| p.same(&personality))
                    {
                        Some(i) => i,
                        None if personality_targets.len() == MAX_PERSONALITIES => {
                            return Err(Error::new(format!(
                                "{file_name}: compact unwind record at {at:#x}: more than \
                                 {MAX_PERSONALITIES} personality functions in the link"
                            ))
                            .with_llvm(format!(
                                "In {file_name}, __compact_unwind contains too many \
                                 personalities (max {MAX_PERSONALITIES})"
                            )))
                        }
                        None => {
                            personality_targets.push(personality);
                            personality_targets.len() - 1
                        }
                    };
                    encoding |= (index as u32 + 1) << PERSONALITY_SHIFT;
                }
                LSDA_FIELD => lsda = Some((e.target, e.addend)),
                _ => {} // refused by `link_records`
            }
        }
        let Some((function, addend)) = function else {
            continue; // refused by `link_records`; a record without one is not live
        };
        records.push(Record {
            function,
            addend,
            length: length(graph, b),
            encoding,
            lsda,
            fde,
            file,
        });
    }
    // The records are not loaded: nothing may keep pointing at them. (Each function block
    // once: one block may hold many functions.)
    let retired: FxHashSet<BlockId> = record_blocks.iter().copied().collect();
    let functions: FxHashSet<BlockId> = records
        .iter()
        .filter_map(|r| Some(place(graph, r.function, r.addend)?.0))
        .collect();
    for block in functions {
        let symbols = &graph.symbols;
        graph.blocks[block as usize].edges.retain(|e| {
            !(e.kind == KEEP_ALIVE
                && matches!(symbols[e.target as usize].def,
                    Def::Block { block, .. } if retired.contains(&block)))
        });
    }
    for &b in &record_blocks {
        graph.blocks[b as usize].live = false;
    }
    if records.is_empty() {
        return Ok(None);
    }

    let base = match graph.lookup(BASE_SYMBOL) {
        Some(id) if matches!(graph.sym(id).def, Def::Absolute(_)) => id,
        _ => header(graph, records[0].file),
    };
    graph.symbols[base as usize].live = true;
    let personalities = personality_targets
        .into_iter()
        .map(|p| {
            let target = match p {
                Personality::Outside(sym) => sym,
                Personality::At(at, sym) => symbol_at(graph, at, sym),
            };
            super::got::got_entry(graph, target)
        })
        .collect::<Vec<_>>();
    let lsdas = records.iter().filter(|r| r.lsda.is_some()).count();
    let pages = records.len().div_ceil(ENTRIES_PER_PAGE);
    let size = HEADER_SIZE
        + personalities.len() * 4
        + (pages + 1) * INDEX_ENTRY_SIZE
        + lsdas * LSDA_ENTRY_SIZE
        + pages * PAGE_HEADER_SIZE
        + records.len() * PAGE_ENTRY_SIZE;
    let file = records[0].file;
    let s = graph.add_section(
        file,
        UNWIND_INFO_SECTION.into(),
        Prot::Read,
        SectionKind::UnwindInfo,
    );
    let table = graph.add_block(s, Content::Bytes(Cow::Owned(vec![0; size])), 8);
    graph.blocks[table as usize].live = true;
    for r in &records {
        let edge = keep_alive(0, r.function);
        graph.blocks[table as usize].edges.push(edge);
    }
    Ok(Some(UnwindInfo {
        records,
        personalities,
        base,
        table,
    }))
}

/// A personality function a record names.
enum Personality {
    /// In the link, at (block, offset), by way of the symbol the record's relocation names.
    At((BlockId, u64), SymbolId),
    Outside(SymbolId),
}

impl Personality {
    fn same(&self, other: &Personality) -> bool {
        match (self, other) {
            (Personality::At(a, _), Personality::At(b, _)) => a == b,
            (Personality::Outside(a), Personality::Outside(b)) => a == b,
            _ => false,
        }
    }
}

/// A symbol for the personality at `at`, for its GOT entry: the named one there if any (a
/// record names its personality by address when the function is in the same file, and
/// `got_addr` in a `-check` rule looks the entry up by name), else `sym` if it points there
/// itself, else a new anonymous one. A scan of the symbols, for each of at most three
/// personalities.
fn symbol_at(graph: &mut LinkGraph<'_>, at: (BlockId, u64), sym: SymbolId) -> SymbolId {
    let named = (0..graph.symbols.len() as SymbolId)
        .find(|&id| !graph.sym(id).name().is_empty() && place(graph, id, 0) == Some(at));
    match named {
        Some(id) => id,
        None if place(graph, sym, 0) == Some(at) => sym,
        None => {
            let file = graph.sym(sym).file;
            graph.add_anonymous(at.0, at.1, file)
        }
    }
}

/// The link's own Mach-O header (`mach_header_64`, `MH_OBJECT`, no load commands) and the
/// local `__jitlink$libunwind_dso_base` naming it.
fn header(graph: &mut LinkGraph<'_>, file: FileId) -> SymbolId {
    let (cpu_type, cpu_subtype) = graph.arch.macho_cpu();
    let mut bytes = Vec::with_capacity(32);
    for word in [0xfeed_facf, cpu_type, cpu_subtype, object::macho::MH_OBJECT] {
        bytes.extend_from_slice(&u32::to_le_bytes(word));
    }
    bytes.resize(32, 0);
    let s = graph.add_section(
        file,
        HEADER_SECTION.into(),
        Prot::Read,
        SectionKind::ImageHeader,
    );
    let b = graph.add_block(s, Content::Bytes(Cow::Owned(bytes)), 8);
    graph.blocks[b as usize].live = true;
    let sym = graph.add_anonymous(b, 0, file);
    let s = &mut graph.symbols[sym as usize];
    s.raw_name = BASE_SYMBOL.as_bytes();
    s.size = 32;
    sym
}

/// Fills in the table once every address is known: records in address order, neighbours
/// with the same mergeable encoding in one entry, as ld64 writes it.
pub fn write(
    graph: &mut LinkGraph<'_>,
    info: UnwindInfo,
    eh_frame_start: Option<u64>,
) -> Result<()> {
    let UnwindInfo {
        records,
        personalities,
        base,
        table,
    } = info;
    let base_addr = graph.sym_addr(base).unwrap_or(0);
    let base_name = match graph.sym(base).def {
        Def::Absolute(_) => format!("{BASE_SYMBOL} ({base_addr:#x})"),
        _ => format!("the link's Mach-O header ({base_addr:#x})"),
    };
    let addr =
        |sym: SymbolId, addend: i64| graph.sym_addr(sym).unwrap_or(0).wrapping_add(addend as u64);
    let mut sorted: Vec<(u64, &Record)> = records
        .iter()
        .map(|r| (addr(r.function, r.addend), r))
        .collect();
    sorted.sort_by_key(|&(a, _)| a);
    let end = sorted
        .iter()
        .map(|&(a, r)| a.wrapping_add(r.length))
        .max()
        .unwrap_or(0);
    let file_of = |r: &Record| graph.files[r.file as usize].name.as_str();
    let last_file = sorted.last().map_or("", |&(_, r)| file_of(r));
    let mergeable = graph.arch.compact_unwind().mergeable;
    let dwarf_mode = graph.arch.compact_unwind().dwarf;
    let mut entries: Vec<(u64, &Record)> = Vec::with_capacity(sorted.len());
    for (a, r) in sorted {
        let merges = entries.last().is_some_and(|&(_, last): &(u64, &Record)| {
            last.encoding == r.encoding
                && r.lsda.is_none()
                && last.lsda.is_none()
                && mergeable.contains(&(r.encoding & crate::arch::COMPACT_UNWIND_MODE_MASK))
        });
        if !merges {
            entries.push((a, r));
        }
    }

    let delta = |what: &str, llvm: &str, at: u64, file: &str| -> Result<u32> {
        match at
            .checked_sub(base_addr)
            .and_then(|d| u32::try_from(d).ok())
        {
            Some(d) => Ok(d),
            None => {
                let how = if at < base_addr {
                    "is below"
                } else {
                    "is more than 4 GiB above"
                };
                Err(Error::new(format!(
                    "{file}: {UNWIND_INFO_SECTION}: {what} at {at:#x} {how} the compact unwind \
                     base, {base_name}: the table's offsets are 32-bit"
                ))
                .with_llvm(format!(
                    "In {file} {UNWIND_INFO_SECTION}, {llvm} {at:#x} exceeds 32 bits"
                )))
            }
        }
    };

    let mut out: Vec<u8> = Vec::new();
    let word = |out: &mut Vec<u8>, w: u32| out.extend_from_slice(&w.to_le_bytes());
    let pages = entries.len().div_ceil(ENTRIES_PER_PAGE);
    let personality_offset = HEADER_SIZE;
    let index_offset = personality_offset + personalities.len() * 4;
    let lsda_offset = index_offset + (pages + 1) * INDEX_ENTRY_SIZE;
    let lsda_count = entries.iter().filter(|(_, r)| r.lsda.is_some()).count();
    let pages_offset = lsda_offset + lsda_count * LSDA_ENTRY_SIZE;
    // unwind_info_section_header: version 1, no common encodings.
    for w in [
        1,
        HEADER_SIZE as u32,
        0,
        personality_offset as u32,
        personalities.len() as u32,
        index_offset as u32,
        pages as u32 + 1,
    ] {
        word(&mut out, w);
    }
    for &p in &personalities {
        let at = graph.sym_addr(p).unwrap_or(0);
        let d = match at
            .checked_sub(base_addr)
            .and_then(|d| u32::try_from(d).ok())
        {
            Some(d) => d,
            None => {
                return Err(Error::new(format!(
                    "{last_file}: {UNWIND_INFO_SECTION}: the GOT entry of a personality at \
                     {at:#x} is out of 32-bit range of the compact unwind base, {base_name}"
                ))
                .with_llvm(format!(
                    "In {last_file} {UNWIND_INFO_SECTION}, personality at {at:#x} is out of \
                     32-bit delta range of compact-unwind base at {base_addr:#x}"
                )))
            }
        };
        word(&mut out, d);
    }
    // The first-level index: one entry per page, then one for the end of the functions.
    // Function offsets are checked where the second-level pages repeat them (llvm-jitlink
    // reports the end of the functions first, so does this).
    let unchecked = |a: u64| a.wrapping_sub(base_addr) as u32;
    let mut lsdas_before = 0;
    for (k, page) in entries.chunks(ENTRIES_PER_PAGE).enumerate() {
        word(&mut out, unchecked(page[0].0));
        word(&mut out, (pages_offset + k * 4096) as u32);
        word(
            &mut out,
            (lsda_offset + lsdas_before * LSDA_ENTRY_SIZE) as u32,
        );
        lsdas_before += page.iter().filter(|(_, r)| r.lsda.is_some()).count();
    }
    word(
        &mut out,
        delta(
            "the end of the functions",
            "delta to end of functions ",
            end,
            last_file,
        )?,
    );
    word(&mut out, 0);
    word(&mut out, pages_offset as u32);
    for &(a, r) in &entries {
        if let Some((lsda, addend)) = r.lsda {
            word(&mut out, unchecked(a));
            let lsda = addr(lsda, addend);
            word(
                &mut out,
                delta("LSDA", "delta to lsda at", lsda, file_of(r))?,
            );
        }
    }
    for page in entries.chunks(ENTRIES_PER_PAGE) {
        word(&mut out, REGULAR_PAGE);
        out.extend_from_slice(&(PAGE_HEADER_SIZE as u16).to_le_bytes());
        out.extend_from_slice(&(page.len() as u16).to_le_bytes());
        for &(a, r) in page {
            let file = file_of(r);
            word(
                &mut out,
                delta("function", "delta to function at", a, file)?,
            );
            let mut encoding = r.encoding;
            if encoding & crate::arch::COMPACT_UNWIND_MODE_MASK == dwarf_mode {
                let fde = r.fde.and_then(|f| graph.sym_addr(f)).unwrap_or(0);
                let offset = fde.wrapping_sub(eh_frame_start.unwrap_or(fde));
                if offset > u64::from(FDE_OFFSET_MASK) {
                    return Err(Error::new(format!(
                        "{file}: {UNWIND_INFO_SECTION}: the FDE at {fde:#x} is {offset:#x} \
                         bytes into __eh_frame, more than a DWARF-mode encoding's 24 bits hold"
                    ))
                    .with_llvm(format!(
                        "In {file} {UNWIND_INFO_SECTION}, cannot encode delta {offset:x} to \
                         FDE at {fde:#x}"
                    )));
                }
                encoding |= offset as u32;
            }
            word(&mut out, encoding);
        }
    }
    // `reserve` made room for every record; merged ones leave zeros at the end.
    if let Content::Bytes(bytes) = &mut graph.blocks[table as usize].content {
        if let Some(room) = bytes.to_mut().get_mut(..out.len()) {
            room.copy_from_slice(&out);
        }
    }
    Ok(())
}
