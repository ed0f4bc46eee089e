//! Mach-O `__TEXT,__eh_frame`: the assemblers leave an FDE's pc_begin and LSDA pointer without
//! a relocation when they are pc-relative (the section is laid out next to `__text`). Once
//! blocks move independently those fields must be edges too, so for every FDE field without a
//! relocation we read the pointer, find what it points at by address, and add an edge that
//! rewrites it (Delta32/Delta64 for pc-relative encodings, Pointer32/Pointer64 for absolute
//! ones), as LLVM's `EHFrameEdgeFixer` does.

use gimli::{constants, BaseAddresses, EhFrame, EhFrameOffset, Pointer, UnwindSection};

use super::Reader;
use crate::arch::{read_le, EdgeKind, DELTA32, DELTA64, POINTER32, POINTER64};
use crate::error::{Error, Result};
use crate::link::graph::{Content, Edge};

/// Adds the implicit pc_begin and LSDA edges of the FDEs of eh_frame section `i`.
pub(super) fn add_implicit_edges(rd: &mut Reader<'_, '_>, i: usize) -> Result<()> {
    let sect = &rd.sects[i];
    // The section as its blocks now hold it: a pair may have set a CIE pointer (see
    // `Reader::subtractor`).
    let mut patched = sect.data.to_vec();
    for &b in &sect.blocks {
        let block = &rd.graph.blocks[b as usize];
        if let (Content::Bytes(bytes), Ok(at)) =
            (&block.content, usize::try_from(block.input_offset))
        {
            if let Some(dest) = patched.get_mut(at..at.saturating_add(bytes.len())) {
                dest.copy_from_slice(bytes);
            }
        }
    }
    let eh = EhFrame::new(&patched, gimli::LittleEndian);
    let bases = BaseAddresses::default().set_eh_frame(sect.addr).set_text(0);
    let mut fixes = Vec::new();
    for &b in &sect.blocks {
        let block = &rd.graph.blocks[b as usize];
        let Content::Bytes(bytes) = &block.content else {
            continue;
        };
        if read_le(bytes, 4, 4).ok().unwrap_or(0) == 0 {
            continue; // a CIE
        }
        let fde = eh
            .fde_from_offset(
                &bases,
                EhFrameOffset(block.input_offset as usize),
                EhFrame::cie_from_offset,
            )
            .map_err(|e| {
                // Where the FDE's CIE pointer leads (it counts back from the pointer itself).
                let pointer = block.input_offset + 4;
                let back = read_le(bytes, 4, 4).ok().unwrap_or(0);
                let cie = sect.addr.wrapping_add(pointer).wrapping_sub(back);
                Error::new(format!("malformed .eh_frame: {e}"))
                    .with_llvm(format!("No CIE found at address {cie:#x}"))
            })?;
        let cie = fde.cie();
        let encoding = cie
            .fde_address_encoding()
            .unwrap_or(constants::DW_EH_PE_absptr);
        let size = pointer_size(encoding)?;
        let has_edge = |off: u64| block.edges.iter().any(|e| u64::from(e.offset) == off);
        if !has_edge(8) {
            fixes.push((b, 8, kind_for(encoding, size), fde.initial_address()));
        }
        if let (Some(lsda_enc), Some(lsda)) = (cie.lsda_encoding(), fde.lsda()) {
            let Pointer::Direct(target) = lsda else {
                return Err(Error::new("indirect LSDA pointers are not supported"));
            };
            let lsda_size = pointer_size(lsda_enc)?;
            // After pc_begin and pc_range comes the ULEB128 augmentation data length.
            let mut off = 8 + 2 * size;
            while bytes
                .get(off as usize)
                .is_some_and(|&byte| byte & 0x80 != 0)
            {
                off += 1;
            }
            off += 1;
            let absolute_zero = lsda_enc.0 & 0x70 == 0 && target == 0;
            if !has_edge(off) && !absolute_zero {
                fixes.push((b, off, kind_for(lsda_enc, lsda_size), target));
            }
        }
    }
    for (block, offset, kind, target) in fixes {
        let kind = kind?;
        let section = rd.section_at(target).ok_or_else(|| {
            Error::new(format!(
                "FDE at {:#x}: pointer at +{offset} targets {target:#x}, which is in no loaded section",
                rd.graph.blocks[block as usize].input_offset
            ))
            .with_llvm(format!("No symbol or block covering address {target:#x}"))
        })?;
        let (sym, addend) = rd.by_address(section, target)?;
        rd.graph.blocks[block as usize].edges.push(Edge {
            offset: offset as u32, // a field of an FDE, whose length is 32 bits
            kind,
            target: sym,
            addend,
            reloc: 0,
        });
    }
    Ok(())
}

fn pointer_size(encoding: constants::DwEhPe) -> Result<u64> {
    match encoding.0 & 0x0f {
        0x00 | 0x04 | 0x0c => Ok(8), // absptr, udata8, sdata8
        0x03 | 0x0b => Ok(4),        // udata4, sdata4
        _ => Err(Error::new(format!(
            "unsupported .eh_frame pointer encoding {:#x}",
            encoding.0
        ))),
    }
}

fn kind_for(encoding: constants::DwEhPe, size: u64) -> Result<EdgeKind> {
    match (encoding.0 & 0x70, size) {
        (0x10, 4) => Ok(DELTA32), // pcrel
        (0x10, _) => Ok(DELTA64),
        (0x00, 4) => Ok(POINTER32), // absolute
        (0x00, _) => Ok(POINTER64),
        _ => Err(Error::new(format!(
            "unsupported .eh_frame pointer application {:#x}",
            encoding.0
        ))),
    }
}
