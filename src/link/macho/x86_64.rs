//! Mach-O x86_64 relocations to edges (llvm-jitlink-reference.md section 4.3).
//!
//! Darwin's pc-relative fields hold `S + A - (P + 4)`: the implicit addend is biased by the 4
//! bytes of the field, and by 1, 2 or 4 more for SIGNED_1/2/4 (an immediate follows the field).
//! Our edge kinds compute `S + A - P`, so the edge addend is the content minus 4.
//!
//! Thread-local variables are linked as LLVM's JITLink links them without the MachO platform:
//! the `__thread_vars` descriptors are data (see `classify`), and X86_64_RELOC_TLV is a GOT load
//! of the descriptor's address.

use object::macho;

use super::{describe, edge_at, unsupported, Reader, Site};
use crate::arch::x86_64::{BRANCH32, GOTPCREL32, GOTPCREL32_REX_RELAXABLE};
use crate::arch::{EdgeKind, DELTA32, POINTER32, POINTER64};
use crate::error::{Error, Result};
use crate::link::graph::{BlockId, Edge};

/// `X86_64_RELOC_BRANCH` etc.
pub fn reloc_name(r_type: u8) -> &'static str {
    match r_type {
        macho::X86_64_RELOC_UNSIGNED => "X86_64_RELOC_UNSIGNED",
        macho::X86_64_RELOC_SIGNED => "X86_64_RELOC_SIGNED",
        macho::X86_64_RELOC_BRANCH => "X86_64_RELOC_BRANCH",
        macho::X86_64_RELOC_GOT_LOAD => "X86_64_RELOC_GOT_LOAD",
        macho::X86_64_RELOC_GOT => "X86_64_RELOC_GOT",
        macho::X86_64_RELOC_SUBTRACTOR => "X86_64_RELOC_SUBTRACTOR",
        macho::X86_64_RELOC_SIGNED_1 => "X86_64_RELOC_SIGNED_1",
        macho::X86_64_RELOC_SIGNED_2 => "X86_64_RELOC_SIGNED_2",
        macho::X86_64_RELOC_SIGNED_4 => "X86_64_RELOC_SIGNED_4",
        macho::X86_64_RELOC_TLV => "X86_64_RELOC_TLV",
        _ => "X86_64_RELOC_<unknown>",
    }
}

/// Maps the relocation at `relocs[*k]` of section `sect` (advancing `k` past a pair).
pub(super) fn edge(
    rd: &mut Reader<'_, '_>,
    sect: usize,
    relocs: &[macho::RelocationInfo],
    k: &mut usize,
) -> Result<(BlockId, Edge)> {
    let r = relocs[*k];
    let name = reloc_name(r.r_type);
    let bad = || {
        unsupported(
            name,
            "x86_64",
            &format!(": unsupported combination {}", describe(&r)),
        )
    };
    let len = 1u64 << r.r_length;
    match r.r_type {
        macho::X86_64_RELOC_SUBTRACTOR => {
            if r.r_length < 2 {
                return Err(bad());
            }
            return rd.subtractor(sect, relocs, k, macho::X86_64_RELOC_UNSIGNED);
        }
        t if t > macho::X86_64_RELOC_TLV => {
            return Err(Error::new(format!(
                "unsupported relocation type {t} (unknown to Mach-O x86_64)"
            )))
        }
        _ => {}
    }
    let site = rd.site(sect, r.r_address, len, r.r_type)?;
    let content = site.content();
    let pcrel32 = r.r_pcrel && r.r_length == 2;
    match r.r_type {
        macho::X86_64_RELOC_UNSIGNED if !r.r_pcrel && (r.r_length == 3 || r.r_length == 2) => {
            let kind = if r.r_length == 3 {
                POINTER64
            } else {
                POINTER32
            };
            let (target, addend) = if r.r_extern {
                (rd.symbol(r.r_symbolnum)?, content)
            } else {
                // The field holds the target's address in the object.
                let addr = if r.r_length == 3 {
                    content as u64
                } else {
                    content as u32 as u64
                };
                rd.by_address(r.r_symbolnum, addr)?
            };
            Ok(edge_at(&site, kind, target, addend))
        }
        macho::X86_64_RELOC_SIGNED
        | macho::X86_64_RELOC_SIGNED_1
        | macho::X86_64_RELOC_SIGNED_2
        | macho::X86_64_RELOC_SIGNED_4
            if pcrel32 =>
        {
            let bias: i64 = match r.r_type {
                macho::X86_64_RELOC_SIGNED_1 => 1,
                macho::X86_64_RELOC_SIGNED_2 => 2,
                macho::X86_64_RELOC_SIGNED_4 => 4,
                _ => 0,
            };
            pcrel(rd, &site, &r, DELTA32, content, 4 + bias)
        }
        macho::X86_64_RELOC_BRANCH if pcrel32 => pcrel(rd, &site, &r, BRANCH32, content, 4),
        // TLV (`movq _v@TLVP(%rip), %rdi`) loads the address of _v's descriptor in
        // __thread_vars through a pointer: without a platform runtime that is a GOT load,
        // relaxed to `leaq _v(%rip), %rdi` when the descriptor is in the link.
        macho::X86_64_RELOC_GOT_LOAD | macho::X86_64_RELOC_TLV if pcrel32 && r.r_extern => {
            if site.offset < 2 {
                return Err(Error::new(format!(
                    "{name} is too close to the start of its block to be an instruction operand"
                )));
            }
            Ok(edge_at(
                &site,
                GOTPCREL32_REX_RELAXABLE,
                rd.symbol(r.r_symbolnum)?,
                content - 4,
            ))
        }
        macho::X86_64_RELOC_GOT if pcrel32 && r.r_extern => Ok(edge_at(
            &site,
            GOTPCREL32,
            rd.symbol(r.r_symbolnum)?,
            content - 4,
        )),
        _ => Err(bad()),
    }
}

/// A pc-relative 32-bit field: extern targets take `content - 4` as addend; non-extern ones
/// hold `target - (P + delta)` and the target is found by address.
fn pcrel(
    rd: &mut Reader<'_, '_>,
    site: &Site<'_>,
    r: &macho::RelocationInfo,
    kind: EdgeKind,
    content: i64,
    delta: i64,
) -> Result<(BlockId, Edge)> {
    if r.r_extern {
        return Ok(edge_at(site, kind, rd.symbol(r.r_symbolnum)?, content - 4));
    }
    let target = site.addr.wrapping_add((delta + content) as u64);
    let (sym, offset) = rd.by_address(r.r_symbolnum, target)?;
    Ok(edge_at(site, kind, sym, offset - delta))
}
