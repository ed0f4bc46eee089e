//! Initializers and finalizers: the function pointers in `.init_array`/`.ctors` and
//! `.fini_array`/`.dtors`, read from working memory after fixup and put in the order a normal
//! executable runs them: ascending priority, unprioritized last, command-line order within a
//! priority; finalizers in the reverse of that.

use super::graph::{InitKind, LinkGraph, SectionKind};

#[derive(Debug, Default, Clone)]
pub struct Initializers {
    /// Target addresses of functions to call before the entry point, in order.
    pub init: Vec<u64>,
    /// Target addresses of functions to call after the entry point returns, in order.
    pub fini: Vec<u64>,
}

pub fn collect(graph: &LinkGraph<'_>, working: &[u8]) -> Initializers {
    let mut init: Vec<(u32, Vec<u64>)> = Vec::new();
    let mut fini: Vec<(u32, Vec<u64>)> = Vec::new();
    for section in &graph.sections {
        let SectionKind::Initializers(kind) = section.kind else {
            continue;
        };
        let mut entries = Vec::new();
        for &b in &section.blocks {
            let block = &graph.blocks[b as usize];
            if !block.live {
                continue;
            }
            let start = block.offset as usize;
            let Some(bytes) = working.get(start..start + block.size() as usize) else {
                continue;
            };
            for word in bytes.chunks_exact(8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(word);
                let addr = u64::from_le_bytes(w);
                // 0 and -1 are the sentinels of legacy .ctors/.dtors lists.
                if addr != 0 && addr != u64::MAX {
                    entries.push(addr);
                }
            }
        }
        match kind {
            InitKind::Init { priority, reversed } => {
                if reversed {
                    entries.reverse();
                }
                init.push((priority, entries));
            }
            InitKind::Fini { priority, reversed } => {
                // .fini_array runs back to front; legacy .dtors front to back, so pre-reverse it.
                if reversed {
                    entries.reverse();
                }
                fini.push((priority, entries));
            }
        }
    }
    init.sort_by_key(|(p, _)| *p);
    fini.sort_by_key(|(p, _)| *p);
    let mut fini: Vec<u64> = fini.into_iter().flat_map(|(_, e)| e).collect();
    fini.reverse();
    Initializers {
        init: init.into_iter().flat_map(|(_, e)| e).collect(),
        fini,
    }
}
