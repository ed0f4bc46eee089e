//! The GOT and stub pass: edges that load an address from the GOT are pointed at a GOT entry
//! made for their target (one per target), branches to targets outside the link are pointed at
//! a stub that jumps through the target's GOT entry, and GOT loads whose target is defined in
//! the link are relaxed to address it directly (so they need no entry at all). Branches to
//! targets outside the link get a stub (through the GOT) that fixup uses only when the target
//! is beyond the branch's reach.

use std::borrow::Cow;

use rayon::prelude::*;

use super::graph::{
    BlockId, Content, Def, Edge, LinkGraph, Prot, SectionId, SectionKind, Symbol, SymbolId,
};
use crate::arch::{
    Arch, EdgeKind, GotRequest, TlsEntry, POINTER64, TLS_DTPMOD64, TLS_DTPOFF64, TLS_TPOFF64,
};

pub const GOT_SECTION: &str = "$__GOT";
pub const STUBS_SECTION: &str = "$__STUBS";
pub const GOT_SYMBOL: &str = "_GLOBAL_OFFSET_TABLE_";

/// Rewrites the edges of live blocks; new entries and stubs are live.
///
/// Two passes: the first settles, block by block and in parallel in large links, every edge
/// that needs nothing shared (most: no GOT request, a branch within reach, a GOT load relaxed
/// to address its target directly) and lists the others; the second makes the GOT entries and
/// stubs for those, one by one in block and edge order, as a single pass would.
pub fn build(graph: &mut LinkGraph<'_>) -> crate::error::Result<()> {
    let arch = graph.arch;
    // A link bigger than a branch's reach may separate a branch from a target in the link
    // too: then every branch target gets a stub to fall back on (a range-extension veneer).
    // The margin allows for page padding between segments and the stubs and GOT entries.
    let (live_size, live_edges) = graph
        .blocks
        .iter()
        .filter(|b| b.live)
        .fold((0u64, 0usize), |(size, edges), b| {
            (size + b.size(), edges + b.edges.len())
        });
    let huge = live_size.saturating_mul(2).saturating_add(1 << 20) >= arch.branch_reach();
    let settle = Settle {
        arch,
        symbols: &graph.symbols,
        huge,
        tls_dynamic: graph.tls_dynamic,
    };
    let pending: Vec<(BlockId, u32)> = if live_edges >= PARALLEL_EDGES {
        graph
            .blocks
            .par_iter_mut()
            .enumerate()
            .filter(|(_, block)| block.live)
            .flat_map_iter(|(b, block)| {
                let (content, edges) = (&block.content, &mut block.edges);
                let chunks: Vec<Vec<u32>> = if edges.len() >= PARALLEL_EDGES {
                    edges
                        .par_chunks_mut(PARALLEL_EDGES)
                        .enumerate()
                        .map(|(c, chunk)| settle.edges(content, chunk, (c * PARALLEL_EDGES) as u32))
                        .collect()
                } else {
                    vec![settle.edges(content, edges, 0)]
                };
                chunks.into_iter().flatten().map(move |e| (b as BlockId, e))
            })
            .collect()
    } else {
        let mut pending = Vec::new();
        for (b, block) in graph.blocks.iter_mut().enumerate().filter(|(_, b)| b.live) {
            let (content, edges) = (&block.content, &mut block.edges);
            pending.extend(
                settle
                    .edges(content, edges, 0)
                    .into_iter()
                    .map(|e| (b as BlockId, e)),
            );
        }
        pending
    };
    for (b, e) in pending {
        rewrite(graph, b, e as usize, huge)?;
    }
    Ok(())
}

/// Edges in a link of at least this many are settled in parallel (and a block's edges in runs
/// of this many).
const PARALLEL_EDGES: usize = 16 * 1024;

/// What the first pass of [`build`] reads.
struct Settle<'g, 'a> {
    arch: &'static dyn Arch,
    symbols: &'g [Symbol<'a>],
    huge: bool,
    tls_dynamic: bool,
}

impl Settle<'_, '_> {
    /// Settles what it can of `edges` (of a block with `content`; the first is edge `first` of
    /// the block) and returns the indices of the others, for [`rewrite`].
    fn edges(&self, content: &Content<'_>, edges: &mut [Edge], first: u32) -> Vec<u32> {
        let mut pending = Vec::new();
        for (i, edge) in edges.iter_mut().enumerate() {
            let request = self.arch.got_request(edge.kind);
            if request == GotRequest::None {
                continue; // most edges
            }
            let in_link = self.symbols[edge.target as usize].is_defined_in_link();
            let bytes = match content {
                Content::Bytes(bytes) => &bytes[..],
                Content::Zero(_) => &[],
            };
            let relaxed = match request {
                GotRequest::Stub if in_link && !self.huge => continue,
                GotRequest::Got { .. } if in_link && !bytes.is_empty() => {
                    self.arch
                        .relax_got_load(edge.kind, bytes, u64::from(edge.offset), edge.addend)
                }
                GotRequest::Tls {
                    entry: TlsEntry::TpOff,
                    ..
                } if in_link && !self.tls_dynamic && !bytes.is_empty() => self
                    .arch
                    .relax_tls_got_load(edge.kind, bytes, u64::from(edge.offset)),
                _ => None,
            };
            match relaxed {
                Some(kind) => edge.kind = kind,
                None => pending.push(first + i as u32),
            }
        }
        pending
    }
}

/// Points edge `e` of block `b` at the GOT entry or stub it needs, made on first use (or
/// relaxes it, as the first pass of [`build`] would).
fn rewrite(
    graph: &mut LinkGraph<'_>,
    b: BlockId,
    e: usize,
    huge: bool,
) -> crate::error::Result<()> {
    let arch = graph.arch;
    let Edge {
        kind,
        target,
        addend,
        offset,
        ..
    } = graph.blocks[b as usize].edges[e];
    let request = arch.got_request(kind);
    let in_link = graph.sym(target).is_defined_in_link();
    let rewritten = match request {
        GotRequest::None => return Ok(()),
        GotRequest::GotBase => {
            got_section(graph);
            return Ok(());
        }
        GotRequest::StubAndGotBase => {
            got_section(graph);
            if !in_link || huge {
                stub(graph, target);
            }
            return Ok(());
        }
        GotRequest::Stub if in_link && !huge => return Ok(()),
        GotRequest::Stub => {
            // The edge keeps its target; fixup falls back on the stub when the
            // target is out of the branch's reach.
            stub(graph, target);
            return Ok(());
        }
        GotRequest::Tls { entry, .. } if entry == TlsEntry::TpOff && graph.tls_dynamic => {
            let edge = graph.blocks[b as usize].edges[e];
            return Err(super::fixup::edge_error(
                graph,
                b,
                &edge,
                &crate::arch::FixupError::NeedsStaticTls.to_string(),
            ));
        }
        GotRequest::Tls { entry, then } => {
            let relaxed = match (&graph.blocks[b as usize].content, entry) {
                (Content::Bytes(bytes), TlsEntry::TpOff) if in_link => {
                    arch.relax_tls_got_load(kind, bytes, u64::from(offset))
                }
                _ => None,
            };
            match relaxed {
                Some(relaxed) => (target, relaxed),
                None => (tls_entry(graph, target, entry), then),
            }
        }
        GotRequest::Got { then } => {
            let relaxed = match &graph.blocks[b as usize].content {
                Content::Bytes(bytes) => {
                    arch.relax_got_load(kind, bytes, u64::from(offset), addend)
                }
                _ => None,
            };
            // A target outside the link at a known address (not a missing weak one) may be in
            // reach once the link is laid out: relaxed then, through its GOT entry if not.
            let outside =
                matches!(graph.sym(target).def, Def::External(a) | Def::Absolute(a) if a != 0);
            match relaxed {
                Some(relaxed) if in_link => (target, relaxed),
                Some(relaxed) if outside => match arch.relax_with_fallback(relaxed) {
                    Some(fallback) => {
                        got_entry(graph, target);
                        (target, fallback)
                    }
                    None => (got_entry(graph, target), then),
                },
                _ => (got_entry(graph, target), then),
            }
        }
        GotRequest::GotFallback => return Ok(()),
    };
    let edge = &mut graph.blocks[b as usize].edges[e];
    (edge.target, edge.kind) = rewritten;
    Ok(())
}

/// The GOT section, made on first use with an empty block at its start that marks the GOT base.
pub fn got_section(graph: &mut LinkGraph<'_>) -> BlockId {
    if let Some(s) = graph.got_section {
        return graph.sections[s as usize].blocks[0];
    }
    let file = 0;
    let s = graph.add_section(file, GOT_SECTION.into(), Prot::Read, SectionKind::Got);
    graph.got_section = Some(s);
    let base = graph.add_block(s, Content::Bytes(Cow::Borrowed(&[])), 8);
    graph.blocks[base as usize].live = true;
    base
}

/// The GOT base address (0 when the link has no GOT).
pub fn got_base(graph: &LinkGraph<'_>) -> u64 {
    match graph.got_section {
        Some(s) => graph.block_addr(graph.sections[s as usize].blocks[0]),
        None => 0,
    }
}

/// Defines `_GLOBAL_OFFSET_TABLE_` at the GOT base when some input refers to it.
pub fn define_got_symbol(graph: &mut LinkGraph<'_>) {
    let Some(id) = graph.lookup(GOT_SYMBOL) else {
        return;
    };
    if graph.sym(id).def != Def::Undefined {
        return;
    }
    let base = got_section(graph);
    let sym = &mut graph.symbols[id as usize];
    sym.def = Def::Block {
        block: base,
        offset: 0,
    };
    sym.scope = super::graph::Scope::Hidden;
}

/// The GOT entry holding `target`'s address, made on first use.
pub fn got_entry(graph: &mut LinkGraph<'_>, target: SymbolId) -> SymbolId {
    if let Some(&entry) = graph.got_entries.get(&target) {
        return entry;
    }
    let base = got_section(graph);
    let section = graph.blocks[base as usize].section;
    let (bytes, kind) = graph.arch.got_entry();
    let edges = [(0, kind, 0)];
    let sym = add_entry(
        graph,
        section,
        bytes,
        bytes.len() as u64,
        &edges,
        target,
        target,
    );
    graph.got_entries.insert(target, sym);
    sym
}

/// A thread-local GOT entry for `target` (see [`super::tls`]): TPOFF word, `tls_index`,
/// module index (one per link) or descriptor.
fn tls_entry(graph: &mut LinkGraph<'_>, target: SymbolId, entry: TlsEntry) -> SymbolId {
    let key_target = match entry {
        TlsEntry::ModuleIndex => SymbolId::MAX,
        _ => target,
    };
    if let Some(&sym) = graph.tls_entries.get(&(key_target, entry)) {
        return sym;
    }
    let base = got_section(graph);
    let section = graph.blocks[base as usize].section;
    const WORD: &[u8] = &[0; 8];
    const PAIR: &[u8] = &[0; 16];
    let sym = match entry {
        TlsEntry::TpOff => add_entry(
            graph,
            section,
            WORD,
            8,
            &[(0, TLS_TPOFF64, 0)],
            target,
            target,
        ),
        TlsEntry::Index => add_entry(
            graph,
            section,
            PAIR,
            8,
            &[(0, TLS_DTPMOD64, 0), (8, TLS_DTPOFF64, 0)],
            target,
            target,
        ),
        TlsEntry::ModuleIndex => add_entry(
            graph,
            section,
            PAIR,
            8,
            &[(0, TLS_DTPMOD64, 0)],
            target,
            target,
        ),
        TlsEntry::Descriptor => {
            let resolver = super::tls::resolver(graph);
            // The argument: TPOFF(S) for the static resolver, DTPOFF(S) for the runtime's.
            let arg = if graph.tls_dynamic {
                TLS_DTPOFF64
            } else {
                TLS_TPOFF64
            };
            let sym = add_entry(graph, section, PAIR, 8, &[(8, arg, 0)], target, target);
            if let Def::Block { block, .. } = graph.sym(sym).def {
                let resolver_edge = Edge {
                    offset: 0,
                    kind: POINTER64,
                    target: resolver,
                    addend: 0,
                    reloc: 0,
                };
                graph.blocks[block as usize].edges.insert(0, resolver_edge);
            }
            sym
        }
    };
    graph.tls_entries.insert((key_target, entry), sym);
    sym
}

fn stub(graph: &mut LinkGraph<'_>, target: SymbolId) -> SymbolId {
    if let Some(&stub) = graph.stubs.get(&target) {
        return stub;
    }
    let entry = got_entry(graph, target);
    let section = match graph.stubs_section {
        Some(s) => s,
        None => {
            let s = graph.add_section(0, STUBS_SECTION.into(), Prot::ReadExec, SectionKind::Stubs);
            graph.stubs_section = Some(s);
            s
        }
    };
    let (bytes, edges) = graph.arch.stub();
    let align = graph.arch.stub_align();
    let sym = add_entry(graph, section, bytes, align, edges, entry, target);
    graph.stubs.insert(target, sym);
    sym
}

/// A live block of `bytes` in `section` whose `edges` point at `edge_target`, and the
/// anonymous symbol that names it (attributed to the file of `for_target`).
fn add_entry(
    graph: &mut LinkGraph<'_>,
    section: SectionId,
    bytes: &'static [u8],
    align: u64,
    edges: &[(u64, EdgeKind, i64)],
    edge_target: SymbolId,
    for_target: SymbolId,
) -> SymbolId {
    let block = graph.add_block(section, Content::Bytes(Cow::Borrowed(bytes)), align);
    graph.blocks[block as usize].live = true;
    for &(offset, kind, addend) in edges {
        let edge = Edge {
            offset: offset as u32, // within an entry or stub of a few bytes
            kind,
            target: edge_target,
            addend,
            reloc: 0,
        };
        graph.blocks[block as usize].edges.push(edge);
    }
    let file = graph.sym(for_target).file;
    let sym = graph.add_anonymous(block, 0, file);
    graph.symbols[sym as usize].size = bytes.len() as u64;
    graph.symbols[sym as usize].live = true;
    sym
}
