//! Thread-local storage: the link's TLS image, where it is placed, and the values TLS
//! relocations compute with.
//!
//! All `.tdata` and `.tbss` blocks of a link form one TLS image, as a static linker makes one
//! `PT_TLS`: the initialised blocks first, then the zero-filled ones, with the strictest
//! alignment of them all. The memory manager places the image in static TLS (see
//! [`crate::static_tls`]), so every variable has a fixed offset from the thread pointer,
//! `TPOFF(S)`, the same in every thread, and every TLS model becomes arithmetic on constants:
//!
//! | model | code | what the link gives it |
//! |---|---|---|
//! | local-exec | `%fs:TPOFF` / `add x0, tp, #TPOFF` | the constant |
//! | initial-exec | load TPOFF from the GOT | a GOT word holding TPOFF (x86-64: relaxed to an immediate) |
//! | general-dynamic | `__tls_get_addr(&tls_index)` | a `tls_index` {TPOFF(image), DTPOFF(S)} and the link's own `__tls_get_addr`, which adds both words to the thread pointer |
//! | local-dynamic | `__tls_get_addr(&module_index) + DTPOFF(S)` | the module index {TPOFF(image), 0} |
//! | descriptors | `call *desc` returns an offset from the thread pointer | {resolver, TPOFF(S)}; the resolver returns its argument word |
//!
//! `__tls_get_addr` and the descriptor resolver are a few instructions that the link itself
//! contains (`Arch::tls_get_addr`, `Arch::tlsdesc_resolver`), so no runtime library is needed.
//!
//! In the reservation, the `.tdata` blocks lie one after another from [`TlsImage::template`]
//! (DTPOFF(S) = the block's offset minus the template's), so the initial image is one run of
//! working memory that relocations patch like any other data; `.tbss` blocks take no room
//! there (their offsets continue the image's, past the template). A thread-local variable
//! outside the link (libstdc++'s `__once_callable`, read initial-exec by `std::call_once` code)
//! has the TPOFF of its address in the thread that looked it up, if that address lies in the
//! process's static TLS.

use std::borrow::Cow;

use super::graph::{Content, Def, LinkGraph, Linkage, Prot, Scope, SectionKind, SymbolId};
use crate::arch::TlsValues;

/// The link's TLS image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlsImage {
    /// Offset in the reservation of the image's first byte.
    pub template: u64,
    /// Bytes of initialised data at the start of the image; the rest is zero.
    pub init_size: u64,
    pub size: u64,
    pub align: u64,
    /// TPOFF of the image's first byte, once the memory manager has placed it.
    pub tp_offset: i64,
}

/// How thread-local variables outside the link are reached: their addresses came from a
/// lookup in a thread whose thread pointer is `thread_pointer`, and only addresses within
/// `static_tls` (offsets from the thread pointer) are the same in every thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExternalTls {
    pub thread_pointer: u64,
    pub static_tls: (i64, i64),
}

/// Where the memory manager put a TLS image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TlsPlacement {
    pub tp_offset: i64,
}

pub const TLS_GET_ADDR: &str = "__tls_get_addr";
/// The start of the link's TLS image (DTPOFF 0), which gnu2 local-dynamic code addresses
/// through a descriptor and then adds `x@dtpoff`.
pub const MODULE_BASE: &str = "_TLS_MODULE_BASE_";
const RESOLVER: &str = "__rjitlink_tlsdesc_static";
const DYNAMIC_RESOLVER: &str = "__rjitlink_tlsdesc_dynamic";

/// The linker-defined symbols the dynamic TLS runtime reads: the template's address, and as
/// absolute values the sizes and alignment of the image.
const IMAGE: &str = "__rjitlink_tls_image";
const INIT_SIZE: &str = "__rjitlink_tls_init_size";
const SIZE: &str = "__rjitlink_tls_size";
const ALIGN: &str = "__rjitlink_tls_align";

/// Whether the link has thread-local variables or refers to some outside it.
pub fn uses_tls(graph: &LinkGraph<'_>) -> bool {
    graph.tls_symbols || graph.sections.iter().any(|s| s.kind.is_tls())
}

/// For a target without static TLS for JIT'd code (LLVM's executor): links rjitlink's TLS
/// runtime (`runtime/tls.c`, built into this binary) into the image, which gives each
/// thread its own copy of the image on first use; general-dynamic, local-dynamic and
/// descriptor code then works, and local-exec and initial-exec code is an error.
pub fn add_dynamic_runtime(graph: &mut LinkGraph<'_>) -> crate::error::Result<()> {
    graph.tls_dynamic = true;
    let file = super::runtime::add(graph, super::runtime::Runtime::Tls)?;
    for name in [IMAGE, INIT_SIZE, SIZE, ALIGN] {
        let id = graph.global(name.as_bytes(), file);
        let sym = &mut graph.symbols[id as usize];
        sym.def = Def::Absolute(0);
        sym.linkage = Linkage::Strong;
        sym.scope = Scope::Hidden;
    }
    Ok(())
}

/// Gives the dynamic runtime's symbols their values, once the image is laid out.
pub fn define_dynamic_symbols(graph: &mut LinkGraph<'_>) {
    let Some(image) = graph.tls else { return };
    let values = [
        (IMAGE, graph.base.wrapping_add(image.template)),
        (INIT_SIZE, image.init_size),
        (SIZE, image.size),
        (ALIGN, image.align),
    ];
    for (name, value) in values {
        if let Some(id) = graph.lookup(name) {
            graph.symbols[id as usize].def = Def::Absolute(value);
        }
    }
}

/// The link's own `__tls_get_addr`, when an input calls it and none is defined (an input that
/// defines one keeps it). It must win over the process's: the link's `tls_index` words are not
/// glibc's.
pub fn add_runtime(graph: &mut LinkGraph<'_>) {
    if let Some(id) = graph.lookup(MODULE_BASE) {
        if graph.sym(id).def == Def::Undefined {
            let section = graph.add_section(
                graph.sym(id).file,
                "$__TLS_MODULE_BASE".into(),
                Prot::Read,
                SectionKind::TlsZeroFill,
            );
            let block = graph.add_block(section, Content::Zero(0), 1);
            let sym = &mut graph.symbols[id as usize];
            sym.def = Def::Block { block, offset: 0 };
            sym.linkage = Linkage::Strong;
            sym.scope = Scope::Hidden;
            graph.tls_module_base = Some(id);
        }
    }
    let Some(id) = graph.lookup(TLS_GET_ADDR) else {
        return;
    };
    if graph.sym(id).def != Def::Undefined {
        return;
    }
    let block = runtime_block(graph, graph.arch.tls_get_addr());
    let sym = &mut graph.symbols[id as usize];
    sym.def = Def::Block { block, offset: 0 };
    sym.linkage = Linkage::Strong;
    sym.scope = Scope::Hidden;
    sym.size = graph.arch.tls_get_addr().len() as u64;
}

/// The descriptor resolver, made on first use (by the GOT pass, so it is live): the static
/// one, or with dynamic TLS the runtime's.
pub fn resolver(graph: &mut LinkGraph<'_>) -> SymbolId {
    if graph.tls_dynamic {
        if let Some(id) = graph.lookup(DYNAMIC_RESOLVER) {
            return id;
        }
    }
    if let Some(id) = graph.lookup(RESOLVER) {
        return id;
    }
    let code = graph.arch.tlsdesc_resolver();
    let block = runtime_block(graph, code);
    graph.blocks[block as usize].live = true;
    let file = graph.sections[graph.blocks[block as usize].section as usize].file;
    let id = graph.global(RESOLVER.as_bytes(), file);
    let sym = &mut graph.symbols[id as usize];
    sym.def = Def::Block { block, offset: 0 };
    sym.linkage = Linkage::Strong;
    sym.scope = Scope::Hidden;
    sym.size = code.len() as u64;
    sym.live = true;
    id
}

fn runtime_block(graph: &mut LinkGraph<'_>, code: &'static [u8]) -> u32 {
    let section = match graph
        .sections
        .iter()
        .position(|s| s.name == "$__TLS_RUNTIME")
    {
        Some(s) => s as u32,
        None => {
            let file = graph.add_file(
                "<linker>".into(),
                "<linker>".into(),
                "thread-local storage".into(),
            );
            graph.add_section(
                file,
                "$__TLS_RUNTIME".into(),
                Prot::ReadExec,
                SectionKind::Text,
            )
        }
    };
    graph.add_block(section, Content::Bytes(Cow::Borrowed(code)), 16)
}

/// The TLS values of `target`, when it is a thread-local variable (in the link's image, or
/// outside the link and reachable through `external`).
pub fn values(
    graph: &LinkGraph<'_>,
    target: SymbolId,
    external: Option<&ExternalTls>,
) -> Option<TlsValues> {
    match graph.sym(target).def {
        Def::Block { .. } => {
            let image = graph.tls.as_ref()?;
            let dtpoff = image_offset(graph, target)?;
            Some(TlsValues {
                tpoff: image.tp_offset.wrapping_add(dtpoff as i64),
                dtpoff,
                module: image.tp_offset,
                static_tls: !graph.tls_dynamic,
            })
        }
        Def::External(addr) => {
            let ext = external?;
            let tpoff = addr.wrapping_sub(ext.thread_pointer) as i64;
            if tpoff < ext.static_tls.0 || tpoff >= ext.static_tls.1 {
                return None;
            }
            Some(TlsValues {
                tpoff,
                dtpoff: 0,
                module: tpoff,
                static_tls: true,
            })
        }
        _ => None,
    }
}

/// DTPOFF of a symbol in the link's TLS image (what `-check` and `-show-addrs` show for it).
pub fn image_offset(graph: &LinkGraph<'_>, sym: SymbolId) -> Option<u64> {
    let Def::Block { block, offset } = graph.sym(sym).def else {
        return None;
    };
    if !graph.section_of(block).kind.is_tls() {
        return None;
    }
    if graph.tls_module_base == Some(sym) {
        return Some(0);
    }
    let image = graph.tls.as_ref()?;
    Some(
        graph.blocks[block as usize]
            .offset
            .wrapping_add(offset)
            .wrapping_sub(image.template),
    )
}
