//! Dead-stripping: a block is kept when something kept refers to it. The roots are the entry
//! point, every global definition, initializer sections and retained sections; local symbols
//! and blocks that nothing reaches are dropped (and are then invisible to `-check`, as in
//! llvm-jitlink).

use super::graph::{BlockId, Def, LinkGraph, Scope, SectionKind, SymbolId};

/// Every global defined in a block is a root, so it is live (it can be looked up) even when
/// nothing refers to it.
pub fn prune(graph: &mut LinkGraph<'_>, extra_roots: &[SymbolId]) {
    let mut blocks: Vec<BlockId> = Vec::new();
    let mut symbols: Vec<SymbolId> = extra_roots.to_vec();
    for (id, sym) in graph.symbols.iter().enumerate() {
        if sym.scope != Scope::Local && matches!(sym.def, Def::Block { .. }) {
            symbols.push(id as SymbolId);
        }
    }
    for section in &graph.sections {
        if section.retain || matches!(section.kind, SectionKind::Initializers(_)) {
            blocks.extend(&section.blocks);
        }
    }
    loop {
        while let Some(s) = symbols.pop() {
            let sym = &mut graph.symbols[s as usize];
            if sym.live {
                continue;
            }
            sym.live = true;
            if let Def::Block { block, .. } = sym.def {
                blocks.push(block);
            }
        }
        let Some(b) = blocks.pop() else { break };
        let block = &mut graph.blocks[b as usize];
        if block.live {
            continue;
        }
        block.live = true;
        // Most edges lead to symbols already live (the same few targets, again and again):
        // those need not go on the stack at all.
        let live_symbols = &graph.symbols;
        symbols.extend(
            block
                .edges
                .iter()
                .map(|e| e.target)
                .filter(|&t| !live_symbols[t as usize].live),
        );
    }
}
