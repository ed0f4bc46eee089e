//! `-add-self-relocations` (llvm-jitlink's test option): in every function, a RIP-relative
//! reference to the function itself that the assembler resolved without a relocation (the
//! same atom) gets an edge, as if the assembler had left one, so the function's own address
//! is what the link says it is (a stub's, for instance) rather than the one the bytes imply.
//! x86-64 only, as in llvm-jitlink.

use super::graph::{Content, Def, Edge, LinkGraph, SectionKind};
use crate::arch::DELTA32;
use crate::error::{Error, Result};

pub fn add(graph: &mut LinkGraph<'_>) -> Result<()> {
    if graph.arch.name() != "x86_64" {
        return Err(Error::new(format!(
            "-add-self-relocations is supported for x86_64 only, not {}",
            graph.arch.name()
        )));
    }
    let mut added: Vec<(u32, Edge)> = Vec::new();
    for (id, sym) in graph.symbols.iter().enumerate() {
        let Def::Block { block, offset } = sym.def else {
            continue;
        };
        if sym.name().is_empty() || graph.section_of(block).kind != SectionKind::Text {
            continue;
        }
        let b = &graph.blocks[block as usize];
        let Content::Bytes(bytes) = &b.content else {
            continue;
        };
        let end = match sym.size {
            0 => bytes.len() as u64,
            n => offset.saturating_add(n).min(bytes.len() as u64),
        };
        let Some(code) = bytes.get(offset as usize..end as usize) else {
            continue;
        };
        for (field, next, target) in crate::decode::x86_64::rip_relative_fields(code) {
            let at = offset + field;
            let has_edge = b.edges.iter().any(|e| u64::from(e.offset) == at);
            if target != 0 || has_edge {
                continue; // not the function's own start, or already relocated
            }
            added.push((
                block,
                Edge {
                    offset: at as u32, // inside a block, whose size the reader checked
                    kind: DELTA32,
                    target: id as u32,
                    addend: field as i64 - next as i64,
                    reloc: 0,
                },
            ));
        }
    }
    for (block, edge) in added {
        let edges = &mut graph.blocks[block as usize].edges;
        edges.push(edge);
        edges.sort_by_key(|e| e.offset);
    }
    Ok(())
}
