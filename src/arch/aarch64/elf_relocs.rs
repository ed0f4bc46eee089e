//! The AArch64 ELF relocation types, as data: each type's name and, for the supported ones,
//! the edge kind it becomes (see the kinds' documentation in the parent module). Thread-local
//! types without a kind are named in their "unsupported" errors.

use object::elf;

use super::*;
use crate::arch::{
    EdgeKind, ElfRelocs, DELTA32, DELTA64, POINTER32, POINTER64, TLS_DTPMOD64, TLS_DTPOFF64,
    TLS_TPOFF64,
};

const ELF_RELOCS: &[(u32, &str, Option<EdgeKind>)] = &[
    (elf::R_AARCH64_NONE, "R_AARCH64_NONE", None),
    (elf::R_AARCH64_ABS64, "R_AARCH64_ABS64", Some(POINTER64)),
    (elf::R_AARCH64_ABS32, "R_AARCH64_ABS32", Some(POINTER32)),
    (elf::R_AARCH64_ABS16, "R_AARCH64_ABS16", None),
    (elf::R_AARCH64_PREL64, "R_AARCH64_PREL64", Some(DELTA64)),
    (elf::R_AARCH64_PREL32, "R_AARCH64_PREL32", Some(DELTA32)),
    (elf::R_AARCH64_PREL16, "R_AARCH64_PREL16", None),
    (
        elf::R_AARCH64_MOVW_UABS_G0,
        "R_AARCH64_MOVW_UABS_G0",
        Some(MOVW_G0_CHECKED),
    ),
    (
        elf::R_AARCH64_MOVW_UABS_G0_NC,
        "R_AARCH64_MOVW_UABS_G0_NC",
        Some(MOVW_G0),
    ),
    (
        elf::R_AARCH64_MOVW_UABS_G1,
        "R_AARCH64_MOVW_UABS_G1",
        Some(MOVW_G1_CHECKED),
    ),
    (
        elf::R_AARCH64_MOVW_UABS_G1_NC,
        "R_AARCH64_MOVW_UABS_G1_NC",
        Some(MOVW_G1),
    ),
    (
        elf::R_AARCH64_MOVW_UABS_G2,
        "R_AARCH64_MOVW_UABS_G2",
        Some(MOVW_G2_CHECKED),
    ),
    (
        elf::R_AARCH64_MOVW_UABS_G2_NC,
        "R_AARCH64_MOVW_UABS_G2_NC",
        Some(MOVW_G2),
    ),
    (
        elf::R_AARCH64_MOVW_UABS_G3,
        "R_AARCH64_MOVW_UABS_G3",
        Some(MOVW_G3),
    ),
    (elf::R_AARCH64_MOVW_SABS_G0, "R_AARCH64_MOVW_SABS_G0", None),
    (elf::R_AARCH64_MOVW_SABS_G1, "R_AARCH64_MOVW_SABS_G1", None),
    (elf::R_AARCH64_MOVW_SABS_G2, "R_AARCH64_MOVW_SABS_G2", None),
    (
        elf::R_AARCH64_LD_PREL_LO19,
        "R_AARCH64_LD_PREL_LO19",
        Some(LDR_LITERAL19),
    ),
    (
        elf::R_AARCH64_ADR_PREL_LO21,
        "R_AARCH64_ADR_PREL_LO21",
        Some(ADR21),
    ),
    (
        elf::R_AARCH64_ADR_PREL_PG_HI21,
        "R_AARCH64_ADR_PREL_PG_HI21",
        Some(PAGE21),
    ),
    (
        elf::R_AARCH64_ADR_PREL_PG_HI21_NC,
        "R_AARCH64_ADR_PREL_PG_HI21_NC",
        None,
    ),
    (
        elf::R_AARCH64_ADD_ABS_LO12_NC,
        "R_AARCH64_ADD_ABS_LO12_NC",
        Some(ADD_LO12),
    ),
    (
        elf::R_AARCH64_LDST8_ABS_LO12_NC,
        "R_AARCH64_LDST8_ABS_LO12_NC",
        Some(LDST8_LO12),
    ),
    (elf::R_AARCH64_TSTBR14, "R_AARCH64_TSTBR14", Some(TSTBR14)),
    (
        elf::R_AARCH64_CONDBR19,
        "R_AARCH64_CONDBR19",
        Some(CONDBR19),
    ),
    (elf::R_AARCH64_JUMP26, "R_AARCH64_JUMP26", Some(BRANCH26)),
    (elf::R_AARCH64_CALL26, "R_AARCH64_CALL26", Some(BRANCH26)),
    (
        elf::R_AARCH64_LDST16_ABS_LO12_NC,
        "R_AARCH64_LDST16_ABS_LO12_NC",
        Some(LDST16_LO12),
    ),
    (
        elf::R_AARCH64_LDST32_ABS_LO12_NC,
        "R_AARCH64_LDST32_ABS_LO12_NC",
        Some(LDST32_LO12),
    ),
    (
        elf::R_AARCH64_LDST64_ABS_LO12_NC,
        "R_AARCH64_LDST64_ABS_LO12_NC",
        Some(LDST64_LO12),
    ),
    (
        elf::R_AARCH64_LDST128_ABS_LO12_NC,
        "R_AARCH64_LDST128_ABS_LO12_NC",
        Some(LDST128_LO12),
    ),
    (
        elf::R_AARCH64_ADR_GOT_PAGE,
        "R_AARCH64_ADR_GOT_PAGE",
        Some(REQUEST_GOT_PAGE21),
    ),
    (
        elf::R_AARCH64_LD64_GOT_LO12_NC,
        "R_AARCH64_LD64_GOT_LO12_NC",
        Some(REQUEST_GOT_LD64_LO12),
    ),
    (
        elf::R_AARCH64_LD64_GOTPAGE_LO15,
        "R_AARCH64_LD64_GOTPAGE_LO15",
        Some(REQUEST_GOT_PAGE_LO15),
    ),
    (elf::R_AARCH64_GOTREL64, "R_AARCH64_GOTREL64", None),
    (elf::R_AARCH64_GOTREL32, "R_AARCH64_GOTREL32", None),
    (elf::R_AARCH64_COPY, "R_AARCH64_COPY", None),
    (elf::R_AARCH64_GLOB_DAT, "R_AARCH64_GLOB_DAT", None),
    (elf::R_AARCH64_JUMP_SLOT, "R_AARCH64_JUMP_SLOT", None),
    (elf::R_AARCH64_RELATIVE, "R_AARCH64_RELATIVE", None),
    (
        elf::R_AARCH64_TLSGD_ADR_PAGE21,
        "R_AARCH64_TLSGD_ADR_PAGE21",
        Some(REQUEST_TLSGD_PAGE21),
    ),
    (
        elf::R_AARCH64_TLSGD_ADD_LO12_NC,
        "R_AARCH64_TLSGD_ADD_LO12_NC",
        Some(REQUEST_TLSGD_ADD_LO12),
    ),
    (
        elf::R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21,
        "R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21",
        Some(REQUEST_TLSIE_PAGE21),
    ),
    (
        elf::R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC,
        "R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC",
        Some(REQUEST_TLSIE_LD64_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_MOVW_TPREL_G2,
        "R_AARCH64_TLSLE_MOVW_TPREL_G2",
        Some(TLSLE_MOVW_G2),
    ),
    (
        elf::R_AARCH64_TLSLE_MOVW_TPREL_G1,
        "R_AARCH64_TLSLE_MOVW_TPREL_G1",
        Some(TLSLE_MOVW_G1),
    ),
    (
        elf::R_AARCH64_TLSLE_MOVW_TPREL_G1_NC,
        "R_AARCH64_TLSLE_MOVW_TPREL_G1_NC",
        Some(TLSLE_MOVW_G1_NC),
    ),
    (
        elf::R_AARCH64_TLSLE_MOVW_TPREL_G0,
        "R_AARCH64_TLSLE_MOVW_TPREL_G0",
        Some(TLSLE_MOVW_G0),
    ),
    (
        elf::R_AARCH64_TLSLE_MOVW_TPREL_G0_NC,
        "R_AARCH64_TLSLE_MOVW_TPREL_G0_NC",
        Some(TLSLE_MOVW_G0_NC),
    ),
    (
        elf::R_AARCH64_TLSLE_ADD_TPREL_HI12,
        "R_AARCH64_TLSLE_ADD_TPREL_HI12",
        Some(TLSLE_ADD_HI12),
    ),
    (
        elf::R_AARCH64_TLSLE_ADD_TPREL_LO12,
        "R_AARCH64_TLSLE_ADD_TPREL_LO12",
        Some(TLSLE_ADD_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_ADD_TPREL_LO12_NC,
        "R_AARCH64_TLSLE_ADD_TPREL_LO12_NC",
        Some(TLSLE_ADD_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST8_TPREL_LO12,
        "R_AARCH64_TLSLE_LDST8_TPREL_LO12",
        Some(TLSLE_LDST8_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC,
        "R_AARCH64_TLSLE_LDST8_TPREL_LO12_NC",
        Some(TLSLE_LDST8_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST16_TPREL_LO12,
        "R_AARCH64_TLSLE_LDST16_TPREL_LO12",
        Some(TLSLE_LDST16_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC,
        "R_AARCH64_TLSLE_LDST16_TPREL_LO12_NC",
        Some(TLSLE_LDST16_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST32_TPREL_LO12,
        "R_AARCH64_TLSLE_LDST32_TPREL_LO12",
        Some(TLSLE_LDST32_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC,
        "R_AARCH64_TLSLE_LDST32_TPREL_LO12_NC",
        Some(TLSLE_LDST32_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST64_TPREL_LO12,
        "R_AARCH64_TLSLE_LDST64_TPREL_LO12",
        Some(TLSLE_LDST64_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC,
        "R_AARCH64_TLSLE_LDST64_TPREL_LO12_NC",
        Some(TLSLE_LDST64_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLSGD_ADR_PREL21,
        "R_AARCH64_TLSGD_ADR_PREL21",
        None,
    ),
    (
        elf::R_AARCH64_TLSGD_MOVW_G1,
        "R_AARCH64_TLSGD_MOVW_G1",
        None,
    ),
    (
        elf::R_AARCH64_TLSGD_MOVW_G0_NC,
        "R_AARCH64_TLSGD_MOVW_G0_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_ADR_PREL21,
        "R_AARCH64_TLSLD_ADR_PREL21",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_ADR_PAGE21,
        "R_AARCH64_TLSLD_ADR_PAGE21",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_ADD_LO12_NC,
        "R_AARCH64_TLSLD_ADD_LO12_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_G1,
        "R_AARCH64_TLSLD_MOVW_G1",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_G0_NC,
        "R_AARCH64_TLSLD_MOVW_G0_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LD_PREL19,
        "R_AARCH64_TLSLD_LD_PREL19",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_DTPREL_G2,
        "R_AARCH64_TLSLD_MOVW_DTPREL_G2",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_DTPREL_G1,
        "R_AARCH64_TLSLD_MOVW_DTPREL_G1",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC,
        "R_AARCH64_TLSLD_MOVW_DTPREL_G1_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_DTPREL_G0,
        "R_AARCH64_TLSLD_MOVW_DTPREL_G0",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC,
        "R_AARCH64_TLSLD_MOVW_DTPREL_G0_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_ADD_DTPREL_LO12,
        "R_AARCH64_TLSLD_ADD_DTPREL_LO12",
        Some(TLSLD_ADD_LO12),
    ),
    (
        elf::R_AARCH64_TLSLD_LDST8_DTPREL_LO12,
        "R_AARCH64_TLSLD_LDST8_DTPREL_LO12",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC,
        "R_AARCH64_TLSLD_LDST8_DTPREL_LO12_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST16_DTPREL_LO12,
        "R_AARCH64_TLSLD_LDST16_DTPREL_LO12",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC,
        "R_AARCH64_TLSLD_LDST16_DTPREL_LO12_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST32_DTPREL_LO12,
        "R_AARCH64_TLSLD_LDST32_DTPREL_LO12",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC,
        "R_AARCH64_TLSLD_LDST32_DTPREL_LO12_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST64_DTPREL_LO12,
        "R_AARCH64_TLSLD_LDST64_DTPREL_LO12",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC,
        "R_AARCH64_TLSLD_LDST64_DTPREL_LO12_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSIE_MOVW_GOTTPREL_G1,
        "R_AARCH64_TLSIE_MOVW_GOTTPREL_G1",
        None,
    ),
    (
        elf::R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC,
        "R_AARCH64_TLSIE_MOVW_GOTTPREL_G0_NC",
        None,
    ),
    (
        elf::R_AARCH64_TLSDESC_LD_PREL19,
        "R_AARCH64_TLSDESC_LD_PREL19",
        None,
    ),
    (
        elf::R_AARCH64_TLSDESC_ADR_PREL21,
        "R_AARCH64_TLSDESC_ADR_PREL21",
        None,
    ),
    (
        elf::R_AARCH64_TLSDESC_OFF_G1,
        "R_AARCH64_TLSDESC_OFF_G1",
        None,
    ),
    (
        elf::R_AARCH64_TLSDESC_OFF_G0_NC,
        "R_AARCH64_TLSDESC_OFF_G0_NC",
        None,
    ),
    (elf::R_AARCH64_TLSDESC_LDR, "R_AARCH64_TLSDESC_LDR", None),
    (elf::R_AARCH64_TLSDESC_ADD, "R_AARCH64_TLSDESC_ADD", None),
    (
        elf::R_AARCH64_TLSLD_LDST128_DTPREL_LO12,
        "R_AARCH64_TLSLD_LDST128_DTPREL_LO12",
        None,
    ),
    (
        elf::R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC,
        "R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC",
        None,
    ),
    (elf::R_AARCH64_TLSDESC, "R_AARCH64_TLSDESC", None),
    (
        elf::R_AARCH64_TLSLD_ADD_DTPREL_HI12,
        "R_AARCH64_TLSLD_ADD_DTPREL_HI12",
        Some(TLSLD_ADD_HI12),
    ),
    (
        elf::R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC,
        "R_AARCH64_TLSLD_ADD_DTPREL_LO12_NC",
        Some(TLSLD_ADD_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLSIE_LD_GOTTPREL_PREL19,
        "R_AARCH64_TLSIE_LD_GOTTPREL_PREL19",
        Some(REQUEST_TLSIE_LDR19),
    ),
    (
        elf::R_AARCH64_TLSDESC_ADR_PAGE21,
        "R_AARCH64_TLSDESC_ADR_PAGE21",
        Some(REQUEST_TLSDESC_PAGE21),
    ),
    (
        elf::R_AARCH64_TLSDESC_LD64_LO12,
        "R_AARCH64_TLSDESC_LD64_LO12",
        Some(REQUEST_TLSDESC_LD64_LO12),
    ),
    (
        elf::R_AARCH64_TLSDESC_ADD_LO12,
        "R_AARCH64_TLSDESC_ADD_LO12",
        Some(REQUEST_TLSDESC_ADD_LO12),
    ),
    (elf::R_AARCH64_TLSDESC_CALL, "R_AARCH64_TLSDESC_CALL", None),
    (
        elf::R_AARCH64_TLSLE_LDST128_TPREL_LO12,
        "R_AARCH64_TLSLE_LDST128_TPREL_LO12",
        Some(TLSLE_LDST128_LO12),
    ),
    (
        elf::R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC,
        "R_AARCH64_TLSLE_LDST128_TPREL_LO12_NC",
        Some(TLSLE_LDST128_LO12_NC),
    ),
    (
        elf::R_AARCH64_TLS_DTPMOD,
        "R_AARCH64_TLS_DTPMOD",
        Some(TLS_DTPMOD64),
    ),
    (
        elf::R_AARCH64_TLS_DTPREL,
        "R_AARCH64_TLS_DTPREL",
        Some(TLS_DTPOFF64),
    ),
    (
        elf::R_AARCH64_TLS_TPREL,
        "R_AARCH64_TLS_TPREL",
        Some(TLS_TPOFF64),
    ),
];

/// Thread-local relocation numbers (R_AARCH64_TLSGD_* .. R_AARCH64_TLSDESC_*, psABI 512-573).
const TLS_RELOCS: std::ops::RangeInclusive<u32> = 512..=573;

pub(super) static ELF: ElfRelocs = ElfRelocs {
    arch: "aarch64",
    prefix: "R_AARCH64_",
    table: ELF_RELOCS,
    // 256 is R_AARCH64_NONE's alternative number; TLSDESC_CALL marks the `blr` of a
    // descriptor sequence, which stays as it is.
    ignored: &[elf::R_AARCH64_NONE, 256, elf::R_AARCH64_TLSDESC_CALL],
    is_tls: |r| TLS_RELOCS.contains(&r),
    dense: std::sync::OnceLock::new(),
};
