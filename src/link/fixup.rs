//! Fixup: copies each live block into working memory and applies its edges, computing with
//! target addresses. Every failure names the file, section, offset, relocation and symbol.
//!
//! Without working memory (a `-noexec` link whose image nothing reads), every edge is still
//! computed, checked and written, but into scratch: each cluster of edges whose reaches
//! ([`arch::FIXUP_REACH`]) overlap gets a copy of just the bytes they touch. The errors are
//! those of a fixup into the image, and the reservation is never touched (on a large link,
//! faulting its pages in was most of fixup).

use super::got::got_base;
use super::graph::{Content, Def, Edge, LinkGraph, Symbol, MACHO_RELOC};
use super::layout::Layout;
use super::tls::{self, ExternalTls};
use crate::arch::{self, FixupValues};
use crate::error::{printable, Error, Result};

/// Links with fewer edges than this are fixed up on one thread (starting more costs more).
const PARALLEL_EDGES: usize = 16 * 1024;

/// How many edges ahead fixup prefetches targets (enough to cover a miss to memory).
const PREFETCH_AHEAD: usize = 8;

/// Copies every block of `layout.order` into `working` and applies its edges; with no
/// `working`, only computes and checks them (see the module's notes). Large links are cut into
/// runs of consecutive [`Piece`]s, each with the part of `working` its pieces occupy, fixed up
/// in parallel; the error reported is the first in layout order, as on one thread.
pub fn apply_all(
    graph: &LinkGraph<'_>,
    layout: &Layout,
    external_tls: Option<&ExternalTls>,
    working: Option<&mut [u8]>,
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
        let whole = pieces(graph, &layout.order, usize::MAX);
        return match working {
            Some(working) => ctx.apply_run(&whole, 0, working),
            None => ctx.check_run(&whole),
        };
    }
    ctx.apply_in_runs(&layout.order, edges.div_ceil(threads * 4), working)
}

/// Part of a block that is fixed up on its own: the block's edges `edges` read and write only
/// its bytes `bytes` (offsets in the block), and no other edge touches them.
struct Piece {
    block: u32,
    edges: std::ops::Range<usize>,
    bytes: std::ops::Range<usize>,
    /// Whether its applied edges are in offset order, if [`pieces`] found out.
    sorted: Option<bool>,
}

/// The pieces of `order`'s blocks: each block whole, except that a block with more than
/// `max_edges` edges is cut after about every `max_edges` of them, between two edges whose
/// reaches ([`arch::FIXUP_REACH`]) leave a byte between them uncovered. Only a block whose
/// edges are sorted by offset is cut; keep-alive edges (appended, and never applied) are
/// left out of both the order and the reaches.
fn pieces(graph: &LinkGraph<'_>, order: &[u32], max_edges: usize) -> Vec<Piece> {
    let (before, after) = arch::FIXUP_REACH;
    let mut out = Vec::with_capacity(order.len());
    for &b in order {
        let block = &graph.blocks[b as usize];
        let size = block.size() as usize;
        let edges = &block.edges;
        let whole = Piece {
            block: b,
            edges: 0..edges.len(),
            bytes: 0..size,
            sorted: None,
        };
        if edges.len() <= max_edges || !matches!(block.content, Content::Bytes(_)) {
            out.push(whole);
            continue;
        }
        // One pass: cut, and give up (the block whole) at the first edge out of order.
        let first = out.len();
        let (mut edge0, mut byte0) = (0, 0);
        // The last applied edge's offset, and where its reach ends.
        let (mut last, mut reach_end) = (0, 0);
        let mut since = 0;
        let mut sorted = true;
        for (i, edge) in edges.iter().enumerate() {
            if edge.kind == arch::KEEP_ALIVE {
                continue;
            }
            let at = edge.offset as usize;
            if at < last {
                sorted = false;
                break;
            }
            // A cut at `reach_end`: the bytes from there on are out of reach of the edges
            // before, and those before it out of reach of this edge and the ones after.
            if since >= max_edges && at >= reach_end + before && reach_end <= size {
                out.push(Piece {
                    block: b,
                    edges: edge0..i,
                    bytes: byte0..reach_end,
                    sorted: Some(true),
                });
                (edge0, byte0, since) = (i, reach_end, 0);
            }
            (last, reach_end) = (at, at + after);
            since += 1;
        }
        if !sorted {
            out.truncate(first);
            out.push(Piece {
                sorted: Some(false),
                ..whole
            });
            continue;
        }
        out.push(Piece {
            block: b,
            edges: edge0..edges.len(),
            bytes: byte0..size,
            sorted: Some(true),
        });
    }
    out
}

/// What every block's fixup reads.
struct Context<'g, 'a> {
    graph: &'g LinkGraph<'a>,
    external_tls: Option<&'g ExternalTls>,
    got: u64,
}

impl<'g> Context<'g, '_> {
    /// [`apply_all`] on `order`'s blocks in parallel runs of about `per_run` edges each.
    fn apply_in_runs(
        &self,
        order: &[u32],
        per_run: usize,
        working: Option<&mut [u8]>,
    ) -> Result<()> {
        let (ctx, graph) = (self, self.graph);
        // Runs of about equal numbers of edges; piece offsets grow along the layout order, so
        // each run owns the bytes from its first piece to the next run's first piece. A block
        // with more edges than a run is cut into pieces (one object's `.text` can hold them all).
        let all = pieces(graph, order, per_run);
        let start_of = |p: &Piece| graph.blocks[p.block as usize].offset as usize + p.bytes.start;
        // Each run: its pieces and where its bytes end.
        let mut runs: Vec<(&[Piece], usize)> = Vec::new();
        let mut first = 0;
        let mut count = 0;
        for (i, piece) in all.iter().enumerate() {
            count += piece.edges.len();
            let last = i + 1 == all.len();
            if count < per_run && !last {
                continue;
            }
            let end = if last {
                usize::MAX
            } else {
                start_of(&all[i + 1])
            };
            runs.push((&all[first..=i], end));
            first = i + 1;
            count = 0;
        }
        use rayon::prelude::*;
        let results: Vec<Result<()>> = match working {
            None => runs
                .into_par_iter()
                .map(|(pieces, _)| ctx.check_run(pieces))
                .collect(),
            Some(working) => {
                let mut parts: Vec<(&[Piece], usize, &mut [u8])> = Vec::with_capacity(runs.len());
                let mut rest = working;
                let mut rest_start = 0usize;
                for (pieces, end) in runs {
                    let end = end.min(rest_start + rest.len());
                    let Some(split) = end.checked_sub(rest_start) else {
                        return Err(Error::new("internal error: blocks out of layout order"));
                    };
                    let (mine, tail) = std::mem::take(&mut rest).split_at_mut(split);
                    parts.push((pieces, rest_start, mine));
                    rest = tail;
                    rest_start = end;
                }
                parts
                    .into_par_iter()
                    .map(|(pieces, start, mem)| ctx.apply_run(pieces, start, mem))
                    .collect()
            }
        };
        results.into_iter().collect()
    }

    /// Fixes up `pieces` into `working`, which holds the reservation's bytes from offset
    /// `start` on.
    fn apply_run(&self, pieces: &[Piece], start: usize, working: &mut [u8]) -> Result<()> {
        let graph = self.graph;
        for piece in pieces {
            let b = piece.block;
            let block = &graph.blocks[b as usize];
            let range = (block.offset as usize + piece.bytes.start)
                .checked_sub(start)
                .map(|s| s..s + piece.bytes.len());
            let Some(mem) = range.and_then(|r| working.get_mut(r)) else {
                return Err(Error::new("internal error: block outside working memory"));
            };
            let Some(bytes) = self.input_bytes(piece)? else {
                continue;
            };
            mem.copy_from_slice(bytes);
            let edges = &block.edges[piece.edges.clone()];
            for (i, edge) in edges.iter().enumerate() {
                // Keep-alive edges are never applied, and may lie anywhere (before the piece).
                if edge.kind == arch::KEEP_ALIVE {
                    continue;
                }
                self.prefetch_target(edges, i);
                self.apply_edge(b, edge, mem, edge.offset as usize - piece.bytes.start)?;
            }
        }
        Ok(())
    }

    /// The input bytes of `piece`, or `None` for a zero-filled block with nothing to apply
    /// (an edge other than keep-alive in one is an error).
    fn input_bytes(&self, piece: &Piece) -> Result<Option<&'g [u8]>> {
        let block = &self.graph.blocks[piece.block as usize];
        match &block.content {
            Content::Bytes(bytes) => match bytes.get(piece.bytes.clone()) {
                Some(part) => Ok(Some(part)),
                None => Err(Error::new("internal error: piece outside its block")),
            },
            Content::Zero(_) if block.edges.iter().all(|e| e.kind == arch::KEEP_ALIVE) => Ok(None),
            Content::Zero(_) => Err(edge_error(
                self.graph,
                piece.block,
                &block.edges[0],
                "relocation in a zero-filled section",
            )),
        }
    }

    /// Computes and checks `pieces`' edges into scratch copies of the bytes each cluster of
    /// them touches. A piece whose edges are not sorted by offset is copied whole.
    fn check_run(&self, pieces: &[Piece]) -> Result<()> {
        let graph = self.graph;
        let (before, after) = arch::FIXUP_REACH;
        let mut scratch: Vec<u8> = Vec::new();
        for piece in pieces {
            let b = piece.block;
            let block = &graph.blocks[b as usize];
            let Some(bytes) = self.input_bytes(piece)? else {
                continue;
            };
            let edges = &block.edges[piece.edges.clone()];
            let applied = || edges.iter().filter(|e| e.kind != arch::KEEP_ALIVE);
            // Offsets in the piece (of applied edges: keep-alive ones may lie before it).
            let at = |e: &Edge| e.offset as usize - piece.bytes.start;
            let sorted = piece.sorted.unwrap_or_else(|| {
                applied()
                    .zip(applied().skip(1))
                    .all(|(x, y)| x.offset <= y.offset)
            });
            if !sorted {
                scratch.clear();
                scratch.extend_from_slice(bytes);
                for edge in applied() {
                    self.apply_edge(b, edge, &mut scratch, at(edge))?;
                }
                continue;
            }
            // Clusters: an edge and each following edge that reaches a byte the ones before
            // it reach (keep-alive edges, never applied, fall in between).
            let mut i = 0;
            while i < edges.len() {
                if edges[i].kind == arch::KEEP_ALIVE {
                    i += 1;
                    continue;
                }
                let first = i;
                self.prefetch_target(edges, i);
                let mut end = at(&edges[i]) + after;
                i += 1;
                while let Some(next) = edges.get(i) {
                    if next.kind != arch::KEEP_ALIVE {
                        if at(next) >= end + before {
                            break;
                        }
                        end = at(next) + after;
                    }
                    i += 1;
                }
                let start = at(&edges[first]).saturating_sub(before);
                let window = start..end.min(bytes.len()).max(start);
                scratch.clear();
                scratch.extend_from_slice(bytes.get(window).unwrap_or_default());
                for edge in edges[first..i]
                    .iter()
                    .filter(|e| e.kind != arch::KEEP_ALIVE)
                {
                    self.apply_edge(b, edge, &mut scratch, at(edge) - start)?;
                }
            }
        }
        Ok(())
    }

    /// Asks the cache for the target symbol of the edge [`PREFETCH_AHEAD`] places after edge
    /// `i`: each edge reads its target at random in a table larger than the cache, and
    /// waiting for it was about a quarter of fixup's time on large links.
    #[inline(always)]
    fn prefetch_target(&self, edges: &[Edge], i: usize) {
        #[cfg(target_arch = "x86_64")]
        if let Some(sym) = edges
            .get(i + PREFETCH_AHEAD)
            .and_then(|e| self.graph.symbols.get(e.target as usize))
        {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: a prefetch only hints the cache; it never faults.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((sym as *const Symbol<'_>).cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (edges, i);
    }

    /// Applies `edge` of block `b` to `mem`, where its field is at offset `at`.
    fn apply_edge(&self, b: u32, edge: &Edge, mem: &mut [u8], at: usize) -> Result<()> {
        let graph = self.graph;
        let external_tls = self.external_tls;
        if edge.kind == arch::KEEP_ALIVE {
            return Ok(());
        }
        let p0 = graph.block_addr(b);
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
            got: self.got,
            stub: match graph.arch.got_request(edge.kind) {
                arch::GotRequest::Stub | arch::GotRequest::StubAndGotBase => graph
                    .stubs
                    .get(&edge.target)
                    .and_then(|&stub| graph.sym_addr(stub)),
                arch::GotRequest::GotFallback => graph
                    .got_entries
                    .get(&edge.target)
                    .and_then(|&entry| graph.sym_addr(entry)),
                _ => None,
            },
            tls: tls::values(graph, edge.target, external_tls),
        };
        arch::apply(graph.arch, edge.kind, mem, at, &values).map_err(|e| {
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
            let error = edge_error(graph, b, edge, &why);
            match e {
                arch::FixupError::OutOfRange { .. } => {
                    error.with_llvm(llvm_out_of_range(graph, b, edge, s))
                }
                _ => error,
            }
        })
    }
}

/// llvm-jitlink-22's out-of-range message: the target (`S + A`, and `name:S + A` when there is
/// an addend), the edge kind, and where: it prints S again as the fixup's address, then the
/// block by its best symbol (at offset 0, by scope then linkage) and the edge's offset.
fn llvm_out_of_range(graph: &LinkGraph<'_>, b: u32, edge: &Edge, s: u64) -> String {
    let section = graph.section_of(b);
    let file = &graph.files[section.file as usize].name;
    let target = graph.sym(edge.target);
    let name = match target.name() {
        [] => "<anonymous symbol>".into(),
        n => printable(n),
    };
    let at = s.wrapping_add(edge.addend as u64);
    let target_text = match edge.addend {
        0 => name.into_owned(),
        a => format!("{name}:{s:#x} + {:#x}", a as u64),
    };
    let best = graph
        .symbols
        .iter()
        .filter(|sym| !sym.name().is_empty())
        .filter(|sym| {
            sym.def
                == Def::Block {
                    block: b,
                    offset: 0,
                }
        })
        .min_by_key(|sym| (sym.scope, std::cmp::Reverse(sym.linkage)));
    let block_text = match best {
        Some(sym) => format!("{}, ", printable(sym.name())),
        None => "<anonymous block> @ ".into(),
    };
    format!(
        "In graph {file}, section {}: relocation target {at:#x} ({target_text}) is out of range of {} fixup at address {s:#x} ({block_text}{:#x} + {:#x})",
        section.name,
        arch::kind_name(graph.arch, edge.kind),
        graph.block_addr(b),
        edge.offset
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch::x86_64::RELAXED_LEA;
    use crate::arch::{EdgeKind, DELTA32, POINTER64};
    use crate::link::graph::{Prot, SectionKind, Symbol};
    use std::borrow::Cow;

    const TEXT: u64 = 0x1000;
    const SIZE: usize = 0x8000;

    /// A `.text` block of edges 7 to 30 bytes apart (closer than the reaches allow a cut
    /// between, often; POINTER64 fields 7 apart even overlap, so their order matters), some of
    /// them `mov` relaxations that read the opcode before their field; `bad` lists the edges
    /// whose target is out of DELTA32's range, and `clobber` the relaxations whose preceding
    /// edge becomes a POINTER64 that overwrites the opcode they check (an error only an edge
    /// applied before them causes). Returns the graph and its layout order.
    fn graph(bad: &[usize], clobber: &[usize]) -> (LinkGraph<'static>, Vec<u32>) {
        let mut g = LinkGraph::new(crate::arch::for_elf_machine(62).unwrap());
        let file = g.add_file("t.o".into(), "t.o".into(), "test".into());
        let text = g.add_section(file, ".text".into(), Prot::ReadExec, SectionKind::Text);
        let mut bytes: Vec<u8> = (0..SIZE).map(|i| (i * 7 + 3) as u8).collect();
        let data = g.add_block(text, Content::Zero(0x100), 16);
        let near = g.add_anonymous(data, 0x40, file);
        let mut far = Symbol::anonymous(Def::Absolute(1 << 40), file);
        far.raw_name = b"far";
        let far = g.add_symbol(far);
        let spacing = [7, 7, 11, 7, 12, 7, 7, 30, 7, 10, 11, 9];
        let mut edges = Vec::new();
        let mut at = 16usize;
        for i in 0.. {
            if at + 16 > SIZE {
                break;
            }
            // A relaxation follows a DELTA32 (whose field ends before the opcode it reads).
            let kind: EdgeKind = match i % 5 {
                3 | 4 => POINTER64,
                1 => {
                    bytes[at - 3..at].copy_from_slice(&[0x48, 0x8b, 0x05]);
                    RELAXED_LEA
                }
                _ => DELTA32,
            };
            let kind = match () {
                _ if bad.contains(&i) => DELTA32,
                _ if clobber.contains(&(i + 1)) => POINTER64,
                _ => kind,
            };
            edges.push(Edge {
                offset: at as u32,
                kind,
                target: if bad.contains(&i) { far } else { near },
                addend: i as i64,
                reloc: 0,
            });
            at += spacing[i % spacing.len()];
        }
        // Keep-alive edges, appended as the ELF reader appends them for FDEs: at offset 0, out
        // of order and before the last piece, which they fall in.
        let keep = Edge {
            offset: 0,
            kind: arch::KEEP_ALIVE,
            target: near,
            addend: 0,
            reloc: 0,
        };
        edges.extend([keep; 3]);
        let code = g.add_block(text, Content::Bytes(Cow::Owned(bytes)), 16);
        g.blocks[code as usize].edges = edges;
        g.blocks[code as usize].offset = TEXT;
        g.blocks[data as usize].offset = TEXT + SIZE as u64;
        g.base = 0x10_0000;
        (g, vec![code, data])
    }

    fn context<'g>(g: &'g LinkGraph<'static>) -> Context<'g, 'static> {
        Context {
            graph: g,
            external_tls: None,
            got: 0,
        }
    }

    /// One block fixed up whole, in runs of pieces of a few edges each (the parallel path of a
    /// large link), and only checked, in scratch: the same bytes and the same first error.
    #[test]
    fn a_block_cut_into_pieces_fixes_up_as_it_does_whole() {
        let (g, order) = graph(&[], &[]);
        let cuts = pieces(&g, &order, 5);
        let text = &g.blocks[order[0] as usize];
        assert!(cuts.len() > 200, "{} pieces", cuts.len());
        let (before, after) = arch::FIXUP_REACH;
        for w in cuts.windows(2).filter(|w| w[0].block == w[1].block) {
            // A cut leaves every edge's reach inside its own piece.
            let last = &text.edges[w[0].edges.end - 1];
            let next = &text.edges[w[1].edges.start];
            assert!(last.offset as usize + after <= w[0].bytes.end);
            assert!(next.offset as usize >= w[1].bytes.start + before);
            assert_eq!(w[0].bytes.end, w[1].bytes.start);
            assert_eq!(w[0].edges.end, w[1].edges.start);
        }
        let ctx = context(&g);
        let len = TEXT as usize + SIZE + 0x100;
        let mut whole = vec![0u8; len];
        ctx.apply_run(&pieces(&g, &order, usize::MAX), 0, &mut whole)
            .unwrap();
        let mut cut = vec![0u8; len];
        ctx.apply_in_runs(&order, 7, Some(&mut cut)).unwrap();
        assert!(
            whole == cut,
            "the pieces' bytes differ from the whole block's"
        );
        // Sanity: the relaxations happened.
        assert_eq!(whole[TEXT as usize + 16 + 7 - 2], 0x8d);
        ctx.apply_in_runs(&order, 7, None).unwrap();
        ctx.check_run(&pieces(&g, &order, usize::MAX)).unwrap();

        // Two edges out of order: the block is not cut (but still fixed up the same).
        let (mut g, order) = graph(&[], &[]);
        g.blocks[order[0] as usize].edges.swap(2000, 2001);
        assert_eq!(pieces(&g, &order, 5).len(), order.len());
        let ctx = context(&g);
        let mut cut = vec![0u8; len];
        ctx.apply_in_runs(&order, 7, Some(&mut cut)).unwrap();
        assert!(whole == cut, "an unsorted block's bytes differ");
        ctx.apply_in_runs(&order, 7, None).unwrap();
    }

    #[test]
    fn the_first_error_is_the_same_whole_cut_or_checked_in_scratch() {
        let len = TEXT as usize + SIZE + 0x100;
        let msg = |r: Result<()>| r.unwrap_err().to_string();
        let whole_of = |g: &LinkGraph<'static>, order: &[u32]| {
            msg(context(g).apply_run(&pieces(g, order, usize::MAX), 0, &mut vec![0; len]))
        };
        let same_everywhere = |g: &LinkGraph<'static>, order: &[u32], whole: &str| {
            let ctx = context(g);
            for per_run in [3, 7, 100] {
                let cut = ctx.apply_in_runs(order, per_run, Some(&mut vec![0; len]));
                assert_eq!(msg(cut), whole);
                assert_eq!(msg(ctx.apply_in_runs(order, per_run, None)), whole);
            }
            assert_eq!(msg(ctx.check_run(&pieces(g, order, usize::MAX))), whole);
        };

        // Edge 1500 is out of range, and so is a later one; the message names the first.
        let (g, order) = graph(&[1500, 2400], &[]);
        let whole = whole_of(&g, &order);
        let offset = g.blocks[order[0] as usize].edges[1500].offset;
        assert!(
            whole.starts_with(&format!("t.o: section .text+{offset:#x}: "))
                && whole.contains("against 'far'"),
            "{whole}"
        );
        same_everywhere(&g, &order, &whole);

        // Edge 1236's opcode is overwritten by edge 1235, 9 bytes before it, in the image: a
        // check in scratch must apply both to the same copy to see it.
        let (g, order) = graph(&[2400], &[1236]);
        let whole = whole_of(&g, &order);
        let offset = g.blocks[order[0] as usize].edges[1236].offset;
        assert!(
            whole.starts_with(&format!("t.o: section .text+{offset:#x}: "))
                && whole.contains("expected a `mov` instruction"),
            "{whole}"
        );
        same_everywhere(&g, &order, &whole);
    }
}
