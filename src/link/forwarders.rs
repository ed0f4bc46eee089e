//! Functions glibc does not export from `libc.so.6`: `atexit`, `at_quick_exit` and
//! `pthread_atfork` live in `libc_nonshared.a`, linked into each module, where they forward to
//! `__cxa_atexit`, `__cxa_at_quick_exit` and `__register_atfork` with the module's
//! `__dso_handle`. A link made here is a module of its own, so it gets these forwarders, bound
//! to its `__dso_handle`, for whichever of the names its inputs use and do not define.
//!
//! Whatever is registered under that handle runs when `__cxa_finalize(&__dso_handle)` is
//! called, so a link that mentions `__dso_handle` also gets a finalizer that makes that call;
//! the runner calls it after the entry point returns, before finalizers run and the memory goes
//! away. The forwarders are code in the link, so this works the same in this process and in an
//! executor (LLVM's among them, which has no `atexit` to offer).

use std::borrow::Cow;

use super::graph::{Content, Def, Edge, FileId, LinkGraph, Linkage, Prot, Scope, SectionKind};
use super::graph::{SectionId, SymbolId};
use super::resolve;
use crate::arch::ForwardTo;

/// (name, callee, arguments set to 0, argument that gets `&__dso_handle`)
const FORWARDERS: [(&str, &str, &[usize], usize); 3] = [
    ("atexit", "__cxa_atexit", &[1], 2),
    ("at_quick_exit", "__cxa_at_quick_exit", &[], 1),
    ("pthread_atfork", "__register_atfork", &[], 3),
];

const DSO_HANDLE: &str = "__dso_handle";

/// Adds the forwarders the inputs need (ELF links); returns the finalizer's symbol, if the
/// link mentions `__dso_handle`.
pub fn add(graph: &mut LinkGraph<'_>) -> Option<SymbolId> {
    let mut section = None;
    let mut file = None;
    for (name, callee, zero_args, dso_arg) in FORWARDERS {
        let Some(id) = graph.lookup(name) else {
            continue;
        };
        if graph.sym(id).def != Def::Undefined {
            continue;
        }
        let block = forwarder(graph, &mut section, &mut file, callee, zero_args, dso_arg);
        let sym = &mut graph.symbols[id as usize];
        sym.def = Def::Block { block, offset: 0 };
        sym.linkage = Linkage::Strong;
        sym.scope = Scope::Hidden;
        sym.size = graph.blocks[block as usize].size();
    }
    graph.lookup(DSO_HANDLE)?;
    let block = forwarder(graph, &mut section, &mut file, "__cxa_finalize", &[], 0);
    let file = file.unwrap_or(0);
    let sym = graph.add_anonymous(block, 0, file);
    Some(sym)
}

fn forwarder(
    graph: &mut LinkGraph<'_>,
    section: &mut Option<SectionId>,
    file: &mut Option<FileId>,
    callee: &'static str,
    zero_args: &[usize],
    dso_arg: usize,
) -> u32 {
    let file = *file.get_or_insert_with(|| {
        graph.add_file("<linker>".into(), "<linker>".into(), "forwarders".into())
    });
    let section = *section.get_or_insert_with(|| {
        graph.add_section(
            file,
            "$__FORWARDERS".into(),
            Prot::ReadExec,
            SectionKind::Text,
        )
    });
    let f = graph.arch.forwarder(zero_args, dso_arg);
    let block = graph.add_block(section, Content::Bytes(Cow::Owned(f.code)), 16);
    let dso = graph.global(DSO_HANDLE.as_bytes(), file);
    let callee = graph.global(callee.as_bytes(), file);
    resolve::reference(graph, dso, false);
    resolve::reference(graph, callee, false);
    for (offset, kind, addend, to) in f.edges {
        let target = match to {
            ForwardTo::DsoHandle => dso,
            ForwardTo::Callee => callee,
        };
        graph.blocks[block as usize].edges.push(Edge {
            offset: offset as u32, // within a forwarder of a few bytes
            kind,
            target,
            addend,
            reloc: 0,
        });
    }
    block
}
