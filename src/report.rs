//! The `-show-*` reports, as tables sorted so that output is deterministic for a fixed
//! slab address.

use comfy_table::{presets, Cell, CellAlignment, Table};

use crate::arch::TlsEntry;
use crate::link::graph::{Def, Scope};
use crate::link::Linked;

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::ASCII_MARKDOWN);
    t.set_header(header.iter().map(|h| Cell::new(*h)));
    t
}

fn right(t: &mut Table, columns: &[usize]) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn hex(v: u64) -> String {
    format!("{v:#018x}")
}

/// `-show-addrs`: symbols, then sections, GOT entries and stubs, by address.
/// The target addresses a section's live blocks span, [first start, last end).
fn live_extent(
    g: &crate::link::graph::LinkGraph<'_>,
    section: &crate::link::graph::Section,
) -> Option<(u64, u64)> {
    let mut live = section
        .blocks
        .iter()
        .filter(|&&b| g.blocks[b as usize].live);
    let first = *live.next()?;
    let last = live.next_back().copied().unwrap_or(first);
    Some((
        g.block_addr(first),
        g.block_addr(last) + g.blocks[last as usize].size(),
    ))
}

/// `-show-addrs` as llvm-jitlink-22 prints it (the `llvm-jitlink` face): each named global's
/// target address and where its bytes are held, then each file's sections.
pub fn addresses_llvm(linked: &Linked<'_>) -> String {
    let g = &linked.graph;
    // The content is shown where the linker holds it (working memory), as llvm-jitlink does.
    let working = linked.memory.working().as_ptr() as u64;
    let extent = |start: u64, size: u64, zero: bool| match zero {
        true => format!("zero-fill: {size} bytes"),
        false => {
            let at = working.wrapping_add(start.wrapping_sub(g.base));
            format!("content: {at:#x} -- {:#x} ({size} bytes)", at + size)
        }
    };
    let mut out = String::from("Registered addresses:\nSymbols:\n");
    for &(_, id) in g.globals.iter() {
        let sym = g.sym(id);
        if sym.name().is_empty() || !sym.live {
            continue;
        }
        let Def::Block { block, offset } = sym.def else {
            continue;
        };
        let addr = g.block_addr(block) + offset;
        let zero = matches!(
            g.blocks[block as usize].content,
            crate::link::graph::Content::Zero(_)
        );
        out.push_str(&format!(
            "  \"{}\" target addr = {addr:#018x}, {}\n",
            sym.display_name(),
            extent(addr, sym.size, zero)
        ));
    }
    for (f, file) in g.files.iter().enumerate() {
        if file.name.starts_with('<') {
            continue;
        }
        out.push_str(&format!("File \"{}\":\n", file.basename));
        for section in g.sections.iter().filter(|s| s.file as usize == f) {
            let Some((start, end)) = live_extent(g, section) else {
                continue;
            };
            let zero = section.kind == crate::link::graph::SectionKind::ZeroFill;
            out.push_str(&format!(
                "  Section \"{}\": target addr = {start:#018x}, {}\n",
                section.name,
                extent(start, end.saturating_sub(start), zero)
            ));
        }
    }
    out
}

pub fn addresses(linked: &Linked<'_>) -> String {
    let g = &linked.graph;
    let mut rows: Vec<(u64, String, String, String, u64)> = Vec::new();
    let mut tls_rows: Vec<(u64, String, String, String, u64)> = Vec::new();
    for (id, sym) in g.symbols.iter().enumerate() {
        if sym.name().is_empty() || !sym.live {
            continue;
        }
        let (addr, file) = match sym.def {
            // Thread-local symbols: their offset in the TLS image, marked as such.
            Def::Block { block, .. } if g.section_of(block).kind.is_tls() => {
                let Some(offset) = crate::link::tls::image_offset(g, id as u32) else {
                    continue;
                };
                tls_rows.push((
                    offset,
                    sym.display_name().into_owned(),
                    scope_name(sym.scope).to_string(),
                    g.files[g.section_of(block).file as usize].name.clone(),
                    sym.size,
                ));
                continue;
            }
            Def::Block { block, offset } => (
                g.block_addr(block) + offset,
                g.files[g.section_of(block).file as usize].name.clone(),
            ),
            Def::Absolute(a) => (a, "<absolute>".to_string()),
            _ => continue,
        };
        rows.push((
            addr,
            sym.display_name().into_owned(),
            scope_name(sym.scope).to_string(),
            file,
            sym.size,
        ));
    }
    rows.sort();
    let mut symbols = table(&["address", "size", "scope", "file", "symbol"]);
    for (addr, name, scope, file, size) in rows {
        symbols.add_row(vec![hex(addr), size.to_string(), scope, file, name]);
    }
    right(&mut symbols, &[1]);
    tls_rows.sort();
    let tls = g.tls.map(|image| {
        let mut t = table(&["TLS offset", "TP offset", "size", "scope", "file", "symbol"]);
        for (offset, name, scope, file, size) in tls_rows {
            let tp = image.tp_offset.wrapping_add(offset as i64);
            t.add_row(vec![
                hex(offset),
                signed_hex(tp),
                size.to_string(),
                scope,
                file,
                name,
            ]);
        }
        right(&mut t, &[2]);
        (image, t)
    });

    let mut sections: Vec<(u64, String, String, String, u64)> = Vec::new();
    for section in &g.sections {
        if section.kind == crate::link::graph::SectionKind::TlsZeroFill {
            continue; // no room in the reservation: see the TLS table
        }
        let Some((start, end)) = live_extent(g, section) else {
            continue;
        };
        let file = if section.name.starts_with('$') {
            "<linker>".to_string()
        } else {
            g.files[section.file as usize].name.clone()
        };
        sections.push((
            start,
            section.name.clone(),
            section.prot.as_str().to_string(),
            file,
            end - start,
        ));
    }
    sections.sort();
    let mut sec_table = table(&["address", "size", "prot", "file", "section"]);
    for (addr, name, prot, file, size) in sections {
        sec_table.add_row(vec![hex(addr), size.to_string(), prot, file, name]);
    }
    right(&mut sec_table, &[1]);

    let mut entries: Vec<(u64, &str, String)> = Vec::new();
    for (kind, map) in [("GOT", &g.got_entries), ("stub", &g.stubs)] {
        for (&target, &entry) in map {
            if let Some(addr) = g.sym_addr(entry) {
                entries.push((addr, kind, g.sym(target).display_name().to_string()));
            }
        }
    }
    for (&(target, kind), &entry) in &g.tls_entries {
        let what = match kind {
            TlsEntry::TpOff => "TLS TPOFF",
            TlsEntry::Index => "TLS index",
            TlsEntry::ModuleIndex => "TLS module index",
            TlsEntry::Descriptor => "TLS descriptor",
        };
        let target = match kind {
            TlsEntry::ModuleIndex => "<module>".to_string(),
            _ => g.sym(target).display_name().to_string(),
        };
        if let Some(addr) = g.sym_addr(entry) {
            entries.push((addr, what, target));
        }
    }
    entries.sort();
    let mut entry_table = table(&["address", "entry", "target"]);
    for (addr, kind, target) in entries {
        entry_table.add_row(vec![hex(addr), kind.to_string(), target]);
    }
    let mut out = format!(
        "Symbols:\n{symbols}\n\nSections:\n{sec_table}\n\nGOT entries and stubs:\n{entry_table}\n"
    );
    if let Some((image, t)) = tls {
        out.push_str(&format!(
            "\nThread-local storage: {} bytes ({} initialised), aligned to {}, at thread-pointer offset {}:\n{t}\n",
            image.size,
            image.init_size,
            image.align,
            signed_hex(image.tp_offset)
        ));
    }
    out
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Default => "default",
        Scope::Hidden => "hidden",
        Scope::Local => "local",
    }
}

fn signed_hex(v: i64) -> String {
    if v < 0 {
        format!("-{:#x}", v.unsigned_abs())
    } else {
        format!("{v:#x}")
    }
}

/// `-show-sizes`: bytes per kind of section before and after dead-stripping.
pub fn sizes(linked: &Linked<'_>) -> String {
    let mut t = table(&["section kind", "before dead-stripping", "after"]);
    let (mut before, mut after) = (0, 0);
    for &(label, b, a) in &linked.sizes.rows {
        t.add_row(vec![label.to_string(), b.to_string(), a.to_string()]);
        before += b;
        after += a;
    }
    t.add_row(vec![
        "total".to_string(),
        before.to_string(),
        after.to_string(),
    ]);
    right(&mut t, &[1, 2]);
    format!("{t}\n")
}

/// `-show-times`: wall time per phase.
pub fn times(phases: &[(&'static str, std::time::Duration)]) -> String {
    let mut t = table(&["phase", "ms"]);
    let mut total = 0.0;
    for (name, d) in phases {
        let ms = d.as_secs_f64() * 1e3;
        total += ms;
        t.add_row(vec![name.to_string(), format!("{ms:.3}")]);
    }
    t.add_row(vec!["total".to_string(), format!("{total:.3}")]);
    right(&mut t, &[1]);
    format!("{t}\n")
}

/// `-show-linked-files`: every file in the link and why it is there.
/// -show-linked-files of a session: (file, how it was linked) rows.
pub fn file_rows(rows: &[(String, String)]) -> String {
    let mut t = table(&["file", "linked because"]);
    for (f, why) in rows {
        t.add_row(vec![f.clone(), why.clone()]);
    }
    format!("{t}\n")
}

pub fn linked_files(linked: &Linked<'_>) -> String {
    let mut t = table(&["file", "linked because"]);
    for f in &linked.graph.files {
        if f.name.starts_with('<') {
            continue;
        }
        t.add_row(vec![f.name.clone(), f.reason.clone()]);
    }
    format!("{t}\n")
}
