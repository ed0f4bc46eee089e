//! Fixup: copies each live block into working memory and applies its edges, computing with
//! target addresses. Every failure names the file, section, offset, relocation and symbol.

use super::got::got_base;
use super::graph::{Content, Def, Edge, LinkGraph, MACHO_RELOC};
use super::layout::Layout;
use super::tls::{self, ExternalTls};
use crate::arch::{self, FixupValues};
use crate::error::{printable, Error, Result};

/// Links with fewer edges than this are fixed up on one thread (starting more costs more).
const PARALLEL_EDGES: usize = 16 * 1024;

/// Copies every block of `layout.order` into `working` and applies its edges. Large links are
/// cut into runs of consecutive blocks, each with the part of `working` its blocks occupy,
/// fixed up in parallel; the error reported is the first in layout order, as on one thread.
pub fn apply_all(
    graph: &LinkGraph<'_>,
    layout: &Layout,
    external_tls: Option<&ExternalTls>,
    working: &mut [u8],
) -> Result<()> {
    let got = got_base(graph);
    let ctx = Context {
        graph,
        external_tls,
        got,
    };
    let edges: usize = layout
        .order
        .iter()
        .map(|&b| graph.blocks[b as usize].edges.len())
        .sum();
    let threads = rayon::current_num_threads();
    if edges < PARALLEL_EDGES || threads < 2 || layout.order.is_empty() {
        return ctx.apply_run(&layout.order, 0, working);
    }
    // Runs of about equal numbers of edges; block offsets grow along the layout order, so
    // each run owns the bytes from its first block to the next run's first block.
    let per_run = edges.div_ceil(threads * 4);
    let mut runs: Vec<(&[u32], usize, &mut [u8])> = Vec::new();
    let mut rest = working;
    let mut rest_start = 0usize;
    let mut first = 0;
    let mut count = 0;
    for (i, &b) in layout.order.iter().enumerate() {
        count += graph.blocks[b as usize].edges.len();
        let last = i + 1 == layout.order.len();
        if count < per_run && !last {
            continue;
        }
        let end = if last {
            rest_start + rest.len()
        } else {
            graph.blocks[layout.order[i + 1] as usize].offset as usize
        };
        let Some(split) = end.checked_sub(rest_start).filter(|&n| n <= rest.len()) else {
            return Err(Error::new("internal error: blocks out of layout order"));
        };
        let (mine, tail) = std::mem::take(&mut rest).split_at_mut(split);
        runs.push((&layout.order[first..=i], rest_start, mine));
        rest = tail;
        rest_start = end;
        first = i + 1;
        count = 0;
    }
    use rayon::prelude::*;
    let results: Vec<Result<()>> = runs
        .into_par_iter()
        .map(|(blocks, start, mem)| ctx.apply_run(blocks, start, mem))
        .collect();
    results.into_iter().collect()
}

/// What every block's fixup reads.
struct Context<'g, 'a> {
    graph: &'g LinkGraph<'a>,
    external_tls: Option<&'g ExternalTls>,
    got: u64,
}

impl Context<'_, '_> {
    /// Fixes up `blocks` into `working`, which holds the reservation's bytes from offset
    /// `start` on.
    fn apply_run(&self, blocks: &[u32], start: usize, working: &mut [u8]) -> Result<()> {
        let graph = self.graph;
        let external_tls = self.external_tls;
        let got = self.got;
        for &b in blocks {
            let block = &graph.blocks[b as usize];
            let range = (block.offset as usize)
                .checked_sub(start)
                .map(|s| s..s + block.size() as usize);
            let Some(mem) = range.and_then(|r| working.get_mut(r)) else {
                return Err(Error::new("internal error: block outside working memory"));
            };
            match &block.content {
                Content::Bytes(bytes) => mem.copy_from_slice(bytes),
                Content::Zero(_) if block.edges.iter().all(|e| e.kind == arch::KEEP_ALIVE) => {
                    continue
                }
                Content::Zero(_) => {
                    return Err(edge_error(
                        graph,
                        b,
                        &block.edges[0],
                        "relocation in a zero-filled section",
                    ))
                }
            }
            let p0 = graph.block_addr(b);
            for edge in &block.edges {
                if edge.kind == arch::KEEP_ALIVE {
                    continue;
                }
                let target = graph.sym(edge.target);
                let Some(s) = graph.sym_addr(edge.target) else {
                    let why = match target.def {
                        Def::Discarded => "target is in a section that is not loaded (discarded COMDAT group or non-allocated section)",
                        _ => "target has no address",
                    };
                    return Err(edge_error(graph, b, edge, why));
                };
                let values = FixupValues {
                    s,
                    a: edge.addend,
                    p: p0.wrapping_add(u64::from(edge.offset)),
                    z: target.size,
                    got,
                    stub: match graph.arch.got_request(edge.kind) {
                        arch::GotRequest::Stub | arch::GotRequest::StubAndGotBase => graph
                            .stubs
                            .get(&edge.target)
                            .and_then(|&stub| graph.sym_addr(stub)),
                        _ => None,
                    },
                    tls: tls::values(graph, edge.target, external_tls),
                };
                arch::apply(graph.arch, edge.kind, mem, edge.offset as usize, &values).map_err(|e| {
                    let mut why = e.to_string();
                    if matches!(e, arch::FixupError::OutOfRange { .. }) && matches!(target.def, Def::External(_)) {
                        // Typically non-PIC code reading a variable of a shared library, which a
                        // static link would satisfy with a copy relocation.
                        why.push_str(" (the target is outside the link, in the process; compile the object with -fPIC or -fPIE)");
                    }
                    if e == arch::FixupError::NotThreadLocal && matches!(target.def, Def::External(_)) {
                        why = match external_tls {
                            Some(_) => "the thread-local variable is outside the link and not in the process's static TLS (it belongs to a library loaded at run time); link that library's static archive instead".into(),
                            None => "the thread-local variable is outside the link, where this executor cannot give its offset from the thread pointer (use rjitlink-executor, or link the library that defines it statically)".into(),
                        };
                    }
                    edge_error(graph, b, edge, &why)
                })?;
            }
        }
        Ok(())
    }
}

/// `file.o: section .text+0x1c: R_X86_64_PC32 against 'foo': <why>`
pub fn edge_error(graph: &LinkGraph<'_>, block: u32, edge: &Edge, why: &str) -> Error {
    let b = &graph.blocks[block as usize];
    let section = graph.section_of(block);
    let file = &graph.files[section.file as usize].name;
    let reloc = if edge.reloc & MACHO_RELOC != 0 {
        super::macho::reloc_name(graph.arch.name(), edge.reloc as u8).to_string()
    } else if edge.reloc != 0 {
        graph.arch.elf_reloc_name(edge.reloc)
    } else {
        arch::kind_name(graph.arch, edge.kind).to_string()
    };
    let target = graph.sym(edge.target);
    let against = match (target.name().is_empty(), target.def) {
        (false, _) => format!("'{}'", printable(target.name())),
        (true, Def::Block { block: tb, offset }) => format!(
            "section {}+{:#x}",
            graph.section_of(tb).name,
            graph.blocks[tb as usize].input_offset + offset
        ),
        (true, _) => "<anonymous>".into(),
    };
    Error::new(format!(
        "{file}: section {}+{:#x}: {reloc} against {against}: {why}",
        section.name,
        b.input_offset + u64::from(edge.offset)
    ))
}
