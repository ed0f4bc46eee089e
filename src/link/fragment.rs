//! One object's part of the link graph, read on its own and then joined to the graph.
//!
//! Reading an object needs nothing from the other objects of the link, except which COMDAT
//! groups they already hold (decided before reading, in command-line order). So the objects are
//! read in parallel, each into a [`Fragment`] whose ids are its own, and then joined to the graph
//! one after another in command-line order: only the joining (global names looked up in the
//! one table, and offered as definitions) is serial. Joining hands out the fragment's ids in the
//! graph; [`relocate`] then rewrites them, for many objects at once.
//!
//! A fragment's symbols are its locals only: first the ones its symbol table lists, then the
//! anonymous ones its reader made (the null symbol, eh_frame places). Its globals are listed
//! apart, and an edge or definition names one as [`GLOBAL`] plus its index in that list. The
//! graph numbers an object's symbols as a serial reader would: its listed locals, then the
//! globals it mentions first, then its anonymous locals.

use rayon::prelude::*;

use super::graph::{Block, Def, FileId, LinkGraph, Linkage, Scope, Symbol, SymbolId};
use super::resolve::{self, Definition};
use crate::error::Result;

/// Marks a fragment symbol reference as an index into [`Fragment::globals`].
pub const GLOBAL: SymbolId = 1 << 31;

/// A global name as one object mentions it: a definition, or a reference when `def` is
/// [`Def::Undefined`] (or [`Def::Discarded`]: defined in a section that is not loaded, a
/// definition without an address that any real one beats).
#[derive(Debug, Clone)]
pub struct Global<'a> {
    pub name: &'a [u8],
    /// [`super::graph::name_hash`] of the name.
    pub hash: u64,
    pub def: Def,
    pub linkage: Linkage,
    pub scope: Scope,
    pub size: u64,
    pub tls: bool,
}

/// One object read on its own: `graph` holds its sections, blocks and local symbols under its
/// own ids (and the file's id in the link), with edge targets as fragment references.
pub struct Fragment<'a> {
    pub graph: LinkGraph<'a>,
    /// How many of `graph.symbols` are listed in the object's symbol table (they come first).
    pub listed_locals: u32,
    pub globals: Vec<Global<'a>>,
}

impl<'a> Fragment<'a> {
    /// What a fragment reference is defined as in the object itself (for a global, its own
    /// definition, whichever one the link picks).
    pub fn def_of(symbols: &[Symbol<'a>], globals: &[Global<'a>], id: SymbolId) -> Option<Def> {
        if id & GLOBAL != 0 {
            globals.get((id & !GLOBAL) as usize).map(|g| g.def)
        } else {
            symbols.get(id as usize).map(|s| s.def)
        }
    }
}

/// Where a joined fragment's ids went in the graph.
pub struct Placement {
    pub first_section: u32,
    pub first_block: u32,
    pub blocks: u32,
    /// The listed locals, then the anonymous ones: `(first id, count)` each.
    pub listed: (u32, u32),
    pub anonymous: (u32, u32),
    /// The graph's symbol for each of the fragment's globals.
    pub globals: Vec<SymbolId>,
}

impl Placement {
    /// The graph id of a fragment symbol reference.
    fn symbol(&self, id: SymbolId) -> SymbolId {
        if id & GLOBAL != 0 {
            self.globals[(id & !GLOBAL) as usize]
        } else if id < self.listed.1 {
            self.listed.0 + id
        } else {
            self.anonymous.0 + (id - self.listed.1)
        }
    }

    fn def(&self, def: Def) -> Def {
        match def {
            Def::Block { block, offset } => Def::Block {
                block: block + self.first_block,
                offset,
            },
            def => def,
        }
    }
}

/// Appends the fragment to the graph as file `file` and offers its globals to the global table
/// in order (the errors of resolution: a duplicate definition). The ids inside what was
/// appended are still the fragment's: [`relocate`] (or [`relocate_all`]) rewrites them.
pub fn join<'a>(
    graph: &mut LinkGraph<'a>,
    file: FileId,
    fragment: Fragment<'a>,
) -> Result<Placement> {
    let Fragment {
        graph: mut part,
        listed_locals,
        globals,
    } = fragment;
    let first_section = graph.sections.len() as u32;
    let first_block = graph.blocks.len() as u32;
    for mut section in part.sections.drain(..) {
        section.file = file;
        for b in &mut section.blocks {
            *b += first_block;
        }
        graph.sections.push(section);
    }
    let blocks = part.blocks.len() as u32;
    graph.blocks.append(&mut part.blocks);
    let listed = (graph.symbols.len() as u32, listed_locals);
    graph
        .symbols
        .extend(part.symbols.drain(..listed_locals as usize));
    let mut placement = Placement {
        first_section,
        first_block,
        blocks,
        listed,
        anonymous: (0, 0),
        globals: Vec::with_capacity(globals.len()),
    };
    for mut g in globals {
        g.def = placement.def(g.def);
        let id = offer(graph, &g, file)?;
        placement.globals.push(id);
    }
    placement.anonymous = (graph.symbols.len() as u32, part.symbols.len() as u32);
    graph.symbols.append(&mut part.symbols);
    Ok(placement)
}

/// Enters a global that file `file` mentions in the graph's table and offers its definition
/// (its block already the graph's); returns its symbol.
pub fn offer<'a>(graph: &mut LinkGraph<'a>, g: &Global<'a>, file: FileId) -> Result<SymbolId> {
    let id = graph.global_hashed(g.name, g.hash, file);
    if g.tls {
        graph.symbols[id as usize].tls = true;
        graph.tls_symbols = true;
    }
    match g.def {
        Def::Undefined => resolve::reference(graph, id, g.linkage == Linkage::Weak),
        // A definition in a section that is not loaded (a discarded COMDAT member, whose kept
        // copy defines the name too, or a non-allocated section): the name is defined, with
        // no address, and any real definition wins (see `resolve::define`).
        def => resolve::define(
            graph,
            id,
            Definition {
                def,
                linkage: g.linkage,
                scope: g.scope,
                size: g.size,
                file,
            },
        )?,
    }
    Ok(id)
}

/// Rewrites the fragment ids inside one joined fragment: its blocks' sections and edge
/// targets, and its locals' blocks.
pub fn relocate<'a>(
    placement: &Placement,
    blocks: &mut [Block<'a>],
    listed: &mut [Symbol<'a>],
    anonymous: &mut [Symbol<'a>],
) {
    for block in blocks {
        block.section += placement.first_section;
        for edge in &mut block.edges {
            edge.target = placement.symbol(edge.target);
        }
    }
    for sym in listed.iter_mut().chain(anonymous) {
        sym.def = placement.def(sym.def);
    }
}

/// [`relocate`] for every placement, in parallel. The placements are in the order they were
/// joined, so their blocks and symbols are disjoint, increasing ranges of the graph.
pub fn relocate_all(graph: &mut LinkGraph<'_>, placements: &[Placement]) {
    type Job<'p, 'g, 'a> = (
        &'p Placement,
        &'g mut [Block<'a>],
        &'g mut [Symbol<'a>],
        &'g mut [Symbol<'a>],
    );
    let mut jobs: Vec<Job<'_, '_, '_>> = Vec::with_capacity(placements.len());
    let (mut blocks, mut block_at) = (&mut graph.blocks[..], 0u32);
    let (mut symbols, mut symbol_at) = (&mut graph.symbols[..], 0u32);
    // The next `count` entries from `first` on, leaving the rest for later placements.
    fn take<'g, T>(
        rest: &mut &'g mut [T],
        at: &mut u32,
        (first, count): (u32, u32),
    ) -> &'g mut [T] {
        let tail = std::mem::take(rest).split_at_mut((first - *at) as usize).1;
        let (mine, tail) = tail.split_at_mut(count as usize);
        *rest = tail;
        *at = first + count;
        mine
    }
    for p in placements {
        let b = take(&mut blocks, &mut block_at, (p.first_block, p.blocks));
        let listed = take(&mut symbols, &mut symbol_at, p.listed);
        let anonymous = take(&mut symbols, &mut symbol_at, p.anonymous);
        jobs.push((p, b, listed, anonymous));
    }
    jobs.into_par_iter()
        .for_each(|(p, b, listed, anonymous)| relocate(p, b, listed, anonymous));
}
