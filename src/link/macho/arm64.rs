//! Mach-O arm64 relocations to edges (llvm-jitlink-reference.md section 4.4).
//!
//! Instruction relocations carry no addend in the instruction: a preceding ARM64_RELOC_ADDEND
//! gives it (24 bits, signed). The aarch64 fixups clear the immediate fields they write.
//!
//! Thread-local variables are linked as LLVM's JITLink links them without the MachO platform:
//! the `__thread_vars` descriptors are data (see `classify`), and TLVP_LOAD_PAGE21 /
//! TLVP_LOAD_PAGEOFF12 are GOT loads of the descriptor's address.

use object::macho;

use super::{describe, edge_at, unsupported, Reader};
use crate::arch::aarch64::{
    BRANCH26, PAGE21, PAGEOFF12, REQUEST_GOT_DELTA32, REQUEST_GOT_PAGE21, REQUEST_GOT_PAGEOFF12,
};
use crate::arch::{read_le, POINTER32, POINTER64};
use crate::error::{Error, Result};
use crate::link::graph::{BlockId, Edge};

/// `ARM64_RELOC_BRANCH26` etc.
pub fn reloc_name(r_type: u8) -> &'static str {
    match r_type {
        macho::ARM64_RELOC_UNSIGNED => "ARM64_RELOC_UNSIGNED",
        macho::ARM64_RELOC_SUBTRACTOR => "ARM64_RELOC_SUBTRACTOR",
        macho::ARM64_RELOC_BRANCH26 => "ARM64_RELOC_BRANCH26",
        macho::ARM64_RELOC_PAGE21 => "ARM64_RELOC_PAGE21",
        macho::ARM64_RELOC_PAGEOFF12 => "ARM64_RELOC_PAGEOFF12",
        macho::ARM64_RELOC_GOT_LOAD_PAGE21 => "ARM64_RELOC_GOT_LOAD_PAGE21",
        macho::ARM64_RELOC_GOT_LOAD_PAGEOFF12 => "ARM64_RELOC_GOT_LOAD_PAGEOFF12",
        macho::ARM64_RELOC_POINTER_TO_GOT => "ARM64_RELOC_POINTER_TO_GOT",
        macho::ARM64_RELOC_TLVP_LOAD_PAGE21 => "ARM64_RELOC_TLVP_LOAD_PAGE21",
        macho::ARM64_RELOC_TLVP_LOAD_PAGEOFF12 => "ARM64_RELOC_TLVP_LOAD_PAGEOFF12",
        macho::ARM64_RELOC_ADDEND => "ARM64_RELOC_ADDEND",
        macho::ARM64_RELOC_AUTHENTICATED_POINTER => "ARM64_RELOC_AUTHENTICATED_POINTER",
        _ => "ARM64_RELOC_<unknown>",
    }
}

/// Maps the relocation at `relocs[*k]` of section `sect` (advancing `k` past a pair or an
/// ADDEND prefix).
pub(super) fn edge(
    rd: &mut Reader<'_, '_>,
    sect: usize,
    relocs: &[macho::RelocationInfo],
    k: &mut usize,
) -> Result<(BlockId, Edge)> {
    let mut addend = 0i64;
    let mut paired = false;
    if relocs[*k].r_type == macho::ARM64_RELOC_ADDEND {
        let a = relocs[*k];
        if a.r_pcrel || a.r_extern || a.r_length != 2 {
            return Err(unsupported(
                "ARM64_RELOC_ADDEND",
                "arm64",
                &format!(": unsupported combination {}", describe(&a)),
            ));
        }
        // 24-bit signed.
        addend = i64::from(((a.r_symbolnum << 8) as i32) >> 8);
        let next = relocs.get(*k + 1).copied();
        match next {
            Some(n)
                if n.r_address == a.r_address
                    && matches!(
                        n.r_type,
                        macho::ARM64_RELOC_BRANCH26
                            | macho::ARM64_RELOC_PAGE21
                            | macho::ARM64_RELOC_PAGEOFF12
                    ) => {}
            _ => {
                return Err(Error::new(
                    "ARM64_RELOC_ADDEND must be followed by a BRANCH26, PAGE21 or PAGEOFF12 \
                     relocation at the same address",
                ))
            }
        }
        *k += 1;
        paired = true;
    }
    let r = relocs[*k];
    let name = reloc_name(r.r_type);
    let bad = || {
        unsupported(
            name,
            "arm64",
            &format!(": unsupported combination {}", describe(&r)),
        )
    };
    let kind = match r.r_type {
        macho::ARM64_RELOC_SUBTRACTOR => {
            return rd.subtractor(sect, relocs, k, macho::ARM64_RELOC_UNSIGNED)
        }
        macho::ARM64_RELOC_AUTHENTICATED_POINTER => {
            return Err(unsupported(
                name,
                "arm64",
                ": arm64e pointer authentication is not supported",
            ))
        }
        macho::ARM64_RELOC_UNSIGNED if !r.r_pcrel && r.r_length == 3 => POINTER64,
        macho::ARM64_RELOC_UNSIGNED if !r.r_pcrel && r.r_length == 2 => POINTER32,
        macho::ARM64_RELOC_BRANCH26 if r.r_pcrel && r.r_length == 2 => BRANCH26,
        macho::ARM64_RELOC_PAGE21 if r.r_pcrel && r.r_length == 2 => PAGE21,
        macho::ARM64_RELOC_PAGEOFF12 if !r.r_pcrel && r.r_length == 2 => PAGEOFF12,
        // TLVP_LOAD_* (`adrp x0, _v@TLVPPAGE; ldr x0, [x0, _v@TLVPPAGEOFF]`) load the address of
        // _v's descriptor in __thread_vars through a pointer: without a platform runtime, GOT
        // loads.
        macho::ARM64_RELOC_GOT_LOAD_PAGE21 | macho::ARM64_RELOC_TLVP_LOAD_PAGE21
            if r.r_pcrel && r.r_length == 2 =>
        {
            REQUEST_GOT_PAGE21
        }
        macho::ARM64_RELOC_GOT_LOAD_PAGEOFF12 | macho::ARM64_RELOC_TLVP_LOAD_PAGEOFF12
            if !r.r_pcrel && r.r_length == 2 =>
        {
            REQUEST_GOT_PAGEOFF12
        }
        macho::ARM64_RELOC_POINTER_TO_GOT if r.r_pcrel && r.r_length == 2 => REQUEST_GOT_DELTA32,
        macho::ARM64_RELOC_ADDEND => {
            return Err(Error::new("ARM64_RELOC_ADDEND follows another ADDEND"))
        }
        t if t > macho::ARM64_RELOC_AUTHENTICATED_POINTER => {
            return Err(Error::new(format!(
                "unsupported relocation type {t} (unknown to Mach-O arm64)"
            )))
        }
        _ => return Err(bad()),
    };
    let len = 1u64 << r.r_length;
    let site = rd.site(sect, r.r_address, len, r.r_type)?;
    if kind == POINTER64 || kind == POINTER32 {
        let content = site.content();
        let (target, addend) = if r.r_extern {
            (rd.symbol(r.r_symbolnum)?, content)
        } else {
            let addr = if kind == POINTER64 {
                content as u64
            } else {
                content as u32 as u64
            };
            rd.by_address(r.r_symbolnum, addr)?
        };
        return Ok(edge_at(&site, kind, target, addend));
    }
    if !r.r_extern {
        return Err(bad());
    }
    let insn = read_le(site.field, 0, 4).unwrap_or(0) as u32;
    let (mask, value, what) = match r.r_type {
        macho::ARM64_RELOC_BRANCH26 => (0x7c00_0000, 0x1400_0000, "a B or BL instruction"),
        macho::ARM64_RELOC_PAGE21
        | macho::ARM64_RELOC_GOT_LOAD_PAGE21
        | macho::ARM64_RELOC_TLVP_LOAD_PAGE21 => (0x9f00_0000, 0x9000_0000, "an ADRP instruction"),
        macho::ARM64_RELOC_GOT_LOAD_PAGEOFF12 | macho::ARM64_RELOC_TLVP_LOAD_PAGEOFF12 => (
            0xffc0_0000,
            0xf940_0000,
            "a 64-bit LDR (unsigned immediate) instruction",
        ),
        _ => (0, 0, ""),
    };
    if insn & mask != value {
        return Err(Error::new(format!(
            "{name}: instruction {insn:#010x} is not {what}"
        )));
    }
    if !paired {
        addend = 0;
    }
    Ok(edge_at(&site, kind, rd.symbol(r.r_symbolnum)?, addend))
}
