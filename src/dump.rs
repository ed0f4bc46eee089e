//! `-show-graph` and `-show-relocated-section-contents`: the link graph and the relocated
//! bytes, per input file, in address order, so that the output is byte-identical from run to
//! run at a fixed slab address. Sections the linker made (`$__GOT`, `$__STUBS`, ...) are
//! listed under `<linker>`.

use std::collections::HashMap;
use std::fmt::Write;

use crate::arch;
use crate::link::graph::{BlockId, Content, Def, LinkGraph, Linkage, Scope, Section, SymbolId};
use crate::link::Linked;

const LINKER: &str = "<linker>";

/// The file a section is listed under.
fn owner<'g>(g: &'g LinkGraph<'_>, s: &Section) -> &'g str {
    if s.name.starts_with('$') {
        LINKER
    } else {
        &g.files[s.file as usize].name
    }
}

/// The graphs to show: every input file in link order, then the linker's own sections;
/// `filter` (from `-show-graphs=REGEX`) selects by name.
fn graph_names<'g>(g: &'g LinkGraph<'_>, filter: Option<&str>) -> Vec<&'g str> {
    let mut names: Vec<&str> = g
        .files
        .iter()
        .map(|f| f.name.as_str())
        .filter(|n| !n.starts_with('<'))
        .collect();
    names.push(LINKER);
    names.retain(|n| filter.is_none_or(|re| regex_search(re, n)));
    names
}

/// Live sections of graph `name`, sorted by name, each with its live blocks in address order.
fn sections_of<'g>(g: &'g LinkGraph<'_>, name: &str) -> Vec<(&'g Section, Vec<BlockId>)> {
    let mut out: Vec<(&Section, Vec<BlockId>)> = g
        .sections
        .iter()
        .filter(|s| owner(g, s) == name)
        .map(|s| {
            let mut blocks: Vec<BlockId> = s
                .blocks
                .iter()
                .copied()
                .filter(|&b| g.blocks[b as usize].live)
                .collect();
            blocks.sort_by_key(|&b| g.blocks[b as usize].offset);
            (s, blocks)
        })
        .filter(|(_, blocks)| !blocks.is_empty())
        .collect();
    out.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.1.first().cmp(&b.1.first())));
    out
}

/// How an edge target or symbol is named in the dump.
fn target_name(g: &LinkGraph<'_>, entries: &HashMap<SymbolId, String>, id: SymbolId) -> String {
    let sym = g.sym(id);
    if !sym.name().is_empty() {
        return sym.display_name().into_owned();
    }
    if let Some(what) = entries.get(&id) {
        return what.clone();
    }
    match sym.def {
        Def::Block { block, offset } => {
            let in_section = g.blocks[block as usize].input_offset + offset;
            format!("{}+{in_section:#x}", g.section_of(block).name)
        }
        Def::Absolute(a) | Def::External(a) => format!("<absolute {a:#x}>"),
        _ => "<anonymous>".to_string(),
    }
}

/// `-show-graph`: sections, blocks, symbols and edges of each graph, post-fixup.
/// Names for the GOT entries and stubs (`<GOT entry for x>`), and each block's symbols (live
/// or named).
fn names_and_symbols(
    g: &LinkGraph<'_>,
) -> (HashMap<SymbolId, String>, HashMap<BlockId, Vec<SymbolId>>) {
    let mut entries: HashMap<SymbolId, String> = HashMap::new();
    for (&target, &entry) in &g.got_entries {
        entries.insert(
            entry,
            format!("<GOT entry for {}>", g.sym(target).display_name()),
        );
    }
    for (&target, &stub) in &g.stubs {
        entries.insert(stub, format!("<stub for {}>", g.sym(target).display_name()));
    }
    let mut by_block: HashMap<BlockId, Vec<SymbolId>> = HashMap::new();
    for (id, sym) in g.symbols.iter().enumerate() {
        if let Def::Block { block, .. } = sym.def {
            if sym.live || !sym.name().is_empty() {
                by_block.entry(block).or_default().push(id as SymbolId);
            }
        }
    }
    (entries, by_block)
}

/// The symbols shown for block `b`: by offset then name, those with a name or standing for
/// a GOT entry or stub.
fn block_symbols(
    g: &LinkGraph<'_>,
    entries: &HashMap<SymbolId, String>,
    by_block: &HashMap<BlockId, Vec<SymbolId>>,
    b: BlockId,
) -> Vec<SymbolId> {
    let mut syms = by_block.get(&b).cloned().unwrap_or_default();
    syms.sort_by_key(|&s| (sym_offset(g, s), g.sym(s).name()));
    syms.retain(|&s| !g.sym(s).name().is_empty() || entries.contains_key(&s));
    syms
}

fn sorted_edges(block: &crate::link::graph::Block<'_>) -> Vec<crate::link::graph::Edge> {
    let mut edges = block.edges.clone();
    edges.sort_by_key(|e| (e.offset, e.kind));
    edges
}

/// A symbol's linkage, scope and liveness as the dumps spell them.
fn symbol_words(
    sym: &crate::link::graph::Symbol<'_>,
) -> (&'static str, &'static str, &'static str) {
    let linkage = if sym.linkage == Linkage::Weak {
        "weak"
    } else {
        "strong"
    };
    let scope = match sym.scope {
        Scope::Default => "default",
        Scope::Hidden => "hidden",
        Scope::Local => "local",
    };
    (linkage, scope, if sym.live { "live" } else { "dead" })
}

/// `-show-graphs` as llvm-jitlink-22 prints it (the `llvm-jitlink` face): LinkGraph's dump
/// format, with its triple header, zero-padded offsets and sizes, and `linkage:`/`scope:`
/// fields.
pub fn graph_llvm(linked: &Linked<'_>, filter: Option<&str>) -> String {
    let g = &linked.graph;
    let (entries, by_block) = names_and_symbols(g);
    let mut out = String::new();
    // The linker's own graphs are rjitlink's business.
    for name in graph_names(g, filter)
        .into_iter()
        .filter(|n| !n.starts_with('<'))
    {
        let _ = writeln!(out, "Link graph \"{name}\" post-fixup:");
        let _ = writeln!(
            out,
            "LinkGraph \"{name}\" (triple = {})",
            llvm_triple(g.arch, name)
        );
        for (section, blocks) in sections_of(g, name) {
            let _ = writeln!(out, "section {}:\n", section.name);
            for &b in &blocks {
                let block = &g.blocks[b as usize];
                let addr = g.block_addr(b);
                let _ = writeln!(
                    out,
                    "  block {addr:#x} size = {:#010x}, align = {}, alignment-offset = 0",
                    block.size(),
                    block.align
                );
                let syms = block_symbols(g, &entries, &by_block, b);
                if !syms.is_empty() {
                    let _ = writeln!(out, "    symbols:");
                }
                for s in syms {
                    let sym = g.sym(s);
                    let off = sym_offset(g, s);
                    let (linkage, scope, live) = symbol_words(sym);
                    let _ = writeln!(
                        out,
                        "      {:#x} (block + {off:#010x}): size: {:#010x}, linkage: {linkage}, scope: {scope}, {live}  -   {}",
                        addr + off,
                        sym.size,
                        target_name(g, &entries, s)
                    );
                }
                let mut edges = sorted_edges(block);
                edges.retain(|e| e.kind != arch::KEEP_ALIVE);
                if edges.is_empty() {
                    let _ = writeln!(out, "    no edges");
                } else {
                    let _ = writeln!(out, "    edges:");
                }
                for e in edges {
                    let sign = if e.addend < 0 { "-" } else { "+" };
                    let _ = writeln!(
                        out,
                        "      {:#x} (block + {:#010x}), addend = {sign}{:#010x}, kind = {}, target = {}",
                        addr + u64::from(e.offset),
                        e.offset,
                        e.addend.unsigned_abs(),
                        arch::kind_name(g.arch, e.kind),
                        target_name(g, &entries, e.target)
                    );
                }
            }
            if !blocks.is_empty() {
                let _ = writeln!(out);
            }
        }
    }
    out
}

/// The triple llvm-jitlink prints for a graph read from `file`: the architecture, and for ELF
/// the OS its header's OSABI names (`x86_64--freebsd`); Mach-O objects are Darwin's.
fn llvm_triple(arch: &dyn arch::Arch, file: &str) -> String {
    let header = std::fs::File::open(file).ok().and_then(|mut f| {
        use std::io::Read;
        let mut h = [0u8; 8];
        f.read_exact(&mut h).ok().map(|()| h)
    });
    match header {
        Some(h) if h[..4] == [0xcf, 0xfa, 0xed, 0xfe] => {
            let a = if arch.name() == "aarch64" {
                "arm64"
            } else {
                arch.name()
            };
            format!("{a}-apple-darwin")
        }
        Some(h) if h[..4] == *b"\x7fELF" => {
            let os = match h[7] {
                object::elf::ELFOSABI_FREEBSD => "freebsd",
                object::elf::ELFOSABI_NETBSD => "netbsd",
                object::elf::ELFOSABI_OPENBSD => "openbsd",
                object::elf::ELFOSABI_SOLARIS => "solaris",
                _ => "",
            };
            format!("{}--{os}", arch.name())
        }
        _ => format!("{}--", arch.name()),
    }
}

pub fn graph(linked: &Linked<'_>, filter: Option<&str>) -> String {
    let g = &linked.graph;
    let (entries, by_block) = names_and_symbols(g);
    let mut out = String::new();
    for name in graph_names(g, filter) {
        let _ = writeln!(out, "LinkGraph \"{name}\" (arch = {}):", g.arch.name());
        for (section, blocks) in sections_of(g, name) {
            let _ = writeln!(out, "section {} ({}):", section.name, section.prot.as_str());
            for b in blocks {
                let block = &g.blocks[b as usize];
                let addr = g.block_addr(b);
                let zero = if matches!(block.content, Content::Zero(_)) {
                    ", zero-fill"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  block {addr:#018x} size = {:#x}, align = {}{zero}",
                    block.size(),
                    block.align
                );
                let syms = block_symbols(g, &entries, &by_block, b);
                if !syms.is_empty() {
                    let _ = writeln!(out, "    symbols:");
                }
                for s in syms {
                    let sym = g.sym(s);
                    let off = sym_offset(g, s);
                    let (linkage, scope, live) = symbol_words(sym);
                    let _ = writeln!(
                        out,
                        "      {:#018x} (block + {off:#x}): size {:#x}, {linkage}, {scope}, {live}  {}",
                        addr + off,
                        sym.size,
                        target_name(g, &entries, s)
                    );
                }
                let edges = sorted_edges(block);
                if edges.is_empty() {
                    let _ = writeln!(out, "    no edges");
                } else {
                    let _ = writeln!(out, "    edges:");
                }
                for e in edges {
                    let sign = if e.addend < 0 { "-" } else { "+" };
                    let _ = writeln!(
                        out,
                        "      {:#018x} (block + {:#x}), addend = {sign}{:#x}, kind = {}, target = {}",
                        addr + u64::from(e.offset),
                        e.offset,
                        e.addend.unsigned_abs(),
                        arch::kind_name(g.arch, e.kind),
                        target_name(g, &entries, e.target)
                    );
                }
            }
        }
    }
    let mut externals: Vec<(&[u8], u64)> = g
        .symbols
        .iter()
        .filter(|s| s.live && !s.name().is_empty())
        .filter_map(|s| match s.def {
            Def::External(a) => Some((s.name(), a)),
            _ => None,
        })
        .collect();
    externals.sort();
    if !externals.is_empty() {
        let _ = writeln!(out, "External symbols:");
        for (name, addr) in externals {
            let _ = writeln!(out, "  {addr:#018x}  {}", crate::error::printable(name));
        }
    }
    out
}

fn sym_offset(g: &LinkGraph<'_>, s: SymbolId) -> u64 {
    match g.sym(s).def {
        Def::Block { offset, .. } => offset,
        _ => 0,
    }
}

/// `-show-relocated-section-contents`: each live section's bytes after fixup, 16 to a row.
pub fn relocated_contents(linked: &Linked<'_>) -> String {
    debug_assert!(
        linked.image,
        "relocated contents of a link built without its image"
    );
    let g = &linked.graph;
    let working = linked.memory.working();
    let mut out = String::new();
    for name in graph_names(g, None) {
        let sections = sections_of(g, name);
        if sections.is_empty() {
            continue;
        }
        let _ = writeln!(out, "Relocated section contents for {name}:");
        for (section, blocks) in sections {
            let (Some(&first), Some(&last)) = (blocks.first(), blocks.last()) else {
                continue;
            };
            let start = g.blocks[first as usize].offset;
            let end = g.blocks[last as usize].offset + g.blocks[last as usize].size();
            let all_zero_fill = blocks
                .iter()
                .all(|&b| matches!(g.blocks[b as usize].content, Content::Zero(_)));
            if section.kind == crate::link::graph::SectionKind::TlsZeroFill {
                // No room in the reservation: where it lies in the TLS image.
                let image = g.tls.map_or(0, |t| t.template);
                let _ = writeln!(
                    out,
                    "{} thread-local zero-fill: {} bytes at TLS offset {:#x}",
                    section.name,
                    end - start,
                    start.wrapping_sub(image)
                );
                continue;
            }
            if all_zero_fill {
                let _ = writeln!(
                    out,
                    "{} zero-fill: {} bytes at {:#018x}",
                    section.name,
                    end - start,
                    g.base + start
                );
                continue;
            }
            let _ = writeln!(out, "{} content:", section.name);
            let bytes = working.get(start as usize..end as usize).unwrap_or(&[]);
            for (i, row) in bytes.chunks(16).enumerate() {
                let _ = write!(out, "{:#018x}:", g.base + start + 16 * i as u64);
                for byte in row {
                    let _ = write!(out, " {byte:02x}");
                }
                out.push('\n');
            }
        }
    }
    out
}

/// A small regular-expression search (`.` `*` `^` `$` and literals, as in the classic
/// Kernighan-Pike matcher): enough for the graph-name patterns of `-show-graphs`.
pub fn regex_search(re: &str, text: &str) -> bool {
    let re: Vec<char> = re.chars().collect();
    let text: Vec<char> = text.chars().collect();
    if let Some(rest) = re.strip_prefix(&['^']) {
        return match_here(rest, &text);
    }
    (0..=text.len()).any(|i| match_here(&re, &text[i..]))
}

fn match_here(re: &[char], text: &[char]) -> bool {
    match re {
        [] => true,
        ['$'] => text.is_empty(),
        [c, '*', rest @ ..] => {
            let mut i = 0;
            loop {
                if match_here(rest, &text[i..]) {
                    return true;
                }
                if i < text.len() && (*c == '.' || text[i] == *c) {
                    i += 1;
                } else {
                    return false;
                }
            }
        }
        [c, rest @ ..] => {
            !text.is_empty() && (*c == '.' || text[0] == *c) && match_here(rest, &text[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::regex_search;

    #[test]
    fn graph_name_patterns() {
        assert!(regex_search(".*", "a.o"));
        assert!(regex_search("^t1.o$", "t1.o"));
        assert!(!regex_search("^t1.o$", "xt1.o"));
        assert!(regex_search("lib", "libz.a(deflate.o)"));
        assert!(!regex_search("^main", "libmain.o"));
    }
}
