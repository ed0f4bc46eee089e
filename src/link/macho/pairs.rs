//! SUBTRACTOR + UNSIGNED relocation pairs (both architectures): `A - B + addend`.

use object::macho;

use super::{edge_at, Reader};
use crate::arch::{EdgeKind, DELTA32, DELTA64, NEG_DELTA32, NEG_DELTA64};
use crate::error::{Error, Result};
use crate::link::graph::{BlockId, Def, Edge, SymbolId};

impl Reader<'_, '_> {
    /// A SUBTRACTOR relocation at `relocs[*k]` and the UNSIGNED that must follow it:
    /// `A - B + content`, where B is the SUBTRACTOR's symbol and A the UNSIGNED's. The edge
    /// targets whichever of the two is not in the block being patched (Delta or NegDelta).
    pub(super) fn subtractor(
        &mut self,
        sect: usize,
        relocs: &[macho::RelocationInfo],
        k: &mut usize,
        unsigned: u8,
    ) -> Result<(BlockId, Edge)> {
        let sub = relocs[*k];
        let Some(&uns) = relocs.get(*k + 1) else {
            return Err(Error::new(
                "SUBTRACTOR without a paired UNSIGNED relocation",
            ));
        };
        *k += 1;
        if uns.r_type != unsigned || uns.r_address != sub.r_address || uns.r_pcrel {
            return Err(Error::new(
                "SUBTRACTOR must be followed by an UNSIGNED relocation at the same address",
            ));
        }
        if sub.r_length != uns.r_length || !(sub.r_length == 2 || sub.r_length == 3) {
            return Err(Error::new(
                "SUBTRACTOR pair must be 4 or 8 bytes long, both the same",
            ));
        }
        if !sub.r_extern || sub.r_pcrel {
            return Err(Error::new("SUBTRACTOR must be extern and not pc-relative"));
        }
        let long = sub.r_length == 3;
        let site = self.site(sect, sub.r_address, if long { 8 } else { 4 }, sub.r_type)?;
        let mut content = site.content();
        let b = self.nsym(sub.r_symbolnum)?;
        let (a_id, a_addr, a_block) = if uns.r_extern {
            let a = self.nsym(uns.r_symbolnum)?;
            (a.id, a.addr, a.at.map(|(blk, _)| blk))
        } else {
            // The content holds A's address (plus the addend); A is found by it.
            let a_addr = if long {
                content as u64
            } else {
                content as u32 as u64
            };
            let (id, offset) = self.by_address(uns.r_symbolnum, a_addr)?;
            content = offset;
            let block = match self.graph.sym(id).def {
                Def::Block { block, .. } => Some(block),
                _ => None,
            };
            (id, a_addr.wrapping_sub(offset as u64), block)
        };
        let b_block = b.at.map(|(blk, _)| blk);
        let from_b = match (b_block == Some(site.block), a_block == Some(site.block)) {
            (true, true) => {
                if a_addr > site.addr {
                    true
                } else if b.addr > site.addr {
                    false
                } else {
                    b.addr >= a_addr
                }
            }
            (true, false) => true,
            (false, true) => false,
            // Assemblers write `A - .` in __eh_frame as A - ltmpN + (ltmpN - P), with ltmpN a
            // symbol at the section's start: B stands for P, so it is pc-relative to A.
            (false, false)
                if self.in_eh_frame(site.block)
                    && b_block.is_some_and(|blk| {
                        self.graph.blocks[blk as usize].section
                            == self.graph.blocks[site.block as usize].section
                    }) =>
            {
                true
            }
            (false, false) => {
                return Err(Error::new(
                    "SUBTRACTOR pair must patch the block of one of its two symbols",
                ))
            }
        };
        // An FDE's CIE pointer set by a pair (`. - CIE`, both in __eh_frame): the value is
        // known now, in the object's addresses, and the eh_frame passes read it from the bytes
        // (they find the CIE by it, and link the FDE to it themselves). So the bytes get it,
        // and the edge only keeps the CIE alive.
        if self.in_eh_frame(site.block) && site.offset == 4 && !long {
            let value = a_addr.wrapping_sub(b.addr).wrapping_add(content as u64) as u32;
            let (block, target) = (site.block, if from_b { a_id } else { b.id });
            if let crate::link::graph::Content::Bytes(bytes) =
                &mut self.graph.blocks[block as usize].content
            {
                if let Some(field) = bytes.to_mut().get_mut(4..8) {
                    field.copy_from_slice(&value.to_le_bytes());
                    let edge = Edge {
                        offset: 4,
                        kind: crate::arch::KEEP_ALIVE,
                        target,
                        addend: 0,
                        reloc: 0,
                    };
                    return Ok((block, edge));
                }
            }
        }
        let p_minus = |x: u64| site.addr.wrapping_sub(x) as i64;
        let (kind, target, addend): (EdgeKind, SymbolId, i64) = if from_b {
            // A + (content + P - B) - P
            let kind = if long { DELTA64 } else { DELTA32 };
            (kind, a_id, content.wrapping_add(p_minus(b.addr)))
        } else {
            // P - B + (content - (P - A))
            let kind = if long { NEG_DELTA64 } else { NEG_DELTA32 };
            (kind, b.id, content.wrapping_sub(p_minus(a_addr)))
        };
        Ok(edge_at(&site, kind, target, addend))
    }
}
