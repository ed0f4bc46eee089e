//! The symbols a static linker defines at the boundaries of an executable's segments, for
//! ELF links whose inputs refer to them: `__executable_start`, `_etext` (`etext`, `__etext`),
//! `__data_start` (`data_start`), `_edata` (`edata`, `__bss_start`) and `_end` (`end`). In a
//! JIT link they mark the link's own segments: the program's data is the link's read-write
//! segment. Boehm gc, for one, scans `[__data_start, _end)` as the program's static roots;
//! the link's data is where its own and the program's globals are.

use super::graph::{Content, Def, LinkGraph, Linkage, Prot, Scope, SymbolId};
use super::layout::Layout;

/// Where in the laid-out link each name points.
#[derive(Clone, Copy)]
enum Boundary {
    Start,
    TextEnd,
    DataStart,
    DataEnd,
    End,
}

const NAMES: [(&str, Boundary); 10] = [
    ("__executable_start", Boundary::Start),
    ("_etext", Boundary::TextEnd),
    ("etext", Boundary::TextEnd),
    ("__etext", Boundary::TextEnd),
    ("__data_start", Boundary::DataStart),
    ("data_start", Boundary::DataStart),
    ("_edata", Boundary::DataEnd),
    ("edata", Boundary::DataEnd),
    ("__bss_start", Boundary::DataEnd),
    ("_end", Boundary::End),
];

/// Claims the names the inputs refer to and no input defines (before externals are looked
/// up); [`define`] gives them their addresses after layout.
pub fn declare(graph: &mut LinkGraph<'_>) -> Vec<SymbolId> {
    let mut claimed = Vec::new();
    for name in NAMES.iter().map(|(n, _)| *n).chain(["end"]) {
        let Some(id) = graph.lookup(name) else {
            continue;
        };
        if graph.sym(id).def != Def::Undefined {
            continue;
        }
        let sym = &mut graph.symbols[id as usize];
        sym.def = Def::Absolute(0);
        sym.linkage = Linkage::Strong;
        sym.scope = Scope::Hidden;
        claimed.push(id);
    }
    claimed
}

/// Target addresses of the boundaries of `layout`'s segments.
pub fn define(graph: &mut LinkGraph<'_>, layout: &Layout, claimed: &[SymbolId]) {
    let base = graph.base;
    let end_of = |prot: Prot| {
        layout
            .segments
            .iter()
            .find(|s| s.prot == prot)
            .map(|s| (s.offset, s.offset + s.size))
    };
    let total = base + layout.size;
    let data = end_of(Prot::ReadWrite);
    // The end of initialised data: the last read-write block with content.
    let edata = layout
        .order
        .iter()
        .map(|&b| &graph.blocks[b as usize])
        .filter(|b| graph.sections[b.section as usize].prot == Prot::ReadWrite)
        .filter(|b| matches!(b.content, Content::Bytes(_)))
        .map(|b| b.offset + b.size())
        .max();
    for &id in claimed {
        let name: &[u8] = graph.symbols[id as usize].name();
        let which = NAMES
            .iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map_or(Boundary::End, |(_, b)| *b);
        let addr = match which {
            Boundary::Start => base,
            Boundary::TextEnd => end_of(Prot::ReadExec).map_or(total, |(_, e)| base + e),
            Boundary::DataStart => data.map_or(total, |(s, _)| base + s),
            Boundary::DataEnd => match (edata, data) {
                (Some(e), _) => base + e,
                (None, Some((s, _))) => base + s,
                (None, None) => total,
            },
            Boundary::End => data.map_or(total, |(_, e)| base + e),
        };
        graph.symbols[id as usize].def = Def::Absolute(addr);
    }
}
