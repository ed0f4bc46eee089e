//! AArch64 (little-endian, LP64): edge kinds, GOT entries and stubs (the ELF relocation table is
//! in `elf_relocs`).
//!
//! Formulas use the AArch64 ELF psABI's names: S, A, P, G (the target's GOT entry, made S by
//! the GOT pass), `Page(x) = x & ~0xfff`. Every instruction fixup first checks that the
//! instruction is of the class the relocation applies to, then the value's alignment and range.

use super::{
    branch_target, check_signed, Arch, EdgeKind, ElfRelocs, FixupError, FixupValues, ForwardTo,
    Forwarder, GotRequest, TlsEntry, DELTA32, FIRST_ARCH_KIND, POINTER64,
};
use object::elf;

/// AArch64, little-endian or big-endian (BE8: `aarch64_be`, whose data is big-endian and whose
/// instructions stay little-endian, so only the generic data kinds change).
pub struct Aarch64Arch {
    big_endian: bool,
}
pub static AARCH64: Aarch64Arch = Aarch64Arch { big_endian: false };
pub static AARCH64_BE: Aarch64Arch = Aarch64Arch { big_endian: true };

/// Instruction words as little-endian bytes, in a `static`.
macro_rules! words {
    ($($w:expr),* $(,)?) => {{
        const WORDS: &[u32] = &[$($w),*];
        const N: usize = WORDS.len() * 4;
        static BYTES: [u8; N] = {
            let mut out = [0u8; N];
            let mut i = 0;
            while i < WORDS.len() {
                let b = WORDS[i].to_le_bytes();
                out[4 * i] = b[0];
                out[4 * i + 1] = b[1];
                out[4 * i + 2] = b[2];
                out[4 * i + 3] = b[3];
                i += 1;
            }
            out
        };
        &BYTES
    }};
}

const fn kind(n: u8) -> EdgeKind {
    EdgeKind(FIRST_ARCH_KIND + n)
}

/// `B`/`BL` imm26 = `(L + A - P) >> 2`, ±128 MiB; L is S when in reach, else S's stub
/// (a range-extension veneer through the GOT). CALL26, JUMP26, Mach-O BRANCH26.
pub const BRANCH26: EdgeKind = kind(0);
/// `B.cond`/`CBZ`/`CBNZ` imm19 = `(S + A - P) >> 2`, ±1 MiB (CONDBR19).
pub const CONDBR19: EdgeKind = kind(1);
/// `TBZ`/`TBNZ` imm14 = `(S + A - P) >> 2`, ±32 KiB (TSTBR14).
pub const TSTBR14: EdgeKind = kind(2);
/// `LDR (literal)` imm19 = `(S + A - P) >> 2`, ±1 MiB (LD_PREL_LO19).
pub const LDR_LITERAL19: EdgeKind = kind(3);
/// `ADR` immhi:immlo = `S + A - P`, ±1 MiB (ADR_PREL_LO21).
pub const ADR21: EdgeKind = kind(4);
/// `ADRP` immhi:immlo = `(Page(S + A) - Page(P)) >> 12`, ±4 GiB (ADR_PREL_PG_HI21, PAGE21).
pub const PAGE21: EdgeKind = kind(5);
/// `ADD`/`LDR`/`STR` imm12 = `(S + A) & 0xfff`, scaled by the access size the instruction
/// encodes; must be a multiple of it (Mach-O PAGEOFF12).
pub const PAGEOFF12: EdgeKind = kind(6);
/// `ADD (immediate)` imm12 = `(S + A) & 0xfff` (ADD_ABS_LO12_NC).
pub const ADD_LO12: EdgeKind = kind(7);
/// `LDR`/`STR` of 1, 2, 4, 8, 16 bytes: imm12 = `((S + A) & 0xfff) >> size` (LDSTn_ABS_LO12_NC).
pub const LDST8_LO12: EdgeKind = kind(8);
pub const LDST16_LO12: EdgeKind = kind(9);
pub const LDST32_LO12: EdgeKind = kind(10);
pub const LDST64_LO12: EdgeKind = kind(11);
pub const LDST128_LO12: EdgeKind = kind(12);
/// `MOVZ`/`MOVK` imm16 = `(S + A) >> 16n & 0xffff`; the instruction's LSL must be 16n
/// (MOVW_UABS_G0_NC, G1_NC, G2_NC, G3).
pub const MOVW_G0: EdgeKind = kind(13);
pub const MOVW_G1: EdgeKind = kind(14);
pub const MOVW_G2: EdgeKind = kind(15);
pub const MOVW_G3: EdgeKind = kind(16);
/// `LDR` (64-bit) imm12 = `(G - Page(GOT)) >> 3`, at most 0x7fff (LD64_GOTPAGE_LO15, after the
/// GOT pass).
pub const GOTPAGE_LO15: EdgeKind = kind(17);
/// Requests: point at the target's GOT entry, then apply the named kind.
/// ADR_GOT_PAGE, Mach-O GOT_LOAD_PAGE21 -> Page21.
pub const REQUEST_GOT_PAGE21: EdgeKind = kind(18);
/// LD64_GOT_LO12_NC -> LDST64 lo12.
pub const REQUEST_GOT_LD64_LO12: EdgeKind = kind(19);
/// LD64_GOTPAGE_LO15 -> GotPageLo15.
pub const REQUEST_GOT_PAGE_LO15: EdgeKind = kind(20);
/// Mach-O GOT_LOAD_PAGEOFF12 -> PageOffset12.
pub const REQUEST_GOT_PAGEOFF12: EdgeKind = kind(21);
/// Mach-O POINTER_TO_GOT (pc-relative, 32 bits) -> Delta32.
pub const REQUEST_GOT_DELTA32: EdgeKind = kind(22);

// Thread-local storage. TPREL(S + A) = TPOFF(S) + A, the target's offset from the thread
// pointer (positive: variant I, the TLS blocks follow the 16-byte TCB).

/// `ADD (immediate, LSL #12)` imm12 = `TPREL(S + A) >> 12 & 0xfff`, with 0 <= TPREL < 2^24
/// (TLSLE_ADD_TPREL_HI12).
pub const TLSLE_ADD_HI12: EdgeKind = kind(23);
/// `ADD (immediate)` imm12 = `TPREL(S + A) & 0xfff`, with 0 <= TPREL < 2^12
/// (TLSLE_ADD_TPREL_LO12).
pub const TLSLE_ADD_LO12: EdgeKind = kind(24);
/// The same without the range check (TLSLE_ADD_TPREL_LO12_NC).
pub const TLSLE_ADD_LO12_NC: EdgeKind = kind(25);
/// `MOVZ`/`MOVN` imm16 = bits 47..32 of TPREL(S + A), -2^48 <= TPREL < 2^48; MOVN (of the
/// inverted bits) when TPREL < 0 (TLSLE_MOVW_TPREL_G2).
pub const TLSLE_MOVW_G2: EdgeKind = kind(26);
/// Bits 31..16, -2^32 <= TPREL < 2^32, MOVZ/MOVN (TLSLE_MOVW_TPREL_G1).
pub const TLSLE_MOVW_G1: EdgeKind = kind(27);
/// Bits 31..16 into a MOVK, unchecked (TLSLE_MOVW_TPREL_G1_NC).
pub const TLSLE_MOVW_G1_NC: EdgeKind = kind(28);
/// Bits 15..0, -2^16 <= TPREL < 2^16, MOVZ/MOVN (TLSLE_MOVW_TPREL_G0).
pub const TLSLE_MOVW_G0: EdgeKind = kind(29);
/// Bits 15..0 into a MOVK, unchecked (TLSLE_MOVW_TPREL_G0_NC).
pub const TLSLE_MOVW_G0_NC: EdgeKind = kind(30);
/// `LDR`/`STR` of 1, 2, 4, 8, 16 bytes: imm12 = `(TPREL(S + A) & 0xfff) >> size`, with
/// 0 <= TPREL < 2^12 and TPREL a multiple of the access size (TLSLE_LDSTn_TPREL_LO12).
pub const TLSLE_LDST8_LO12: EdgeKind = kind(31);
pub const TLSLE_LDST16_LO12: EdgeKind = kind(32);
pub const TLSLE_LDST32_LO12: EdgeKind = kind(33);
pub const TLSLE_LDST64_LO12: EdgeKind = kind(34);
pub const TLSLE_LDST128_LO12: EdgeKind = kind(35);
/// The same without the range check, alignment still checked (TLSLE_LDSTn_TPREL_LO12_NC).
pub const TLSLE_LDST8_LO12_NC: EdgeKind = kind(36);
pub const TLSLE_LDST16_LO12_NC: EdgeKind = kind(37);
pub const TLSLE_LDST32_LO12_NC: EdgeKind = kind(38);
pub const TLSLE_LDST64_LO12_NC: EdgeKind = kind(39);
pub const TLSLE_LDST128_LO12_NC: EdgeKind = kind(40);
/// Requests for thread-local GOT entries (see [`crate::link::tls`]), then the named kind:
/// TLSIE_ADR_GOTTPREL_PAGE21 -> Page21 of the TPOFF entry (initial-exec).
pub const REQUEST_TLSIE_PAGE21: EdgeKind = kind(41);
/// TLSIE_LD64_GOTTPREL_LO12_NC -> LoadStore64Lo12 of the TPOFF entry.
pub const REQUEST_TLSIE_LD64_LO12: EdgeKind = kind(42);
/// TLSDESC_ADR_PAGE21 -> Page21 of the descriptor.
pub const REQUEST_TLSDESC_PAGE21: EdgeKind = kind(43);
/// TLSDESC_LD64_LO12 -> LoadStore64Lo12 of the descriptor.
pub const REQUEST_TLSDESC_LD64_LO12: EdgeKind = kind(44);
/// TLSDESC_ADD_LO12 -> AddLo12 of the descriptor.
pub const REQUEST_TLSDESC_ADD_LO12: EdgeKind = kind(45);
/// TLSGD_ADR_PAGE21 -> Page21 of the `tls_index` (traditional general-dynamic).
pub const REQUEST_TLSGD_PAGE21: EdgeKind = kind(46);
/// TLSGD_ADD_LO12_NC -> AddLo12 of the `tls_index`.
pub const REQUEST_TLSGD_ADD_LO12: EdgeKind = kind(47);

/// `ADD (immediate, LSL #12)` imm12 = `DTPREL(S + A) >> 12 & 0xfff`, 0 <= DTPREL < 2^24
/// (TLSLD_ADD_DTPREL_HI12; DTPREL = DTPOFF, the offset in the TLS image).
pub const TLSLD_ADD_HI12: EdgeKind = kind(48);
/// `ADD (immediate)` imm12 = `DTPREL(S + A) & 0xfff`, unchecked (TLSLD_ADD_DTPREL_LO12_NC).
pub const TLSLD_ADD_LO12_NC: EdgeKind = kind(49);
/// TLSIE_LD_GOTTPREL_PREL19 -> LDRLiteral19 of the TPOFF entry (tiny code model).
pub const REQUEST_TLSIE_LDR19: EdgeKind = kind(50);
/// `ADD (immediate)` imm12 = `DTPREL(S + A) & 0xfff`, with 0 <= DTPREL < 2^12
/// (TLSLD_ADD_DTPREL_LO12).
pub const TLSLD_ADD_LO12: EdgeKind = kind(51);
/// `MOVZ`/`MOVK` imm16 = `(S + A) >> 16n & 0xffff`, checked: `S + A` must fit 16, 32 or 48
/// unsigned bits (MOVW_UABS_G0, G1, G2); the instruction's LSL must be 16n.
pub const MOVW_G0_CHECKED: EdgeKind = kind(52);
pub const MOVW_G1_CHECKED: EdgeKind = kind(53);
pub const MOVW_G2_CHECKED: EdgeKind = kind(54);

const NAMES: [&str; 55] = [
    "Branch26PCRel",
    "CondBranch19PCRel",
    "TestAndBranch14PCRel",
    "LDRLiteral19",
    "ADRLiteral21",
    "Page21",
    "PageOffset12",
    "AddLo12",
    "LoadStore8Lo12",
    "LoadStore16Lo12",
    "LoadStore32Lo12",
    "LoadStore64Lo12",
    "LoadStore128Lo12",
    "MoveWide16G0",
    "MoveWide16G1",
    "MoveWide16G2",
    "MoveWide16G3",
    "GotPageOffset15",
    "RequestGOTAndTransformToPage21",
    "RequestGOTAndTransformToLoadStore64Lo12",
    "RequestGOTAndTransformToPageOffset15",
    "RequestGOTAndTransformToPageOffset12",
    "RequestGOTAndTransformToDelta32",
    "TLSLEAddHi12",
    "TLSLEAddLo12",
    "TLSLEAddLo12NC",
    "TLSLEMoveWide16G2",
    "TLSLEMoveWide16G1",
    "TLSLEMoveWide16G1NC",
    "TLSLEMoveWide16G0",
    "TLSLEMoveWide16G0NC",
    "TLSLELoadStore8Lo12",
    "TLSLELoadStore16Lo12",
    "TLSLELoadStore32Lo12",
    "TLSLELoadStore64Lo12",
    "TLSLELoadStore128Lo12",
    "TLSLELoadStore8Lo12NC",
    "TLSLELoadStore16Lo12NC",
    "TLSLELoadStore32Lo12NC",
    "TLSLELoadStore64Lo12NC",
    "TLSLELoadStore128Lo12NC",
    "RequestTLSGOTAndTransformToPage21",
    "RequestTLSGOTAndTransformToLoadStore64Lo12",
    "RequestTLSDescEntryAndTransformToPage21",
    "RequestTLSDescEntryAndTransformToLoadStore64Lo12",
    "RequestTLSDescEntryAndTransformToAddLo12",
    "RequestTLSIndexAndTransformToPage21",
    "RequestTLSIndexAndTransformToAddLo12",
    "TLSLDAddHi12",
    "TLSLDAddLo12NC",
    "RequestTLSGOTAndTransformToLDRLiteral19",
    "TLSLDAddLo12",
    "MoveWide16G0Checked",
    "MoveWide16G1Checked",
    "MoveWide16G2Checked",
];

mod elf_relocs;
use elf_relocs::ELF;

impl Arch for Aarch64Arch {
    fn name(&self) -> &'static str {
        if self.big_endian {
            "aarch64_be"
        } else {
            "aarch64"
        }
    }

    fn big_endian(&self) -> bool {
        self.big_endian
    }

    /// `CPU_TYPE_ARM64`, `CPU_SUBTYPE_ARM64_ALL`.
    fn macho_cpu(&self) -> (u32, u32) {
        (0x0100_000c, 0)
    }

    /// `UNWIND_ARM64_MODE_DWARF`; `FRAMELESS` and `FRAME` entries merge.
    fn compact_unwind(&self) -> super::CompactUnwindModes {
        super::CompactUnwindModes {
            dwarf: 0x0300_0000,
            mergeable: &[0x0200_0000, 0x0400_0000],
        }
    }

    fn kind_names(&self) -> &'static [&'static str] {
        &NAMES
    }

    fn elf_relocs(&self) -> &'static ElfRelocs {
        &ELF
    }

    fn elf_machine(&self) -> u16 {
        elf::EM_AARCH64
    }

    fn got_request(&self, kind: EdgeKind) -> GotRequest {
        match kind {
            BRANCH26 => GotRequest::Stub,
            REQUEST_GOT_PAGE21 => GotRequest::Got { then: PAGE21 },
            REQUEST_GOT_LD64_LO12 => GotRequest::Got { then: LDST64_LO12 },
            REQUEST_GOT_PAGE_LO15 => GotRequest::Got { then: GOTPAGE_LO15 },
            REQUEST_GOT_PAGEOFF12 => GotRequest::Got { then: PAGEOFF12 },
            REQUEST_GOT_DELTA32 => GotRequest::Got { then: DELTA32 },
            GOTPAGE_LO15 => GotRequest::GotBase,
            REQUEST_TLSIE_PAGE21 => tls(TlsEntry::TpOff, PAGE21),
            REQUEST_TLSIE_LD64_LO12 => tls(TlsEntry::TpOff, LDST64_LO12),
            REQUEST_TLSIE_LDR19 => tls(TlsEntry::TpOff, LDR_LITERAL19),
            REQUEST_TLSDESC_PAGE21 => tls(TlsEntry::Descriptor, PAGE21),
            REQUEST_TLSDESC_LD64_LO12 => tls(TlsEntry::Descriptor, LDST64_LO12),
            REQUEST_TLSDESC_ADD_LO12 => tls(TlsEntry::Descriptor, ADD_LO12),
            REQUEST_TLSGD_PAGE21 => tls(TlsEntry::Index, PAGE21),
            REQUEST_TLSGD_ADD_LO12 => tls(TlsEntry::Index, ADD_LO12),
            _ => GotRequest::None,
        }
    }

    fn relax_got_load(
        &self,
        _kind: EdgeKind,
        _content: &[u8],
        _offset: u64,
        _addend: i64,
    ) -> Option<EdgeKind> {
        None
    }

    fn tls_get_addr(&self) -> &'static [u8] {
        words!(
            0xf940_0001, // ldr x1, [x0]        module word: TPOFF of the image
            0xf940_0400, // ldr x0, [x0, #8]    offset in the image
            0x8b01_0000, // add x0, x0, x1
            0xd53b_d041, // mrs x1, tpidr_el0
            0x8b01_0000, // add x0, x0, x1
            0xd65f_03c0, // ret
        )
    }

    fn tlsdesc_resolver(&self) -> &'static [u8] {
        words!(
            0xf940_0400, // ldr x0, [x0, #8]
            0xd65f_03c0, // ret
        )
    }

    fn static_tls_offset(&self, _size: u64, align: u64) -> i64 {
        // Variant I: the first block follows the 16-byte TCB, aligned.
        ((16 + align - 1) & !(align - 1)) as i64
    }

    fn got_entry(&self) -> (&'static [u8], EdgeKind) {
        (&[0; 8], POINTER64)
    }

    fn stub(&self) -> (&'static [u8], &'static [(u64, EdgeKind, i64)]) {
        // adrp x16, GOT@page; ldr x16, [x16, GOT@pageoff]; br x16
        (
            &[
                0x10, 0x00, 0x00, 0x90, 0x10, 0x02, 0x40, 0xf9, 0x00, 0x02, 0x1f, 0xd6,
            ],
            &[(0, PAGE21, 0), (4, LDST64_LO12, 0)],
        )
    }

    fn stub_align(&self) -> u64 {
        4
    }

    fn branch_reach(&self) -> u64 {
        1 << 27
    }

    fn reentry_trampoline(&self) -> &'static [u8] {
        // Entered with the id in x17, the caller's return address in x30. Saves x0-x8 (x8:
        // the indirect result) and q0-q7 whole, calls dispatch, restores, `br x16`.
        &[
            0xfd, 0x7b, 0xbf, 0xa9, // stp x29, x30, [sp, #-16]!
            0xfd, 0x03, 0x00, 0x91, // mov x29, sp
            0xff, 0x43, 0x03, 0xd1, // sub sp, sp, #208
            0xe0, 0x07, 0x00, 0xa9, // stp x0, x1, [sp]
            0xe2, 0x0f, 0x01, 0xa9, // stp x2, x3, [sp, #16]
            0xe4, 0x17, 0x02, 0xa9, // stp x4, x5, [sp, #32]
            0xe6, 0x1f, 0x03, 0xa9, // stp x6, x7, [sp, #48]
            0xe8, 0x47, 0x04, 0xa9, // stp x8, x17, [sp, #64]: the id at sp+72
            0xe0, 0x87, 0x02, 0xad, // stp q0, q1, [sp, #80]
            0xe2, 0x8f, 0x03, 0xad, // stp q2, q3, [sp, #112]
            0xe4, 0x97, 0x04, 0xad, // stp q4, q5, [sp, #144]
            0xe6, 0x9f, 0x05, 0xad, // stp q6, q7, [sp, #176]
            0xc0, 0x02, 0x00, 0x58, // ldr x0, ctx
            0xe1, 0x02, 0x00, 0x58, // ldr x1, tag
            0xe2, 0x23, 0x01, 0x91, // add x2, sp, #72
            0x03, 0x01, 0x80, 0xd2, // mov x3, #8
            0xc9, 0x02, 0x00, 0x58, // ldr x9, dispatch
            0x20, 0x01, 0x3f, 0xd6, // blr x9
            0x3f, 0x20, 0x00, 0xf1, // cmp x1, #8: an 8-byte result
            0xc1, 0x01, 0x00, 0x54, // b.ne fail
            0xf0, 0x03, 0x00, 0xaa, // mov x16, x0: the function's body
            0xe6, 0x9f, 0x45, 0xad, // ldp q6, q7, [sp, #176]
            0xe4, 0x97, 0x44, 0xad, // ldp q4, q5, [sp, #144]
            0xe2, 0x8f, 0x43, 0xad, // ldp q2, q3, [sp, #112]
            0xe0, 0x87, 0x42, 0xad, // ldp q0, q1, [sp, #80]
            0xe8, 0x47, 0x44, 0xa9, // ldp x8, x17, [sp, #64]
            0xe6, 0x1f, 0x43, 0xa9, // ldp x6, x7, [sp, #48]
            0xe4, 0x17, 0x42, 0xa9, // ldp x4, x5, [sp, #32]
            0xe2, 0x0f, 0x41, 0xa9, // ldp x2, x3, [sp, #16]
            0xe0, 0x07, 0x40, 0xa9, // ldp x0, x1, [sp]
            0xff, 0x43, 0x03, 0x91, // add sp, sp, #208
            0xfd, 0x7b, 0xc1, 0xa8, // ldp x29, x30, [sp], #16
            0x00, 0x02, 0x1f, 0xd6, // br x16
            0x20, 0x00, 0x20, 0xd4, // fail: brk #1
        ]
    }

    fn reentry_entry(&self, id: u32, to_common: i64) -> Vec<u8> {
        let movz = 0xd280_0011 | (id & 0xffff) << 5; // movz x17, #lo
        let movk = 0xf2a0_0011 | (id >> 16) << 5; // movk x17, #hi, lsl #16
        let b = 0x1400_0000 | (((to_common - 8) >> 2) as u32 & 0x03ff_ffff); // b common
        [movz, movk, b]
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect()
    }

    fn reentry_entry_size(&self) -> u64 {
        12
    }

    fn forwarder(&self, zero_args: &[usize], dso_arg: usize) -> Forwarder {
        let mut words: Vec<u32> = zero_args
            .iter()
            .map(|&r| 0xaa1f_03e0 | r as u32) // mov xR, xzr
            .collect();
        let x = dso_arg as u32;
        let adrp = words.len() as u64 * 4;
        words.push(0x9000_0000 | x); // adrp xD, __dso_handle
        words.push(0x9100_0000 | x << 5 | x); // add xD, xD, :lo12:__dso_handle
        let b = words.len() as u64 * 4;
        words.push(0x1400_0000); // b callee
        Forwarder {
            code: words.iter().flat_map(|w| w.to_le_bytes()).collect(),
            edges: vec![
                (adrp, PAGE21, 0, ForwardTo::DsoHandle),
                (adrp + 4, ADD_LO12, 0, ForwardTo::DsoHandle),
                (b, BRANCH26, 0, ForwardTo::Callee),
            ],
        }
    }

    fn apply(
        &self,
        kind: EdgeKind,
        buf: &mut [u8],
        off: usize,
        v: &FixupValues,
    ) -> Result<(), FixupError> {
        let s_a = v.s.wrapping_add(v.a as u64);
        let pcrel = s_a.wrapping_sub(v.p) as i64;
        let insn = read_insn(buf, off)?;
        let patched = match kind {
            BRANCH26 => {
                expect_class(insn, 0x7c00_0000, 0x1400_0000, "a B or BL instruction")?;
                let target = branch_target(v, 28);
                let delta = target.wrapping_add(v.a as u64).wrapping_sub(v.p) as i64;
                clear(insn, 26, 0) | field(scaled(delta, 4, 28)?, 26, 0)
            }
            CONDBR19 => {
                let is_bcond = insn & 0xff00_0010 == 0x5400_0000;
                let is_cbz = insn & 0x7e00_0000 == 0x3400_0000;
                if !(is_bcond || is_cbz) {
                    return Err(not_a(insn, "a B.cond, CBZ or CBNZ instruction"));
                }
                clear(insn, 19, 5) | field(scaled(pcrel, 4, 21)?, 19, 5)
            }
            TSTBR14 => {
                expect_class(insn, 0x7e00_0000, 0x3600_0000, "a TBZ or TBNZ instruction")?;
                clear(insn, 14, 5) | field(scaled(pcrel, 4, 16)?, 14, 5)
            }
            LDR_LITERAL19 => {
                expect_class(
                    insn,
                    0x3b00_0000,
                    0x1800_0000,
                    "an LDR (literal) instruction",
                )?;
                clear(insn, 19, 5) | field(scaled(pcrel, 4, 21)?, 19, 5)
            }
            ADR21 => {
                expect_class(insn, 0x9f00_0000, 0x1000_0000, "an ADR instruction")?;
                clear_adr(insn) | adr_imm(check_signed(pcrel, 21)?)
            }
            PAGE21 => {
                expect_class(insn, 0x9f00_0000, 0x9000_0000, "an ADRP instruction")?;
                let pages = ((s_a & !0xfff) as i64).wrapping_sub((v.p & !0xfff) as i64) >> 12;
                clear_adr(insn)
                    | adr_imm(check_signed(pages, 21).map_err(|e| scale_range(e, 4096))?)
            }
            PAGEOFF12 | ADD_LO12 | LDST8_LO12 | LDST16_LO12 | LDST32_LO12 | LDST64_LO12
            | LDST128_LO12 => {
                let shift = access_shift(insn)?;
                let expected = match kind {
                    ADD_LO12 => Some(0),
                    LDST8_LO12 => Some(0),
                    LDST16_LO12 => Some(1),
                    LDST32_LO12 => Some(2),
                    LDST64_LO12 => Some(3),
                    LDST128_LO12 => Some(4),
                    _ => None,
                };
                let is_add = insn & 0x7f00_0000 == 0x1100_0000;
                if kind == ADD_LO12 && !is_add
                    || expected.is_some_and(|e| e != shift)
                    || (kind != ADD_LO12 && kind != PAGEOFF12 && is_add)
                {
                    return Err(not_a(
                        insn,
                        &format!(
                            "an instruction of the class {} applies to",
                            self.kind_name(kind)
                        ),
                    ));
                }
                let lo12 = s_a & 0xfff;
                if lo12 & ((1 << shift) - 1) != 0 {
                    return Err(FixupError::Misaligned {
                        value: lo12 as i128,
                        align: 1 << shift,
                    });
                }
                clear(insn, 12, 10) | field((lo12 >> shift) as i64, 12, 10)
            }
            MOVW_G0 | MOVW_G1 | MOVW_G2 | MOVW_G3 | MOVW_G0_CHECKED | MOVW_G1_CHECKED
            | MOVW_G2_CHECKED => {
                // MOVN/MOVZ/MOVK (wide immediate): x00100101 in bits 30..23.
                expect_class(
                    insn,
                    0x1f80_0000,
                    0x1280_0000,
                    "a MOVZ, MOVN or MOVK instruction",
                )?;
                let group = match kind {
                    MOVW_G0_CHECKED => 0,
                    MOVW_G1_CHECKED => 1,
                    MOVW_G2_CHECKED => 2,
                    _ => u32::from(kind.0 - MOVW_G0.0),
                };
                if kind.0 >= MOVW_G0_CHECKED.0 {
                    super::check_unsigned(s_a, 16 * (group + 1))?;
                }
                expect_movw_group(insn, group)?;
                let imm = (s_a >> (16 * group)) & 0xffff;
                (insn & !(0xffff << 5)) | ((imm as u32) << 5)
            }
            GOTPAGE_LO15 => {
                let value = v.s.wrapping_add(v.a as u64).wrapping_sub(v.got & !0xfff);
                if value > 0x7fff {
                    return Err(FixupError::OutOfRange {
                        value: value as i128,
                        min: 0,
                        max: 0x7fff,
                    });
                }
                if value & 7 != 0 {
                    return Err(FixupError::Misaligned {
                        value: value as i128,
                        align: 8,
                    });
                }
                if access_shift(insn)? != 3 {
                    return Err(not_a(insn, "a 64-bit LDR (unsigned offset) instruction"));
                }
                clear(insn, 12, 10) | field((value >> 3) as i64, 12, 10)
            }
            TLSLE_ADD_HI12 | TLSLE_ADD_LO12 | TLSLE_ADD_LO12_NC | TLSLD_ADD_HI12
            | TLSLD_ADD_LO12 | TLSLD_ADD_LO12_NC => {
                expect_class(
                    insn,
                    0x7f80_0000,
                    0x1100_0000,
                    "an ADD (immediate) instruction",
                )?;
                // TLSLD kinds add DTPREL (the offset in the image) to the module base.
                let tprel = match kind {
                    TLSLD_ADD_HI12 | TLSLD_ADD_LO12 | TLSLD_ADD_LO12_NC => {
                        (v.tls()?.dtpoff as i64).wrapping_add(v.a)
                    }
                    _ => v.tpoff()?.wrapping_add(v.a),
                };
                let hi = kind == TLSLE_ADD_HI12 || kind == TLSLD_ADD_HI12;
                let shifted = insn & (1 << 22) != 0;
                if shifted != hi {
                    return Err(not_a(
                        insn,
                        if hi {
                            "an ADD (immediate) with LSL #12"
                        } else {
                            "an ADD (immediate) without LSL #12"
                        },
                    ));
                }
                let (limit, imm) = if hi {
                    (1 << 24, tprel >> 12)
                } else {
                    (1 << 12, tprel)
                };
                let checked = kind != TLSLE_ADD_LO12_NC && kind != TLSLD_ADD_LO12_NC;
                if checked && !(0..limit).contains(&tprel) {
                    return Err(FixupError::OutOfRange {
                        value: tprel as i128,
                        min: 0,
                        max: limit as i128 - 1,
                    });
                }
                clear(insn, 12, 10) | field(imm & 0xfff, 12, 10)
            }
            TLSLE_MOVW_G2 | TLSLE_MOVW_G1 | TLSLE_MOVW_G1_NC | TLSLE_MOVW_G0 | TLSLE_MOVW_G0_NC => {
                expect_class(
                    insn,
                    0x1f80_0000,
                    0x1280_0000,
                    "a MOVZ, MOVN or MOVK instruction",
                )?;
                let tprel = v.tpoff()?.wrapping_add(v.a);
                let (group, checked) = match kind {
                    TLSLE_MOVW_G2 => (2, true),
                    TLSLE_MOVW_G1 => (1, true),
                    TLSLE_MOVW_G1_NC => (1, false),
                    TLSLE_MOVW_G0 => (0, true),
                    _ => (0, false),
                };
                expect_movw_group(insn, group)?;
                if checked {
                    let bits = 16 * (group + 1);
                    check_signed(tprel, bits + 1)?;
                    // MOVZ of the bits, or MOVN of the inverted bits for a negative value.
                    let (opc, value) = if tprel < 0 {
                        (0b00, !tprel)
                    } else {
                        (0b10, tprel)
                    };
                    let imm = ((value as u64) >> (16 * group)) & 0xffff;
                    (insn & !(0b11 << 29) & !(0xffff << 5)) | (opc << 29) | ((imm as u32) << 5)
                } else {
                    let imm = ((tprel as u64) >> (16 * group)) & 0xffff;
                    (insn & !(0xffff << 5)) | ((imm as u32) << 5)
                }
            }
            TLSLE_LDST8_LO12
            | TLSLE_LDST16_LO12
            | TLSLE_LDST32_LO12
            | TLSLE_LDST64_LO12
            | TLSLE_LDST128_LO12
            | TLSLE_LDST8_LO12_NC
            | TLSLE_LDST16_LO12_NC
            | TLSLE_LDST32_LO12_NC
            | TLSLE_LDST64_LO12_NC
            | TLSLE_LDST128_LO12_NC => {
                let tprel = v.tpoff()?.wrapping_add(v.a);
                let index = u32::from(kind.0 - TLSLE_LDST8_LO12.0);
                let (expected, checked) = (index % 5, index < 5);
                let shift = access_shift(insn)?;
                if insn & 0x7f00_0000 == 0x1100_0000 || shift != expected {
                    return Err(not_a(
                        insn,
                        &format!(
                            "an instruction of the class {} applies to",
                            self.kind_name(kind)
                        ),
                    ));
                }
                if checked && !(0..1 << 12).contains(&tprel) {
                    return Err(FixupError::OutOfRange {
                        value: tprel as i128,
                        min: 0,
                        max: (1 << 12) - 1,
                    });
                }
                let lo12 = tprel as u64 & 0xfff;
                if lo12 & ((1 << shift) - 1) != 0 {
                    return Err(FixupError::Misaligned {
                        value: lo12 as i128,
                        align: 1 << shift,
                    });
                }
                clear(insn, 12, 10) | field((lo12 >> shift) as i64, 12, 10)
            }
            REQUEST_TLSIE_PAGE21
            | REQUEST_TLSIE_LD64_LO12
            | REQUEST_TLSIE_LDR19
            | REQUEST_TLSDESC_PAGE21
            | REQUEST_TLSDESC_LD64_LO12
            | REQUEST_TLSDESC_ADD_LO12
            | REQUEST_TLSGD_PAGE21
            | REQUEST_TLSGD_ADD_LO12
            | REQUEST_GOT_PAGE21
            | REQUEST_GOT_LD64_LO12
            | REQUEST_GOT_PAGE_LO15
            | REQUEST_GOT_PAGEOFF12
            | REQUEST_GOT_DELTA32 => {
                return Err(FixupError::Internal(
                    "GOT request edge was not rewritten by the GOT pass",
                ))
            }
            _ => return Err(FixupError::Internal("unknown aarch64 edge kind")),
        };
        super::write_le(buf, off, u64::from(patched), 4)
    }
}

fn tls(entry: TlsEntry, then: EdgeKind) -> GotRequest {
    GotRequest::Tls { entry, then }
}

/// Checks that a MOVZ/MOVN/MOVK shifts by `LSL #16 * group`, the bits the relocation selects.
fn expect_movw_group(insn: u32, group: u32) -> Result<(), FixupError> {
    let hw = (insn >> 21) & 3;
    if hw != group {
        return Err(FixupError::BadInstruction(format!(
            "instruction {insn:#010x} shifts by LSL #{} but the relocation selects bits {}..{}",
            hw * 16,
            group * 16,
            group * 16 + 15
        )));
    }
    Ok(())
}

fn read_insn(buf: &[u8], off: usize) -> Result<u32, FixupError> {
    Ok(super::read_le(buf, off, 4)? as u32)
}

fn not_a(insn: u32, what: &str) -> FixupError {
    FixupError::BadInstruction(format!("instruction {insn:#010x} is not {what}"))
}

fn expect_class(insn: u32, mask: u32, value: u32, what: &str) -> Result<(), FixupError> {
    if insn & mask == value {
        Ok(())
    } else {
        Err(not_a(insn, what))
    }
}

/// Checks that `delta` is a multiple of `align` and fits `bits` signed bits; returns
/// `delta / align`.
fn scaled(delta: i64, align: i64, bits: u32) -> Result<i64, FixupError> {
    if delta % align != 0 {
        return Err(FixupError::Misaligned {
            value: delta as i128,
            align: align as u64,
        });
    }
    check_signed(delta, bits)?;
    Ok(delta / align)
}

/// The low `width` bits of `value`, placed at bit `at`.
fn field(value: i64, width: u32, at: u32) -> u32 {
    ((value as u64 & ((1 << width) - 1)) as u32) << at
}

/// `insn` with its `width`-bit field at bit `at` cleared (Mach-O keeps implicit addends there,
/// which the reader has already taken into the edge's addend).
fn clear(insn: u32, width: u32, at: u32) -> u32 {
    insn & !(((1u32 << width) - 1) << at)
}

/// `insn` with its ADR/ADRP immediate cleared.
fn clear_adr(insn: u32) -> u32 {
    clear(clear(insn, 2, 29), 19, 5)
}

/// ADR/ADRP split immediate: immlo in bits 30:29, immhi in bits 23:5.
fn adr_imm(value: u64) -> u32 {
    field((value & 3) as i64, 2, 29) | field((value >> 2) as i64, 19, 5)
}

/// Restates a page-count range error in bytes.
fn scale_range(e: FixupError, by: i128) -> FixupError {
    match e {
        FixupError::OutOfRange { value, min, max } => FixupError::OutOfRange {
            value: value * by,
            min: min * by,
            max: (max + 1) * by - 1,
        },
        e => e,
    }
}

/// The log2 of the access size of an `ADD (immediate)` (0) or an `LDR`/`STR (unsigned
/// immediate)` instruction, integer or SIMD&FP.
fn access_shift(insn: u32) -> Result<u32, FixupError> {
    if insn & 0x7f00_0000 == 0x1100_0000 {
        return Ok(0); // ADD (immediate), 32 or 64 bit
    }
    if insn & 0x3b00_0000 == 0x3900_0000 {
        let size = insn >> 30;
        let vector = insn & (1 << 26) != 0;
        let opc_hi = (insn >> 23) & 1;
        // 128-bit SIMD&FP: size 00, V=1, opc 1x.
        return Ok(if vector && size == 0 && opc_hi == 1 {
            4
        } else {
            size
        });
    }
    Err(not_a(
        insn,
        "an ADD (immediate) or LDR/STR (unsigned immediate) instruction",
    ))
}
