//! The symbols a static linker defines at the boundaries of an executable's segments, for
//! ELF links whose inputs refer to them: `__executable_start`, `_etext` (`etext`, `__etext`),
//! `__data_start` (`data_start`), `_edata` (`edata`, `__bss_start`) and `_end` (`end`). In a
//! JIT link they mark the link's own segments: the program's data is the link's read-write
//! segment. Boehm gc, for one, scans `[__data_start, _end)` as the program's static roots;
//! the link's data is where its own and the program's globals are.
//!
//! Also `__start_NAME` and `__stop_NAME` for a section NAME that is a C identifier (and in
//! Mach-O links `section$start$SEG$SECT` and `section$end$SEG$SECT`): the start and end of all
//! the input sections of that name, which are then laid out together and kept through
//! dead-stripping, as GNU ld (and ld64) do.

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
        claim(graph, id);
        claimed.push(id);
    }
    claimed.extend(declare_start_stop(graph));
    claimed
}

fn claim(graph: &mut LinkGraph<'_>, id: SymbolId) {
    let sym = &mut graph.symbols[id as usize];
    sym.def = Def::Absolute(0);
    sym.linkage = Linkage::Strong;
    sym.scope = Scope::Hidden;
}

/// The section a bound symbol names, and whether it is the start: ELF's `__start_NAME` /
/// `__stop_NAME` (NAME a C identifier), Mach-O's `section$start$SEG$SECT` /
/// `section$end$SEG$SECT` (the section `SEG,SECT`).
fn start_stop(name: &[u8]) -> Option<(Vec<u8>, bool)> {
    let macho = (
        name.strip_prefix(b"section$start$"),
        name.strip_prefix(b"section$end$"),
    );
    if let (Some(s), _) | (_, Some(s)) = macho {
        let dollar = s.iter().position(|&c| c == b'$')?;
        let (seg, sect) = (&s[..dollar], &s[dollar + 1..]);
        let section = [seg, b",", sect].concat();
        return Some((section, macho.0.is_some()));
    }
    let (section, start) = match (
        name.strip_prefix(b"__start_"),
        name.strip_prefix(b"__stop_"),
    ) {
        (Some(s), _) => (s, true),
        (_, Some(s)) => (s, false),
        _ => return None,
    };
    let c_identifier = section.first().is_some_and(|c| !c.is_ascii_digit())
        && section
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_');
    c_identifier.then(|| (section.to_vec(), start))
}

/// Claims the section bound symbols (see [`start_stop`]) of a Mach-O link.
pub fn declare_macho(graph: &mut LinkGraph<'_>) -> Vec<SymbolId> {
    declare_start_stop(graph)
}

/// Claims the undefined `__start_NAME`/`__stop_NAME` of sections the link has, keeps those
/// sections and makes all of a name sort as its first.
fn declare_start_stop(graph: &mut LinkGraph<'_>) -> Vec<SymbolId> {
    let wanted: Vec<(SymbolId, Vec<u8>)> = graph
        .globals
        .iter()
        .map(|&(_, id)| id)
        .filter(|&id| graph.sym(id).def == Def::Undefined)
        .filter_map(|id| Some((id, start_stop(graph.sym(id).name())?.0)))
        .collect();
    let mut claimed = Vec::new();
    for (id, section) in wanted {
        let spanned: Vec<usize> = (0..graph.sections.len())
            .filter(|&s| graph.sections[s].name.as_bytes() == section.as_slice())
            .collect();
        let Some(&first) = spanned.first() else {
            continue; // no such section: the name stays undefined (or weak 0)
        };
        for s in spanned {
            graph.sections[s].retain = true;
            graph.sections[s].sort_as = Some(first as u32);
        }
        claim(graph, id);
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
        if let Some((section, start)) = start_stop(name) {
            let blocks = || {
                graph
                    .sections
                    .iter()
                    .filter(|s| s.name.as_bytes() == section.as_slice())
                    .flat_map(|s| &s.blocks)
                    .map(|&b| &graph.blocks[b as usize])
                    .filter(|b| b.live)
            };
            let addr = match start {
                true => blocks().map(|b| b.offset).min(),
                false => blocks().map(|b| b.offset + b.size()).max(),
            };
            graph.symbols[id as usize].def = Def::Absolute(addr.map_or(base, |a| base + a));
            continue;
        }
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
