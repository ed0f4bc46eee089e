//! `.eh_frame` splitting: one block per CIE and FDE, so that dead-stripping drops the FDEs of
//! dead functions (and of functions in discarded COMDAT groups) and the rest can be laid out
//! contiguously and registered with the unwinder as one table.
//!
//! Each FDE gets an edge for its CIE pointer (`P - S`, since the CIE may move) and its function
//! gets a keep-alive edge to the FDE, so an FDE is live exactly when its function is.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

use super::graph::{BlockId, Content, Def, Edge, FileId, LinkGraph, SectionId, Symbol, SymbolId};
use crate::arch::{read_data, KEEP_ALIVE, NEG_DELTA32};
use crate::error::{Error, Result};

/// Splits the bytes of one `.eh_frame` section into record blocks of `section`; returns how many.
/// Only the records' lengths are read here (what a record says is the unwinder's business):
/// each is a 4-byte length and that many bytes, up to the end of the section or a zero length
/// (the terminator).
pub fn split<'a>(graph: &mut LinkGraph<'a>, section: SectionId, bytes: &'a [u8]) -> Result<u32> {
    // Room for every record at once: a large section's blocks would otherwise grow the
    // graph's block table step by step, copying it each time.
    let big = graph.arch.big_endian();
    let records = count_records(bytes, big);
    graph.blocks.reserve(records);
    graph.sections[section as usize]
        .blocks
        .reserve_exact(records);
    let mut count = 0;
    let mut offset = 0;
    while offset < bytes.len() {
        let len = read_data(bytes, offset, 4, big)
            .map_err(|_| Error::new(format!("truncated .eh_frame record at {offset:#x}")))?;
        if len == 0 {
            break;
        }
        // Records with a 64-bit length (initial length 0xffffffff) carry 12 bytes of header.
        if len == 0xffff_ffff {
            return Err(Error::new(
                "64-bit DWARF .eh_frame records are not supported",
            ));
        }
        if len < 4 {
            return Err(Error::new(format!(
                "malformed .eh_frame: record at {offset:#x} of {len:#x} bytes has no room for its CIE pointer"
            )));
        }
        let end = (offset + 4)
            .checked_add(len as usize)
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| {
                Error::new(format!(
                    "malformed .eh_frame: record at {offset:#x} of {len:#x} bytes does not fit in the section ({:#x} bytes)",
                    bytes.len()
                ))
            })?;
        let block = graph.add_block(section, padded(&bytes[offset..end], big), 4);
        graph.blocks[block as usize].input_offset = offset as u64;
        count += 1;
        offset = end;
    }
    Ok(count)
}

/// How many records the section's length fields chain through (a bound for `split`, which
/// checks what this skips over).
fn count_records(bytes: &[u8], big: bool) -> usize {
    let mut count = 0;
    let mut offset = 0usize;
    while let Ok(len) = read_data(bytes, offset, 4, big) {
        if len == 0 || len == 0xffff_ffff {
            break;
        }
        count += 1;
        offset = offset.saturating_add(4).saturating_add(len as usize);
    }
    count
}

/// A record as it goes into the table. Records are laid out one after another at 4-byte
/// alignment, so a record whose size is not a multiple of 4 (hand-written assembly such as
/// libffi's has FDEs of 0x1a bytes) would leave a gap that the unwinder reads as the start of
/// the next record. Such a record is extended to a multiple of 4 instead, as lld does: its
/// length field grows and the added bytes are zero, which is `DW_CFA_nop`. Every field keeps
/// its offset within the record, so the record's edges still apply.
fn padded(record: &[u8], big: bool) -> Content<'_> {
    let pad = record.len().wrapping_neg() % 4;
    if pad == 0 {
        return Content::Bytes(Cow::Borrowed(record));
    }
    let mut bytes = Vec::with_capacity(record.len() + pad);
    bytes.extend_from_slice(record);
    bytes.resize(record.len() + pad, 0);
    let length = (bytes.len() - 4) as u32;
    let length = if big {
        length.to_be_bytes()
    } else {
        length.to_le_bytes()
    };
    bytes[..4].copy_from_slice(&length);
    Content::Bytes(Cow::Owned(bytes))
}

/// Adds the CIE-pointer and keep-alive edges for the `count` record blocks starting at `first`,
/// once the section's relocations are attached to them.
/// `def_of` tells what a symbol id of the reader's is defined as (`None`: no such symbol).
pub fn link_records<'a>(
    graph: &mut LinkGraph<'a>,
    file: FileId,
    first: BlockId,
    count: u32,
    def_of: impl Fn(&[Symbol<'a>], SymbolId) -> Option<Def>,
) -> Result<()> {
    let blocks = first..first + count;
    let mut cie_symbols = FxHashMap::default();
    let mut keep_alive: Vec<(BlockId, BlockId)> = Vec::with_capacity(count as usize);
    for b in blocks.clone() {
        if record_word(graph, b, 4)? == 0 {
            let offset = graph.blocks[b as usize].input_offset;
            let sym = graph.add_anonymous(b, 0, file);
            cie_symbols.insert(offset, sym);
        }
    }
    for b in blocks {
        let cie_pointer = record_word(graph, b, 4)?;
        if cie_pointer == 0 {
            continue;
        }
        let fde_offset = graph.blocks[b as usize].input_offset;
        let cie_offset = (fde_offset + 4).wrapping_sub(cie_pointer);
        let &cie_sym = cie_symbols.get(&cie_offset).ok_or_else(|| {
            Error::new(format!(
                ".eh_frame: FDE at {fde_offset:#x} points to no CIE"
            ))
        })?;
        let block = &mut graph.blocks[b as usize];
        block.edges.push(Edge {
            offset: 4,
            kind: NEG_DELTA32,
            target: cie_sym,
            addend: 0,
            reloc: 0,
        });
        // The function this FDE describes keeps it alive; an FDE whose function is not loaded
        // (a discarded COMDAT copy) has no keep-alive edge and is dropped with the dead blocks.
        let Some(pc_begin) = block.edges.iter().find(|e| e.offset == 8) else {
            continue;
        };
        if let Some(Def::Block {
            block: function, ..
        }) = def_of(&graph.symbols, pc_begin.target)
        {
            keep_alive.push((function, b));
        }
    }
    for (function, fde) in keep_alive {
        let fde_sym = graph.add_anonymous(fde, 0, file);
        graph.blocks[function as usize].edges.push(Edge {
            offset: 0,
            kind: KEEP_ALIVE,
            target: fde_sym,
            addend: 0,
            reloc: 0,
        });
    }
    Ok(())
}

fn record_word(graph: &LinkGraph<'_>, block: BlockId, offset: usize) -> Result<u64> {
    match &graph.blocks[block as usize].content {
        Content::Bytes(bytes) => read_data(bytes, offset, 4, graph.arch.big_endian())
            .map_err(|_| Error::new("truncated .eh_frame record")),
        Content::Zero(_) => Err(Error::new(".eh_frame record without content")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::graph::{Prot, SectionKind};

    fn split_bytes(bytes: &[u8]) -> Result<Vec<(u64, usize)>> {
        let mut graph = LinkGraph::new(crate::arch::for_elf_machine(62).unwrap());
        let file = graph.add_file("t.o".into(), "t.o".into(), "test".into());
        let s = graph.add_section(file, ".eh_frame".into(), Prot::Read, SectionKind::EhFrame);
        let n = split(&mut graph, s, bytes)?;
        Ok(graph.blocks[..n as usize]
            .iter()
            .map(|b| (b.input_offset, b.size() as usize))
            .collect())
    }

    fn record(len: u32, fill: usize) -> Vec<u8> {
        let mut r = len.to_le_bytes().to_vec();
        r.resize(4 + fill, 0xab);
        r
    }

    #[test]
    fn records_split_by_their_lengths_up_to_the_terminator() {
        let mut bytes = record(0x14, 0x14);
        bytes.extend(record(0x1a, 0x1a)); // padded to a multiple of 4 in the table
        bytes.extend(record(0, 0));
        bytes.extend(record(8, 8)); // after the terminator: not a record
        assert_eq!(split_bytes(&bytes).unwrap(), vec![(0, 0x18), (0x18, 0x20)]);
        assert_eq!(split_bytes(&[]).unwrap(), vec![]);
    }

    #[test]
    fn truncated_and_64_bit_records_are_errors() {
        let mut bytes = record(0x14, 0x14);
        bytes.extend(record(0x10, 0x0c));
        assert_eq!(
            split_bytes(&bytes).unwrap_err().to_string(),
            "malformed .eh_frame: record at 0x18 of 0x10 bytes does not fit in the section (0x28 bytes)"
        );
        // Exactly the section's end fits.
        bytes.extend([0xab; 4]);
        assert_eq!(split_bytes(&bytes).unwrap().len(), 2);
        assert_eq!(
            split_bytes(&[1, 0]).unwrap_err().to_string(),
            "truncated .eh_frame record at 0x0"
        );
        assert_eq!(
            split_bytes(&record(2, 2)).unwrap_err().to_string(),
            "malformed .eh_frame: record at 0x0 of 0x2 bytes has no room for its CIE pointer"
        );
        assert_eq!(
            split_bytes(&record(0xffff_ffff, 12))
                .unwrap_err()
                .to_string(),
            "64-bit DWARF .eh_frame records are not supported"
        );
    }
}
