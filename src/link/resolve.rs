//! Symbol resolution: which definition of a global name wins, and what the names that no input
//! defines resolve to (the process, `-abs`, `-alias`, `-phony-externals`, weak zero).

use super::graph::{Content, Def, FileId, LinkGraph, Linkage, Prot, Scope, SectionKind, SymbolId};
use crate::error::{printable, Error, Result};

/// A definition read from an input, offered to the global table.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    pub def: Def,
    pub linkage: Linkage,
    pub scope: Scope,
    pub size: u64,
    pub file: FileId,
}

/// Offers a definition of the global `id`: strong beats common beats weak; the first of equals
/// wins; two strong definitions are an error naming both files. The most restrictive
/// visibility of all mentions applies.
pub fn define(graph: &mut LinkGraph<'_>, id: SymbolId, new: Definition) -> Result<()> {
    let files = &graph.files;
    let sym = &mut graph.symbols[id as usize];
    sym.scope = sym.scope.max(new.scope);
    // A definition in a section that is not loaded (Mach-O debug sections) beats only
    // none: the name is defined, with no address.
    let rank = |def: &Def, linkage: Linkage| match (def, linkage) {
        (Def::Undefined, _) => 0,
        (Def::Discarded, _) => 1,
        (_, Linkage::Weak) => 2,
        (Def::Common { .. }, _) => 3,
        _ => 4,
    };
    let old_rank = rank(&sym.def, sym.linkage);
    let new_rank = rank(&new.def, new.linkage);
    if let (
        Def::Common {
            size: s0,
            align: a0,
        },
        Def::Common {
            size: s1,
            align: a1,
        },
    ) = (sym.def, new.def)
    {
        // Tentative definitions merge: the largest size and alignment win.
        sym.def = Def::Common {
            size: s0.max(s1),
            align: a0.max(a1),
        };
        sym.size = sym.size.max(new.size);
        return Ok(());
    }
    if old_rank == 4 && new_rank == 4 {
        return Err(Error::new(format!(
            "duplicate definition of symbol '{}': defined in {} and in {}",
            printable(sym.name()),
            files[sym.file as usize].name,
            files[new.file as usize].name
        )));
    }
    if new_rank > old_rank {
        sym.def = new.def;
        sym.linkage = new.linkage;
        sym.size = new.size;
        sym.file = new.file;
    }
    Ok(())
}

/// Records a reference to the global `id` from `file`; `weak` for `STB_WEAK` references.
pub fn reference(graph: &mut LinkGraph<'_>, id: SymbolId, weak: bool) {
    let sym = &mut graph.symbols[id as usize];
    sym.weak_ref &= weak;
}

/// Where names that no input defines come from.
pub trait ExternalSymbols {
    /// The address of `name`, or `None` when it is not found.
    fn lookup(&mut self, name: &[u8]) -> Option<u64>;
    /// The addresses of all `names` at once (one round trip to a remote executor). An error
    /// (the executor is gone) ends the link.
    fn lookup_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        Ok(names.iter().map(|n| self.lookup(n)).collect())
    }
    /// The thread-local variables among the names: what stands for each as its "address"
    /// depends on the memory manager's `external_tls` (this process: the address in the
    /// looking-up thread; rjitlink-executor: the offset from the thread pointer).
    fn lookup_tls_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        self.lookup_all(names)
    }
}

impl<E: ExternalSymbols + ?Sized> ExternalSymbols for &mut E {
    fn lookup(&mut self, name: &[u8]) -> Option<u64> {
        (**self).lookup(name)
    }
    fn lookup_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        (**self).lookup_all(names)
    }
    fn lookup_tls_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        (**self).lookup_tls_all(names)
    }
}

/// How to treat names left undefined after all inputs and archives are loaded.
pub struct ExternalOptions<'o> {
    /// `-abs NAME=ADDR`
    pub absolutes: &'o [(String, u64)],
    /// `-alias ALIAS=TARGET`
    pub aliases: &'o [(String, String)],
    /// `-phony-externals`: anything else unresolved becomes 0.
    pub phony: bool,
    /// Names of weak-linked libraries (`-weak_library`): 0 when nothing defines them.
    pub weak_imports: &'o [Vec<u8>],
}

/// Resolves every undefined global: `-abs`, then `-alias`, then `externals` (the process),
/// then weak references and `-phony-externals` to 0. What remains is one error naming every
/// missing symbol and a file that references it.
pub fn resolve_externals<'a>(
    graph: &mut LinkGraph<'a>,
    opts: &ExternalOptions<'_>,
    externals: Option<&mut dyn ExternalSymbols>,
) -> Result<()> {
    let cmdline = graph.add_file(
        "<command line>".into(),
        "<command line>".into(),
        "-abs/-alias".into(),
    );
    for (name, addr) in opts.absolutes {
        // Names from the command line live as long as the process (the graph borrows its names).
        let id = graph.global(Box::leak(name.as_bytes().into()), cmdline);
        define(
            graph,
            id,
            Definition {
                def: Def::Absolute(*addr),
                linkage: Linkage::Strong,
                scope: Scope::Default,
                size: 0,
                file: cmdline,
            },
        )
        .map_err(|e| e.context("-abs"))?;
    }
    for (alias, target) in opts.aliases {
        let Some(target_id) = graph.lookup(target) else {
            return Err(Error::new(format!(
                "-alias {alias}={target}: '{target}' is not defined"
            )));
        };
        let t = graph.sym(target_id).clone();
        if matches!(t.def, Def::Undefined) {
            return Err(Error::new(format!(
                "-alias {alias}={target}: '{target}' is not defined"
            )));
        }
        let id = graph.global(Box::leak(alias.as_bytes().into()), cmdline);
        define(
            graph,
            id,
            Definition {
                def: t.def,
                linkage: t.linkage,
                scope: Scope::Default,
                size: t.size,
                file: t.file,
            },
        )
        .map_err(|e| e.context("-alias"))?;
    }
    allocate_commons(graph);

    let undefined: Vec<usize> = (0..graph.symbols.len())
        .filter(|&id| {
            let sym = &graph.symbols[id];
            matches!(sym.def, Def::Undefined) && sym.scope != Scope::Local
        })
        .collect();
    // Ordinary names, then thread-local ones, each in one batch.
    let (tls, plain): (Vec<usize>, Vec<usize>) =
        undefined.into_iter().partition(|&id| graph.symbols[id].tls);
    let (mut found, mut found_tls) = (vec![None; plain.len()], vec![None; tls.len()]);
    if let Some(ext) = externals {
        let names = |ids: &[usize]| -> Vec<&[u8]> {
            ids.iter().map(|&id| graph.symbols[id].name()).collect()
        };
        if !plain.is_empty() {
            found = ext.lookup_all(&names(&plain))?;
        }
        if !tls.is_empty() {
            found_tls = ext.lookup_tls_all(&names(&tls))?;
        }
    }
    let undefined: Vec<usize> = plain.into_iter().chain(tls).collect();
    found.append(&mut found_tls);
    let mut missing = Vec::new();
    for (id, found) in undefined.into_iter().zip(found) {
        let sym = &mut graph.symbols[id];
        match found {
            Some(addr) => sym.def = Def::External(addr),
            None if sym.weak_ref
                || opts.phony
                || opts.weak_imports.iter().any(|n| n.as_slice() == sym.name()) =>
            {
                sym.def = Def::External(0)
            }
            None => missing.push(id as SymbolId),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = missing
        .iter()
        .map(|&id| {
            let s = graph.sym(id);
            format!(
                "'{}' (referenced by {})",
                printable(s.name()),
                graph.files[s.file as usize].name
            )
        })
        .collect();
    let names: Vec<String> = missing
        .iter()
        .map(|&id| printable(graph.sym(id).name()).into_owned())
        .collect();
    Err(Error::new(format!(
        "undefined symbol{}: {}",
        if list.len() == 1 { "" } else { "s" },
        list.join(", ")
    ))
    .with_llvm(format!("Symbols not found: [ {} ]", names.join(", "))))
}

/// Gives each common symbol that won resolution zero-filled storage of its own.
fn allocate_commons(graph: &mut LinkGraph<'_>) {
    let mut section = None;
    for id in 0..graph.symbols.len() {
        let Def::Common { size, align } = graph.symbols[id].def else {
            continue;
        };
        let file = graph.symbols[id].file;
        let sec = *section.get_or_insert_with(|| {
            graph.add_section(
                file,
                "$__COMMON".into(),
                Prot::ReadWrite,
                SectionKind::ZeroFill,
            )
        });
        let block = graph.add_block(sec, Content::Zero(size), u64::from(align));
        graph.symbols[id].def = Def::Block { block, offset: 0 };
    }
}
