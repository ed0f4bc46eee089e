//! Lazy files (`-lazy FILE`): objects, and archive members, linked only when one of their
//! functions is first called.
//!
//! A function of a lazy file that another unit refers to while the file is not linked gets a
//! stub that jumps through a pointer slot, made (with the others that unit needs) in a unit
//! of stubs linked just before it; the stub's address is then the function's address in every
//! unit, the function's own file included. (A function nothing referred to before its file was
//! linked needs no stub: its body's address is its address everywhere.) A slot first holds the
//! address of
//! the function's reentry entry, which loads the function's id and jumps to the reentry
//! trampoline (`Arch::reentry_trampoline`): that calls the target's `dispatch_fn`, the session
//! links the file (see `Session::reenter`) and points the slots of all the file's functions
//! at their bodies, and the trampoline continues into the body with the caller's registers.
//!
//! A data symbol has no stub: a unit that refers to one links the file that defines it along
//! with itself (in the same graph, so references between them in both directions work).

use std::borrow::Cow;
use std::cell::Cell;

use rustc_hash::FxHashMap;

use crate::arch::{self, Arch, POINTER64};
use crate::error::{printable, Error, Result};
use crate::link::graph::Symbol;
use crate::link::graph::{Content, Def, Edge, LinkGraph, Linkage, Prot, Scope, SectionKind};
use crate::link::input::{Input, InputKind, Inputs};

/// A lazy file and whether it has been linked.
pub struct LazyFile {
    pub input: Input,
    /// Why it was linked (`on the first call of 'f'`), once it is.
    pub linked: Option<String>,
    /// Calls that reached the session through the reentry code of the file's functions
    /// (threads racing for the first call each count; once the stubs are set, none come).
    pub reentries: u32,
    /// Slot writes that pointed the file's stubs at their bodies (once each when it was
    /// linked).
    pub stubs_set: u32,
}

/// One exported function of a lazy file.
struct LazyFunction {
    name: Box<[u8]>,
    file: usize,
    /// Target addresses of its (slot, stub), once a unit of stubs has them. A cell: stubs
    /// are made while units being linked borrow the lazy files.
    stub: Cell<Option<(u64, u64)>>,
}

/// The session's lazy files, their functions' stubs, and the names they define.
#[derive(Default)]
pub struct LazyFiles {
    pub files: Vec<LazyFile>,
    functions: Vec<LazyFunction>,
    /// Function name -> id (an index into `functions`, the id its reentry entry passes).
    by_name: FxHashMap<Box<[u8]>, u32>,
    /// Every other name a lazy file defines -> the file (the first to define it).
    data: FxHashMap<Box<[u8]>, usize>,
}

impl LazyFiles {
    /// Reads what the files of `inputs` define: each object is a lazy file, and so is each
    /// member of an archive. Shared libraries cannot be lazy.
    pub fn add(&mut self, inputs: Inputs, arch: &dyn Arch) -> Result<()> {
        if let Some(lib) = inputs.shared_libraries.first() {
            return Err(Error::new(format!(
                "-lazy {}: a shared library cannot be linked lazily (only objects and archives)",
                lib.display()
            )));
        }
        for input in inputs.files {
            match input.kind {
                InputKind::Object => self.add_object(input, arch)?,
                InputKind::Archive => {
                    for member in archive_members(&input)? {
                        self.add_object(member, arch)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn add_object(&mut self, input: Input, arch: &dyn Arch) -> Result<()> {
        use object::SymbolKind;
        use object::{Architecture, Object, ObjectSection, ObjectSymbol, SectionKind as Kind};
        let ctx = |e: object::Error| Error::from(e).context(&input.display);
        let file = self.files.len();
        {
            let obj = object::File::parse(&*input.data).map_err(ctx)?;
            let file_arch = match obj.architecture() {
                Architecture::X86_64 => "x86_64",
                Architecture::Aarch64 => "aarch64",
                other => {
                    return Err(Error::new(format!(
                        "{}: -lazy file is for an unsupported architecture ({other:?})",
                        input.display
                    )))
                }
            };
            if file_arch != arch.name() {
                return Err(Error::new(format!(
                    "{}: -lazy file is {file_arch} code, but the link is for {}",
                    input.display,
                    arch.name()
                )));
            }
            // Which sections hold code, by index (a symbol's section is looked up once).
            let mut text = Vec::new();
            for section in obj.sections() {
                let i = section.index().0;
                if text.len() <= i {
                    text.resize(i + 1, false);
                }
                text[i] = section.kind() == Kind::Text;
            }
            for sym in obj.symbols() {
                if !sym.is_global() || sym.is_undefined() {
                    continue;
                }
                let name = sym.name_bytes().map_err(ctx)?;
                if name.is_empty() {
                    continue;
                }
                let in_text = sym
                    .section_index()
                    .is_some_and(|i| text.get(i.0).copied().unwrap_or(false));
                let function = match sym.kind() {
                    SymbolKind::Text => true,
                    SymbolKind::Unknown => in_text,
                    _ => false,
                } && !sym.is_common();
                if function && !self.by_name.contains_key(name) {
                    let id = self.functions.len() as u32;
                    self.by_name.insert(name.into(), id);
                    self.functions.push(LazyFunction {
                        name: name.into(),
                        file,
                        stub: Cell::new(None),
                    });
                } else if !function {
                    self.data.entry(name.into()).or_insert(file);
                }
            }
        }
        self.files.push(LazyFile {
            input,
            linked: None,
            reentries: 0,
            stubs_set: 0,
        });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The lazy file a reference to `name` must link along with the referring unit: one not
    /// linked yet that defines `name` other than as a function with a stub.
    pub fn pulled_by(&self, name: &[u8]) -> Option<usize> {
        if self.by_name.contains_key(name) {
            return None;
        }
        let &file = self.data.get(name)?;
        self.files[file].linked.is_none().then_some(file)
    }

    /// The stub of function `name`, if it has one.
    pub fn stub(&self, name: &[u8]) -> Option<u64> {
        let &id = self.by_name.get(name)?;
        self.functions[id as usize].stub.get().map(|(_, stub)| stub)
    }

    /// The functions among `names` that a unit referring to them needs stubs for: those of
    /// lazy files not linked yet that have none.
    pub fn unstubbed(&self, names: &[&[u8]]) -> Vec<u32> {
        let mut ids: Vec<u32> = names
            .iter()
            .filter_map(|n| self.by_name.get(*n).copied())
            .filter(|&id| {
                let f = &self.functions[id as usize];
                f.stub.get().is_none() && self.files[f.file].linked.is_none()
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The file and the name of function `id` (as its reentry entry passes it).
    pub fn function(&self, id: u64) -> Result<(usize, &[u8])> {
        let f = usize::try_from(id)
            .ok()
            .and_then(|i| self.functions.get(i))
            .ok_or_else(|| Error::new(format!("lazy reentry for unknown function {id}")))?;
        Ok((f.file, &f.name))
    }

    /// The slot writes that point the stubs of `files`' functions at their bodies, given by
    /// `body`, and the file of each.
    pub fn slot_writes(
        &self,
        files: &[usize],
        body: impl Fn(&[u8]) -> Option<u64>,
    ) -> Result<Vec<(u64, u64, usize)>> {
        let mut writes = Vec::new();
        for f in &self.functions {
            let Some((slot, _)) = f.stub.get() else {
                continue;
            };
            if !files.contains(&f.file) {
                continue;
            }
            let Some(addr) = body(&f.name) else {
                return Err(Error::new(format!(
                    "{}: lazy function '{}' has no definition after its link",
                    self.files[f.file].input.display,
                    printable(&f.name)
                )));
            };
            writes.push((slot, addr, f.file));
        }
        Ok(writes)
    }

    /// A unit of stubs, slots and reentry code for functions `ids` (see
    /// [`LazyFiles::unstubbed`]): reentry calls `dispatch(ctx, LAZY_REENTRY_TAG, &id, 8)`.
    pub fn stubs_graph(
        &self,
        arch: &'static dyn Arch,
        ids: &[u32],
        dispatch: u64,
        ctx: u64,
    ) -> LinkGraph<'_> {
        let mut g = LinkGraph::new(arch);
        let file = g.add_file(
            "<lazy stubs>".into(),
            "<lazy stubs>".into(),
            "lazy linking".into(),
        );
        let section = |g: &mut LinkGraph<'_>, name: &str, prot, kind| {
            let s = g.add_section(file, name.into(), prot, kind);
            g.sections[s as usize].retain = true;
            s
        };
        let code = section(&mut g, "$__LAZY_REENTRY", Prot::ReadExec, SectionKind::Text);
        let stubs = section(&mut g, "$__LAZY_STUBS", Prot::ReadExec, SectionKind::Text);
        let slots = section(
            &mut g,
            "$__LAZY_POINTERS",
            Prot::ReadWrite,
            SectionKind::Data,
        );
        let tag = crate::remote::names::LAZY_REENTRY_TAG;
        let (bytes, first) = arch::reentry_block(arch, ctx, tag, dispatch, ids);
        let reentry = g.add_block(code, Content::Bytes(Cow::Owned(bytes)), 16);
        let (stub_bytes, stub_edges) = arch.stub();
        for (i, &id) in ids.iter().enumerate() {
            let f = &self.functions[id as usize];
            let entry_at = first + i as u64 * arch.reentry_entry_size();
            let entry = g.add_anonymous(reentry, entry_at, file);
            let slot = g.add_block(slots, Content::Bytes(Cow::Borrowed(&[0; 8])), 8);
            g.blocks[slot as usize].edges.push(Edge {
                offset: 0,
                kind: POINTER64,
                target: entry,
                addend: 0,
                reloc: 0,
            });
            let slot_sym = g.add_anonymous(slot, 0, file);
            let stub = g.add_block(
                stubs,
                Content::Bytes(Cow::Borrowed(stub_bytes)),
                arch.stub_align(),
            );
            for &(offset, kind, addend) in stub_edges {
                g.blocks[stub as usize].edges.push(Edge {
                    offset: offset as u32, // within a stub of a few bytes
                    kind,
                    target: slot_sym,
                    addend,
                    reloc: 0,
                });
            }
            // Named (a local symbol) for dumps and -show-addrs.
            g.add_symbol(Symbol {
                raw_name: &f.name,
                file,
                def: Def::Block {
                    block: stub,
                    offset: 0,
                },
                size: stub_bytes.len() as u64,
                linkage: Linkage::Strong,
                scope: Scope::Local,
                weak_ref: false,
                tls: false,
                live: false,
            });
        }
        g
    }

    /// Records where the linked stubs graph of `ids` placed each function's slot and stub:
    /// block 0 is the reentry code, then [`LazyFiles::stubs_graph`] made a slot and a stub
    /// per function.
    pub fn place(&self, ids: &[u32], graph: &LinkGraph<'_>) {
        for (i, &id) in ids.iter().enumerate() {
            let block = 1 + 2 * i as u32;
            let placed = (graph.block_addr(block), graph.block_addr(block + 1));
            self.functions[id as usize].stub.set(Some(placed));
        }
    }

    /// Each lazy file and how it was linked, for -show-linked-files.
    pub fn report(&self) -> impl Iterator<Item = (&str, String)> {
        self.files.iter().map(|f| {
            let how = match &f.linked {
                Some(why) => format!(
                    "-lazy, linked {why} ({} reentr{}, {} stub{} set)",
                    f.reentries,
                    if f.reentries == 1 { "y" } else { "ies" },
                    f.stubs_set,
                    if f.stubs_set == 1 { "" } else { "s" }
                ),
                None => "-lazy, never linked (none of its functions was called)".into(),
            };
            (f.input.display.as_str(), how)
        })
    }
}

/// Each member of a lazy archive, as an object input of its own (named `lib.a(member.o)`),
/// mapped from the archive's file where it lies (nothing is copied).
fn archive_members(archive: &Input) -> Result<Vec<Input>> {
    let ctx = |e: object::Error| Error::from(e).context(&archive.display);
    let io = |e: std::io::Error| Error::new(format!("{}: {e}", archive.display));
    let data: &[u8] = &archive.data;
    let parsed = object::read::archive::ArchiveFile::parse(data).map_err(ctx)?;
    let file = std::fs::File::open(&archive.path).map_err(io)?;
    let mut out = Vec::new();
    for member in parsed.members() {
        let member = member.map_err(ctx)?;
        let (offset, size) = member.file_range();
        let name = printable(member.name()).into_owned();
        // What is not an object (no ELF or Mach-O header) is not linked, as eager archive
        // loading never pulls it.
        let is_object = member
            .data(data)
            .is_ok_and(|bytes| crate::link::input::Format::of(bytes).is_some());
        if size == 0 || !is_object {
            continue;
        }
        // SAFETY: a read-only private mapping of part of the archive, which (like every
        // input) must not change while it is mapped.
        let map = unsafe {
            memmap2::MmapOptions::new()
                .offset(offset)
                .len(size as usize)
                .map(&file)
        }
        .map_err(io)?;
        out.push(Input {
            path: archive.path.join(&name),
            display: format!("{}({name})", archive.display),
            kind: InputKind::Object,
            data: map,
        });
    }
    Ok(out)
}
