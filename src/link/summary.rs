//! What stays of a linked unit for the steps after it, in an owned form: its symbols (with
//! their kind of definition, extent and thread-local offsets), its GOT entries and stubs by
//! target, its sections' addresses and its files, without the graph or the mapped inputs the
//! graph borrowed. `-check` evaluates against it (with the unit's working memory), and a
//! session keeps it for as long as the unit.

use rustc_hash::FxHashMap;

use super::graph::{Content, Def, LinkGraph, Scope, SymbolId};
use super::Linked;
use crate::arch::{Arch, TlsEntry};

/// One named symbol of a unit.
#[derive(Debug, Clone)]
pub struct SymbolFacts {
    /// Its address, if it has one (not for an undefined or discarded symbol).
    pub addr: Option<u64>,
    /// Defined in the unit: the bytes it spans, as target addresses `[start, end)` (to the end
    /// of its block when it has no size), and whether they are zero-fill.
    pub extent: Option<(u64, u64, bool)>,
    /// A thread-local variable of the unit: its offset in the TLS image and the image's offset
    /// from the thread pointer.
    pub tls: Option<(u64, i64)>,
    /// A global (default or hidden scope), not a file's local.
    pub global: bool,
    /// Exported (default scope): later units may refer to it.
    pub exported: bool,
    /// A function (defined in code), as opposed to data.
    pub function: bool,
    /// Weak.
    pub weak: bool,
}

/// A linked unit's facts (see the module notes).
pub struct Summary {
    pub arch: &'static dyn Arch,
    /// Target address of the reservation's first byte.
    pub base: u64,
    /// The unit's image was built (else its bytes are zeros).
    pub image: bool,
    /// The names `-check` builtins use for the unit's files.
    pub files: Vec<String>,
    /// Every global (defined or not), and every named live local defined in a block (the first
    /// of a name, after the globals).
    pub symbols: FxHashMap<Box<[u8]>, SymbolFacts>,
    /// GOT entry and stub addresses by target name (a thread-local target's GOT entry: its
    /// TPOFF word, else its `tls_index`, else its descriptor).
    pub got: FxHashMap<Box<[u8]>, u64>,
    pub stubs: FxHashMap<Box<[u8]>, u64>,
    /// (file, section name) -> the lowest address of its live blocks; synthetic sections
    /// (`$__GOT`, ...) under the file name "".
    pub sections: FxHashMap<(String, String), u64>,
    /// Target address and size of the eh_frame table.
    pub eh_frame: Option<(u64, u64)>,
}

impl Summary {
    pub fn of(linked: &Linked<'_>) -> Summary {
        let g = &linked.graph;
        let mut symbols: FxHashMap<Box<[u8]>, SymbolFacts> = FxHashMap::default();
        for &(_, id) in g.globals.iter() {
            symbols.insert(g.sym(id).name().into(), facts(g, id));
        }
        for (id, s) in g.symbols.iter().enumerate() {
            let named_local = s.live
                && s.scope == Scope::Local
                && !s.name().is_empty()
                && matches!(s.def, Def::Block { .. });
            if named_local && !symbols.contains_key(s.name()) {
                symbols.insert(s.name().into(), facts(g, id as SymbolId));
            }
        }
        let by_target = |table: &std::collections::HashMap<SymbolId, SymbolId, _>| {
            table
                .iter()
                .filter_map(|(&target, &entry)| {
                    let t = g.symbols.get(target as usize)?;
                    (t.scope != Scope::Local).then_some(())?;
                    Some((t.name().into(), g.sym_addr(entry)?))
                })
                .collect::<FxHashMap<Box<[u8]>, u64>>()
        };
        let mut got = by_target(&g.got_entries);
        for kind in [TlsEntry::Descriptor, TlsEntry::Index, TlsEntry::TpOff] {
            // The last kind written wins, so TPOFF words come first.
            // (The module's own `tls_index` has no target symbol.)
            for (&(target, k), &entry) in &g.tls_entries {
                let Some(t) = g.symbols.get(target as usize) else {
                    continue;
                };
                if k == kind && t.scope != Scope::Local && !g.got_entries.contains_key(&target) {
                    if let Some(addr) = g.sym_addr(entry) {
                        got.insert(t.name().into(), addr);
                    }
                }
            }
        }
        let mut sections: FxHashMap<(String, String), u64> = FxHashMap::default();
        for s in &g.sections {
            let file = if s.name.starts_with('$') {
                String::new()
            } else {
                g.files[s.file as usize].basename.clone()
            };
            let low = s
                .blocks
                .iter()
                .filter(|&&b| g.blocks[b as usize].live)
                .map(|&b| g.block_addr(b))
                .min();
            if let Some(low) = low {
                let slot = sections.entry((file, s.name.clone())).or_insert(low);
                *slot = (*slot).min(low);
            }
        }
        Summary {
            arch: g.arch,
            base: g.base,
            image: linked.image,
            files: g.files.iter().map(|f| f.basename.clone()).collect(),
            symbols,
            got,
            stubs: by_target(&g.stubs),
            sections,
            eh_frame: linked.eh_frame,
        }
    }

    pub fn symbol(&self, name: &str) -> Option<&SymbolFacts> {
        self.symbols.get(name.as_bytes())
    }
}

fn facts(g: &LinkGraph<'_>, id: SymbolId) -> SymbolFacts {
    let s = g.sym(id);
    let extent = match s.def {
        Def::Block { block, offset } => {
            let b = &g.blocks[block as usize];
            let block_end = b.offset.saturating_add(b.size());
            let start = b.offset.saturating_add(offset);
            let end = if s.size > 0 {
                start.saturating_add(s.size).min(block_end)
            } else {
                block_end
            };
            let zero = matches!(b.content, Content::Zero(_));
            Some((g.base.wrapping_add(start), g.base.wrapping_add(end), zero))
        }
        _ => None,
    };
    let tls = match (super::tls::image_offset(g, id), g.tls) {
        (Some(dtpoff), Some(image)) => Some((dtpoff, image.tp_offset)),
        _ => None,
    };
    let function = matches!(s.def, Def::Block { block, .. }
        if g.section_of(block).kind == super::graph::SectionKind::Text);
    SymbolFacts {
        addr: g.sym_addr(id),
        extent,
        tls,
        global: s.scope != Scope::Local,
        exported: s.scope == Scope::Default,
        function,
        weak: s.linkage == super::graph::Linkage::Weak,
    }
}
