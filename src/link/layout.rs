//! Layout: live blocks are grouped into one segment per protection (R, RW, RX, in that order,
//! as llvm-jitlink lays them out), each segment starting on a page boundary, so protections
//! are changed once per segment. Within the read-only segment the GOT comes first and the
//! eh_frame records last and contiguous (the unwinder walks them as one table), and the TLS
//! initial image (`.tdata`) is one contiguous run before them; in the RW segment zero-filled
//! blocks come after those with content. `.tbss` blocks take no room: they only get offsets in
//! the TLS image.

use std::borrow::Cow;

use super::graph::{BlockId, Content, LinkGraph, Prot, SectionKind};
use super::tls::TlsImage;
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Segment {
    pub prot: Prot,
    /// Offset from the reservation's start (page-aligned).
    pub offset: u64,
    /// Bytes used, including zero fill.
    pub size: u64,
    /// `size` rounded up to the page size.
    pub alloc_size: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub segments: Vec<Segment>,
    /// Total size of the reservation (a multiple of the page size).
    pub size: u64,
    /// Live blocks in address order.
    pub order: Vec<BlockId>,
    /// Offset and size of the eh_frame table (records plus terminator), if any.
    pub eh_frame: Option<(u64, u64)>,
    /// The TLS image, if the link has thread-local variables (its `tp_offset` is set once the
    /// memory manager has placed it).
    pub tls: Option<TlsImage>,
    pub page_size: u64,
}

/// Appends the 4-byte zero terminator that ends the eh_frame table, if there are live records.
pub fn add_eh_frame_terminator(graph: &mut LinkGraph<'_>) {
    let any = graph
        .blocks
        .iter()
        .any(|b| b.live && graph.sections[b.section as usize].kind == SectionKind::EhFrame);
    if any {
        let s = graph.add_section(
            0,
            "$__EH_FRAME_END".into(),
            Prot::Read,
            SectionKind::EhFrame,
        );
        let b = graph.add_block(s, Content::Bytes(Cow::Borrowed(&[0; 4])), 4);
        graph.blocks[b as usize].live = true;
    }
}

fn rank(kind: SectionKind, zero: bool) -> u8 {
    match kind {
        // The base of `__unwind_info`'s offsets, below every other address, and the table
        // right after it (at a place `-check` rules can name).
        SectionKind::ImageHeader | SectionKind::UnwindInfo => 0,
        SectionKind::Got => 1,
        // The TLS initial image: one contiguous run (see `tls`).
        SectionKind::TlsData => 3,
        SectionKind::EhFrame => 4,
        SectionKind::Stubs => 4,
        _ if zero => 5,
        _ => 2,
    }
}

/// Assigns every live block an offset in the reservation.
pub fn layout(graph: &mut LinkGraph<'_>, page_size: u64) -> Result<Layout> {
    if !page_size.is_power_of_two() {
        return Err(Error::new(format!(
            "page size {page_size} is not a power of two"
        )));
    }
    // `.tbss` blocks take no room in the reservation; they get offsets in the TLS image below.
    let mut tbss: Vec<BlockId> = Vec::new();
    // Live blocks by (protection, rank, section (or the one it sorts as), id), the key packed into one word per block so
    // that sorting compares integers rather than following blocks to their sections.
    let mut keyed: Vec<(u64, BlockId)> = Vec::new();
    let mut tls_align = 0;
    for (b, block) in graph.blocks.iter().enumerate() {
        if !block.live {
            continue;
        }
        let section = &graph.sections[block.section as usize];
        if section.kind.is_tls() {
            tls_align = block.align.max(tls_align);
        }
        if section.kind == SectionKind::TlsZeroFill {
            tbss.push(b as BlockId);
            continue;
        }
        let zero = matches!(block.content, Content::Zero(_));
        let key = (section.prot as u64) << 40
            | u64::from(rank(section.kind, zero)) << 32
            | u64::from(section.sort_as.unwrap_or(block.section));
        keyed.push((key, b as BlockId));
    }
    keyed.sort_unstable();
    let order: Vec<BlockId> = keyed.into_iter().map(|(_, b)| b).collect();

    let mut layout = Layout {
        page_size,
        ..Layout::default()
    };
    let mut cursor = 0u64;
    let mut eh_start = None;
    let mut eh_end = 0;
    let mut template = None;
    let mut tdata_end = 0;
    for &b in &order {
        let (prot, kind) = {
            let s = graph.section_of(b);
            (s.prot, s.kind)
        };
        if layout.segments.last().map(|s| s.prot) != Some(prot) {
            if let Some(last) = layout.segments.last_mut() {
                last.size = cursor - last.offset;
                last.alloc_size = align_up(last.size, page_size).ok_or_else(too_big)?;
            }
            cursor = align_up(cursor, page_size).ok_or_else(too_big)?;
            layout.segments.push(Segment {
                prot,
                offset: cursor,
                size: 0,
                alloc_size: 0,
            });
        }
        if kind == SectionKind::TlsData && template.is_none() {
            cursor = align_up(cursor, tls_align).ok_or_else(too_big)?;
            template = Some(cursor);
        }
        let block = &mut graph.blocks[b as usize];
        cursor = align_up(cursor, block.align).ok_or_else(too_big)?;
        block.offset = cursor;
        cursor = cursor.checked_add(block.size()).ok_or_else(too_big)?;
        if kind == SectionKind::EhFrame {
            eh_start.get_or_insert(block.offset);
            eh_end = cursor;
        }
        if kind == SectionKind::TlsData {
            tdata_end = cursor;
        }
    }
    if tls_align > 0 {
        // Without `.tdata` the image starts (empty) at the end of the reservation.
        let start = match template {
            Some(t) => t,
            None => align_up(cursor, tls_align).ok_or_else(too_big)?,
        };
        let init_size = tdata_end.saturating_sub(start);
        let mut end = start + init_size;
        tbss.sort_by_key(|&b| (graph.blocks[b as usize].section, b));
        for b in tbss {
            let block = &mut graph.blocks[b as usize];
            end = align_up(end, block.align).ok_or_else(too_big)?;
            block.offset = end;
            end = end.checked_add(block.size()).ok_or_else(too_big)?;
        }
        layout.tls = Some(TlsImage {
            template: start,
            init_size,
            size: end - start,
            align: tls_align,
            tp_offset: 0,
        });
    }
    if let Some(last) = layout.segments.last_mut() {
        last.size = cursor - last.offset;
        last.alloc_size = align_up(last.size, page_size).ok_or_else(too_big)?;
    }
    layout.size = align_up(cursor, page_size)
        .ok_or_else(too_big)?
        .max(page_size);
    layout.eh_frame = eh_start.map(|s| (s, eh_end - s));
    layout.order = order;
    Ok(layout)
}

fn too_big() -> Error {
    Error::new("the link is too large to lay out")
}

pub fn align_up(v: u64, align: u64) -> Option<u64> {
    let mask = align.checked_sub(1)?;
    v.checked_add(mask).map(|x| x & !mask)
}
