//! The link pipeline: inputs -> graph -> resolution -> dead-stripping -> GOT/stubs -> layout ->
//! fixup -> finalize. Each phase only reads what the previous one produced; where the bytes end
//! up (this process, another one, nowhere) is the memory manager's business.

pub mod boundaries;
pub mod compact_unwind;
pub mod debug_lines;
pub mod eh_frame;
pub mod elf;
pub mod fixup;
pub mod forwarders;
pub mod fragment;
pub mod got;
pub mod graph;
pub mod init;
pub mod input;
pub mod layout;
pub mod macho;
pub mod memory;
pub mod parallel;
pub mod prune;
pub mod resolve;
pub mod runtime;
pub mod self_relocs;
pub mod summary;
pub mod tls;
pub mod weak_imports;

use std::borrow::Cow;
use std::time::{Duration, Instant};

use crate::arch::Arch;
use crate::error::{Error, Result};
use graph::{Content, Def, LinkGraph, Linkage, Prot, Scope, SectionKind};
use init::Initializers;
use input::{Format, Input, Inputs};
use layout::Layout;
use memory::MemoryManager;
use resolve::{ExternalOptions, ExternalSymbols};

pub struct LinkOptions<'o> {
    pub entry: &'o str,
    pub all_load: bool,
    pub externals: ExternalOptions<'o>,
    pub page_size: u64,
    /// The object format: ELF links get glibc's per-module forwarders (see [`forwarders`]).
    pub format: Format,
    /// `-no-static-tls`: link the TLS runtime even where static TLS is available.
    pub no_static_tls: bool,
    /// Build the image: false when nothing will read it (a `-noexec` link without `-check` or
    /// `-show-relocated-section-contents`). Fixup then only computes and checks every edge
    /// (the same errors), and the reservation's pages are never touched.
    pub image: bool,
    /// Collect [`Sizes`] (`-show-sizes`): two passes over every block, before and after
    /// dead-stripping.
    pub sizes: bool,
    /// `-add-self-relocations` (see [`self_relocs`]).
    pub self_relocations: bool,
}

/// Bytes per kind of section, before and after dead-stripping (`-show-sizes`; empty unless
/// [`LinkOptions::sizes`] asked for them).
#[derive(Debug, Default, Clone)]
pub struct Sizes {
    pub rows: Vec<(&'static str, u64, u64)>,
}

/// A finished link: the graph with addresses, the memory holding its bytes, and what the
/// program needs to run (entry point, initializers, unwind table).
pub struct Linked<'a> {
    pub graph: LinkGraph<'a>,
    pub layout: Layout,
    /// Holds the image, if [`LinkOptions::image`] asked for one (else its bytes are zeros).
    pub memory: Box<dyn MemoryManager>,
    pub image: bool,
    pub entry: Option<u64>,
    pub initializers: Initializers,
    /// Target address and size of the eh_frame table.
    pub eh_frame: Option<(u64, u64)>,
    /// Target address of `__dso_handle` (the handle `atexit` handlers are registered under).
    pub dso_handle: u64,
    /// `__cxa_finalize(&__dso_handle)`, to call after the entry point returns.
    pub finalizer: Option<u64>,
    pub sizes: Sizes,
    pub timings: Vec<(&'static str, Duration)>,
}

struct Timer {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }
}

/// A link's inputs read into its graph: all [`finish`] needs besides the target. Nothing here
/// asks the target anything, so an executor can be starting meanwhile.
pub struct Loaded<'a> {
    graph: LinkGraph<'a>,
    phases: Vec<(&'static str, Duration)>,
}

/// Reads the inputs (objects, and the archive members they need) into one graph.
pub fn load<'a>(inputs: &'a Inputs, arch: &'static dyn Arch, all_load: bool) -> Result<Loaded<'a>> {
    let files: Vec<&'a Input> = inputs.files.iter().collect();
    load_files(&files, arch, all_load)
}

/// [`load`] for files that need not come from one [`Inputs`].
pub fn load_files<'a>(
    files: &[&'a Input],
    arch: &'static dyn Arch,
    all_load: bool,
) -> Result<Loaded<'a>> {
    load_wanting(files, arch, all_load, &[])
}

/// [`load_files`], also pulling the archive members that define `wanted` (names a later unit
/// of the session refers to: a JITDylib's archives serve the units that link against it).
pub fn load_wanting<'a>(
    files: &[&'a Input],
    arch: &'static dyn Arch,
    all_load: bool,
    wanted: &[&'a [u8]],
) -> Result<Loaded<'a>> {
    let mut timer = Timer {
        last: Instant::now(),
        phases: Vec::new(),
    };
    let mut graph = LinkGraph::new(arch);
    // Strong references while the archives are searched (members are pulled for those), then
    // weak: one that nothing here defines is the later unit's to report.
    let ids: Vec<graph::SymbolId> = wanted.iter().map(|n| graph.global(n, 0)).collect();
    for &id in &ids {
        resolve::reference(&mut graph, id, false);
    }
    input::load_files(&mut graph, files, all_load)?;
    for id in ids {
        if graph.sym(id).def == Def::Undefined {
            graph.symbols[id as usize].weak_ref = true;
        }
    }
    timer.lap("load inputs");
    Ok(Loaded {
        graph,
        phases: timer.phases,
    })
}

impl<'a> Loaded<'a> {
    /// A graph made by the linker itself (no inputs to read).
    pub fn made(graph: LinkGraph<'a>) -> Self {
        Loaded {
            graph,
            phases: Vec::new(),
        }
    }

    /// Global names referenced and not defined by what was read, strong or weak.
    pub fn undefined(&self) -> Vec<&'a [u8]> {
        let g = &self.graph;
        g.globals
            .iter()
            .map(|&(_, id)| g.sym(id))
            .filter(|s| s.def == Def::Undefined)
            .map(|s| s.name())
            .collect()
    }

    /// Points every reference to a global that files `files` (graph file ids, in the order
    /// the files were read) define and `redirect` gives an address for at that address
    /// instead (a lazy function's stub: its address everywhere, its own file included).
    /// Branches keep going to the definition (where they go does not show), and unwind
    /// records keep their own references.
    pub fn redirect(
        &mut self,
        files: std::ops::Range<graph::FileId>,
        redirect: impl Fn(&[u8]) -> Option<u64>,
    ) {
        let g = &mut self.graph;
        let mut to: rustc_hash::FxHashMap<graph::SymbolId, graph::SymbolId> = Default::default();
        let ids: Vec<graph::SymbolId> = g.globals.iter().map(|&(_, id)| id).collect();
        for id in ids {
            let s = g.sym(id);
            if !s.is_defined_in_link() || s.scope != Scope::Default || !files.contains(&s.file) {
                continue;
            }
            if let Some(addr) = redirect(s.name()) {
                let file = s.file;
                let new = g.add_symbol(graph::Symbol::anonymous(Def::External(addr), file));
                to.insert(id, new);
            }
        }
        if to.is_empty() {
            return;
        }
        let arch = g.arch;
        for block in &mut g.blocks {
            if g.sections[block.section as usize].kind == SectionKind::EhFrame {
                continue;
            }
            for e in &mut block.edges {
                let branch = matches!(
                    arch.got_request(e.kind),
                    crate::arch::GotRequest::Stub | crate::arch::GotRequest::StubAndGotBase
                );
                if e.kind == crate::arch::KEEP_ALIVE || branch {
                    continue;
                }
                if let Some(&new) = to.get(&e.target) {
                    e.target = new;
                }
            }
        }
    }

    /// How many files were read (archive members included).
    pub fn file_count(&self) -> graph::FileId {
        self.graph.files.len() as graph::FileId
    }

    /// The files read, as (name, why), in order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.graph
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.reason.as_str()))
    }
}

/// Links what [`load`] read for the target `memory` and `externals` stand for.
pub fn link<'a>(
    inputs: &'a Inputs,
    arch: &'static dyn Arch,
    opts: &LinkOptions<'_>,
    externals: Option<&mut dyn ExternalSymbols>,
    memory: Box<dyn MemoryManager>,
) -> Result<Linked<'a>> {
    finish(load(inputs, arch, opts.all_load)?, opts, externals, memory)
}

/// Everything after loading: runtime objects, resolution, dead-stripping, GOT and stubs,
/// layout in `memory`, fixup and finalization.
pub fn finish<'a>(
    loaded: Loaded<'a>,
    opts: &LinkOptions<'_>,
    externals: Option<&mut dyn ExternalSymbols>,
    mut memory: Box<dyn MemoryManager>,
) -> Result<Linked<'a>> {
    let Loaded { mut graph, phases } = loaded;
    let arch = graph.arch;
    let mut timer = Timer {
        last: Instant::now(),
        phases,
    };
    if opts.self_relocations {
        self_relocs::add(&mut graph)?;
    }
    if tls::uses_tls(&graph) && (opts.no_static_tls || !memory.has_static_tls()?) {
        tls::add_dynamic_runtime(&mut graph)?;
    }
    if opts.format == Format::Elf {
        runtime::add_phdr(&mut graph)?;
    }

    let finalizer_sym = match opts.format {
        Format::Elf => forwarders::add(&mut graph),
        Format::MachO => None,
    };
    define_runtime_symbols(&mut graph);
    tls::add_runtime(&mut graph);
    let boundaries = match opts.format {
        Format::Elf => boundaries::declare(&mut graph),
        Format::MachO => boundaries::declare_macho(&mut graph),
    };
    resolve::resolve_externals(&mut graph, &opts.externals, externals)?;
    timer.lap("resolve symbols");

    let before = opts.sizes.then(|| size_by_kind(&graph, false));
    let entry_sym = graph
        .lookup(opts.entry)
        .filter(|&id| graph.sym(id).def != Def::Undefined);
    let roots: Vec<_> = entry_sym.iter().chain(&finalizer_sym).copied().collect();
    prune::prune(&mut graph, &roots);
    timer.lap("dead-strip");

    got::build(&mut graph)?;
    let unwind_info = compact_unwind::reserve(&mut graph)?;
    layout::add_eh_frame_terminator(&mut graph);
    timer.lap("GOT and stubs");

    let mut layout = layout::layout(&mut graph, opts.page_size)?;
    let low = needs_low_addresses(&graph);
    graph.base = memory.reserve(layout.size, low)?;
    if let Some(image) = &mut layout.tls {
        if !graph.tls_dynamic {
            image.tp_offset = memory.place_tls(arch, image.size, image.align)?.tp_offset;
        }
    }
    graph.tls = layout.tls;
    boundaries::define(&mut graph, &layout, &boundaries);
    if graph.tls_dynamic {
        tls::define_dynamic_symbols(&mut graph);
    }
    if let Some(info) = unwind_info {
        let eh_frame_start = layout.eh_frame.map(|(off, _)| graph.base + off);
        compact_unwind::write(&mut graph, info, eh_frame_start)?;
    }
    timer.lap("layout and reserve");

    let external_tls = memory.external_tls();
    let initializers = if opts.image {
        fixup::apply_all(
            &graph,
            &layout,
            external_tls.as_ref(),
            Some(memory.working_mut()),
        )?;
        init::collect(&graph, memory.working())
    } else {
        fixup::apply_all(&graph, &layout, external_tls.as_ref(), None)?;
        Initializers::default()
    };
    timer.lap("fixup");

    memory.finalize(&layout)?;
    timer.lap("finalize");

    let sizes = Sizes {
        rows: match before {
            Some(before) => merge_sizes(before, size_by_kind(&graph, true)),
            None => Vec::new(),
        },
    };
    let entry = entry_sym.and_then(|id| graph.sym_addr(id));
    let eh_frame = layout.eh_frame.map(|(off, size)| (graph.base + off, size));
    let dso_handle = graph
        .lookup("__dso_handle")
        .and_then(|id| graph.sym_addr(id))
        .unwrap_or(graph.base);
    // Without a `__cxa_finalize` (-no-process-syms) there is nothing to call.
    let has_cxa_finalize = graph
        .lookup("__cxa_finalize")
        .is_some_and(|id| graph.sym(id).def != Def::External(0));
    let finalizer = finalizer_sym
        .filter(|_| has_cxa_finalize)
        .and_then(|id| graph.sym_addr(id));
    Ok(Linked {
        graph,
        layout,
        memory,
        image: opts.image,
        entry,
        initializers,
        eh_frame,
        dso_handle,
        finalizer,
        sizes,
        timings: timer.phases,
    })
}

/// Symbols the linker itself provides: `__dso_handle` (which `__cxa_atexit` registrations
/// name) and `_GLOBAL_OFFSET_TABLE_`, when inputs refer to them.
fn define_runtime_symbols(graph: &mut LinkGraph<'_>) {
    // `___dso_handle` is the Mach-O spelling.
    let handles: Vec<_> = ["__dso_handle", "___dso_handle"]
        .iter()
        .filter_map(|n| graph.lookup(n))
        .collect();
    for id in handles {
        if graph.sym(id).def == Def::Undefined {
            let s = graph.add_section(
                0,
                "$__DSO_HANDLE".into(),
                Prot::ReadWrite,
                SectionKind::Data,
            );
            let b = graph.add_block(s, Content::Bytes(Cow::Borrowed(&[0; 8])), 8);
            let sym = &mut graph.symbols[id as usize];
            sym.def = Def::Block {
                block: b,
                offset: 0,
            };
            sym.linkage = Linkage::Strong;
            sym.scope = Scope::Hidden;
            sym.size = 8;
        }
    }
    got::define_got_symbol(graph);
}

/// Absolute 32-bit relocations (non-PIC code) need the link below 2 GiB.
fn needs_low_addresses(graph: &LinkGraph<'_>) -> bool {
    graph.blocks.iter().filter(|b| b.live).any(|b| {
        b.edges.iter().any(|e| {
            graph.arch.needs_low_address(e.kind) && graph.sym(e.target).is_defined_in_link()
        })
    })
}

fn kind_label(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Text => "text",
        SectionKind::ReadOnly => "read-only data",
        SectionKind::Data => "data",
        SectionKind::ZeroFill => "zero-fill (bss)",
        SectionKind::Initializers(_) => "initializers",
        SectionKind::EhFrame => "eh_frame",
        SectionKind::Got => "GOT",
        SectionKind::Stubs => "stubs",
        SectionKind::TlsData => "thread-local data",
        SectionKind::TlsZeroFill => "thread-local zero-fill",
        SectionKind::CompactUnwind => "compact unwind",
        SectionKind::ImageHeader => "Mach-O header",
        SectionKind::UnwindInfo => "unwind info",
    }
}

fn size_by_kind(graph: &LinkGraph<'_>, live_only: bool) -> Vec<(&'static str, u64)> {
    let mut out: Vec<(&'static str, u64)> = Vec::new();
    for block in &graph.blocks {
        if live_only && !block.live {
            continue;
        }
        let label = kind_label(graph.sections[block.section as usize].kind);
        match out.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += block.size(),
            None => out.push((label, block.size())),
        }
    }
    out
}

fn merge_sizes(
    before: Vec<(&'static str, u64)>,
    after: Vec<(&'static str, u64)>,
) -> Vec<(&'static str, u64, u64)> {
    let order = [
        "text",
        "read-only data",
        "data",
        "zero-fill (bss)",
        "initializers",
        "eh_frame",
        "GOT",
        "stubs",
        "thread-local data",
        "thread-local zero-fill",
        "compact unwind",
        "Mach-O header",
        "unwind info",
    ];
    order
        .iter()
        .filter_map(|&label| {
            let b = before.iter().find(|(l, _)| *l == label).map_or(0, |x| x.1);
            let a = after.iter().find(|(l, _)| *l == label).map_or(0, |x| x.1);
            (a != 0 || b != 0).then_some((label, b, a))
        })
        .collect()
}

impl Linked<'_> {
    /// What the link exports (default-scope definitions, in the link or absolute, but not
    /// thread-local variables), as (name, address).
    pub fn exports(&self) -> Vec<(&[u8], u64)> {
        let g = &self.graph;
        g.globals
            .iter()
            .map(|&(_, id)| (id, g.sym(id)))
            // A thread-local variable's address is no use to another unit (which would need
            // its offset in this unit's TLS image): a reference to one stays undefined.
            .filter(|(_, s)| {
                s.scope == Scope::Default
                    && !s.tls
                    && matches!(s.def, Def::Block { .. } | Def::Absolute(_))
            })
            .filter_map(|(id, s)| Some((s.name(), g.sym_addr(id)?)))
            .collect()
    }

    /// The link's functions: named symbols with a size in the live code, as (name, address,
    /// size) in address order (what a profiler's code-load records name). A local function
    /// that nothing refers to by name (a static one called within its section) is one too:
    /// its code runs.
    pub fn functions(&self) -> Vec<(&[u8], u64, u64)> {
        let g = &self.graph;
        let mut out: Vec<(&[u8], u64, u64)> = g
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| s.size > 0 && !s.name().is_empty())
            .filter(|(_, s)| {
                matches!(s.def, Def::Block { block, .. }
                    if g.blocks[block as usize].live
                        && g.section_of(block).kind == SectionKind::Text)
            })
            .filter_map(|(id, s)| Some((s.name(), g.sym_addr(id as graph::SymbolId)?, s.size)))
            .collect();
        out.sort_by_key(|&(name, addr, _)| (addr, name));
        out
    }

    /// The address of a global the link defines.
    pub fn defined(&self, name: &[u8]) -> Option<u64> {
        let id = self.graph.lookup(name)?;
        self.graph
            .sym(id)
            .is_defined_in_link()
            .then(|| self.graph.sym_addr(id))
            .flatten()
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(e.to_string())
    }
}
