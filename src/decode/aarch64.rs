//! AArch64: the instruction classes that relocations patch, with each field at the operand
//! index LLVM's AArch64 disassembler gives it.
//!
//! | class | LLVM operands |
//! |---|---|
//! | B, BL | 0 imm26 (in instructions) |
//! | B.cond | 0 condition, 1 imm19 |
//! | CBZ, CBNZ | 0 Rt, 1 imm19 |
//! | TBZ, TBNZ | 0 Rt, 1 bit number, 2 imm14 |
//! | LDR (literal), LDRSW (literal) | 0 Rt, 1 imm19 |
//! | PRFM (literal) | 0 prefetch op, 1 imm19 |
//! | ADR | 0 Rd, 1 imm21 (bytes) |
//! | ADRP | 0 Rd, 1 imm21 (pages) |
//! | ADD/ADDS/SUB/SUBS (immediate) | 0 Rd, 1 Rn, 2 imm12, 3 shift (0 or 12) |
//! | LDR/STR/LDRS* (unsigned offset), integer and SIMD&FP | 0 Rt, 1 Rn, 2 imm12 (scaled, raw) |
//! | PRFM (unsigned offset) | 0 prefetch op, 1 Rn, 2 imm12 |
//! | MOVZ, MOVN | 0 Rd, 1 imm16, 2 shift (0, 16, 32, 48) |
//! | MOVK | 0 Rd, 1 Rd (tied), 2 imm16, 3 shift |
//!
//! PC-relative immediates are signed (sign-extended to 64 bits) and in the field's units, as
//! encoded. Every other instruction is still 4 bytes long (enough for `next_pc`), but its
//! operands are not modelled.

use super::{Instruction, Operand};
use crate::error::{Error, Result};

/// Decodes the (little-endian) instruction at the start of `bytes`.
pub fn decode(bytes: &[u8]) -> Result<Instruction> {
    let word = bytes
        .get(..4)
        .ok_or_else(|| Error::new("truncated AArch64 instruction"))?;
    let insn = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
    Ok(match decode_word(insn) {
        Some((name, operands)) => Instruction {
            len: 4,
            text: name.to_string(),
            operands: Some(operands),
        },
        None => Instruction {
            len: 4,
            text: format!("{insn:#010x}"),
            operands: None,
        },
    })
}

/// Bits `lo..lo+width` of `insn`.
fn field(insn: u32, lo: u32, width: u32) -> u32 {
    (insn >> lo) & ((1u32 << width) - 1)
}

/// Bits `lo..lo+width` of `insn`, sign-extended.
fn sfield(insn: u32, lo: u32, width: u32) -> i64 {
    let v = field(insn, lo, width) as i64;
    let sign = 1i64 << (width - 1);
    (v ^ sign) - sign
}

/// A general register operand: `r` 31 is the zero register or the stack pointer.
fn gpr(r: u32, x: bool, sp: bool) -> Operand {
    Operand::Reg(match (r, x, sp) {
        (31, true, true) => "SP".to_string(),
        (31, false, true) => "WSP".to_string(),
        (31, true, false) => "XZR".to_string(),
        (31, false, false) => "WZR".to_string(),
        (r, true, _) => format!("X{r}"),
        (r, false, _) => format!("W{r}"),
    })
}

fn fpr(r: u32, prefix: char) -> Operand {
    Operand::Reg(format!("{prefix}{r}"))
}

fn imm(v: impl Into<i64>) -> Operand {
    Operand::Imm(v.into())
}

/// The class name and LLVM operands of `insn`, or `None` outside the modelled classes.
fn decode_word(insn: u32) -> Option<(&'static str, Vec<Operand>)> {
    let rd = field(insn, 0, 5);
    let rn = field(insn, 5, 5);
    let sf = field(insn, 31, 1) == 1;

    // B, BL: op 00101 imm26
    if insn & 0x7c00_0000 == 0x1400_0000 {
        let name = if sf { "bl" } else { "b" };
        return Some((name, vec![imm(sfield(insn, 0, 26))]));
    }
    // B.cond: 0101010 0 imm19 0 cond. (BC.cond, o0 = 1, needs FEAT_HBC, which LLVM's default
    // disassembler does not decode.)
    if insn & 0xff00_0010 == 0x5400_0000 {
        return Some((
            "b.cond",
            vec![imm(field(insn, 0, 4)), imm(sfield(insn, 5, 19))],
        ));
    }
    // CBZ, CBNZ: sf 011010 op imm19 Rt
    if insn & 0x7e00_0000 == 0x3400_0000 {
        let name = if field(insn, 24, 1) == 1 {
            "cbnz"
        } else {
            "cbz"
        };
        return Some((name, vec![gpr(rd, sf, false), imm(sfield(insn, 5, 19))]));
    }
    // TBZ, TBNZ: b5 011011 op b40 imm14 Rt
    if insn & 0x7e00_0000 == 0x3600_0000 {
        let name = if field(insn, 24, 1) == 1 {
            "tbnz"
        } else {
            "tbz"
        };
        let bit = (field(insn, 31, 1) << 5) | field(insn, 19, 5);
        return Some((
            name,
            vec![gpr(rd, sf, false), imm(bit), imm(sfield(insn, 5, 14))],
        ));
    }
    // LDR (literal): opc 011 V 00 imm19 Rt
    if insn & 0x3b00_0000 == 0x1800_0000 {
        let opc = field(insn, 30, 2);
        let simd = field(insn, 26, 1) == 1;
        let label = imm(sfield(insn, 5, 19));
        let (name, rt) = match (simd, opc) {
            (false, 0) => ("ldr", gpr(rd, false, false)),
            (false, 1) => ("ldr", gpr(rd, true, false)),
            (false, 2) => ("ldrsw", gpr(rd, true, false)),
            (false, _) => ("prfm", imm(rd)),
            (true, 0) => ("ldr", fpr(rd, 'S')),
            (true, 1) => ("ldr", fpr(rd, 'D')),
            (true, 2) => ("ldr", fpr(rd, 'Q')),
            (true, _) => return None,
        };
        return Some((name, vec![rt, label]));
    }
    // ADR, ADRP: op immlo 10000 immhi Rd
    if insn & 0x1f00_0000 == 0x1000_0000 {
        let raw = (field(insn, 5, 19) << 2) | field(insn, 29, 2);
        let value = ((raw as i64) << 43) >> 43;
        let name = if sf { "adrp" } else { "adr" };
        return Some((name, vec![gpr(rd, true, false), imm(value)]));
    }
    // ADD/ADDS/SUB/SUBS (immediate): sf op S 100010 sh imm12 Rn Rd
    if insn & 0x1f80_0000 == 0x1100_0000 {
        let sub = field(insn, 30, 1) == 1;
        let set_flags = field(insn, 29, 1) == 1;
        let name = match (sub, set_flags) {
            (false, false) => "add",
            (false, true) => "adds",
            (true, false) => "sub",
            (true, true) => "subs",
        };
        let shift = if field(insn, 22, 1) == 1 { 12 } else { 0 };
        return Some((
            name,
            vec![
                gpr(rd, sf, !set_flags),
                gpr(rn, sf, true),
                imm(field(insn, 10, 12)),
                imm(shift),
            ],
        ));
    }
    // Move wide (immediate): sf opc 100101 hw imm16 Rd
    if insn & 0x1f80_0000 == 0x1280_0000 {
        let hw = field(insn, 21, 2);
        if !sf && hw >= 2 {
            return None;
        }
        let value = imm(field(insn, 5, 16));
        let shift = imm(hw * 16);
        let d = gpr(rd, sf, false);
        return match field(insn, 29, 2) {
            0 => Some(("movn", vec![d, value, shift])),
            2 => Some(("movz", vec![d, value, shift])),
            3 => Some(("movk", vec![d.clone(), d, value, shift])),
            _ => None,
        };
    }
    // Load/store register (unsigned immediate): size 111 V 01 opc imm12 Rn Rt
    if insn & 0x3b00_0000 == 0x3900_0000 {
        let size = field(insn, 30, 2);
        let opc = field(insn, 22, 2);
        let simd = field(insn, 26, 1) == 1;
        let base = gpr(rn, true, true);
        let offset = imm(field(insn, 10, 12));
        let (name, rt) = if simd {
            let prefix = match (size, opc) {
                (0, 0 | 1) => 'B',
                (0, _) => 'Q',
                (1, 0 | 1) => 'H',
                (2, 0 | 1) => 'S',
                (3, 0 | 1) => 'D',
                _ => return None,
            };
            let name = if opc & 1 == 1 { "ldr" } else { "str" };
            (name, fpr(rd, prefix))
        } else {
            match (size, opc) {
                (_, 0) => ("str", gpr(rd, size == 3, false)),
                (_, 1) => ("ldr", gpr(rd, size == 3, false)),
                (3, 2) => ("prfm", imm(rd)),
                (3, _) | (2, 3) => return None,
                (2, 2) => ("ldrsw", gpr(rd, true, false)),
                (_, 2) => ("ldrs", gpr(rd, true, false)),
                (_, _) => ("ldrs", gpr(rd, false, false)),
            }
        };
        return Some((name, vec![rt, base, offset]));
    }
    None
}

#[cfg(test)]
mod tests {
    //! Words from `llvm-mc-22 -show-encoding`; expected operands from
    //! `llvm-mc-22 -disassemble -show-inst`, the immediates confirmed with llvm-jitlink-22's
    //! `decode_operand`.

    use super::*;

    fn ops(insn: u32) -> Option<Vec<Operand>> {
        let decoded = decode(&insn.to_le_bytes()).unwrap();
        assert_eq!(decoded.len, 4);
        decoded.operands
    }
    fn r(name: &str) -> Operand {
        Operand::Reg(name.to_string())
    }
    fn i(v: i64) -> Operand {
        Operand::Imm(v)
    }

    #[test]
    fn branches() {
        // B/BL: imm26 in instructions, signed.
        assert_eq!(ops(0x97ff_ffff), Some(vec![i(-1)]));
        assert_eq!(ops(0x1400_0010), Some(vec![i(16)]));
        // B.cond: condition, imm19.
        assert_eq!(ops(0x5400_0001), Some(vec![i(1), i(0)]));
        assert_eq!(ops(0x54ff_ffeb), Some(vec![i(11), i(-1)]));
        // CBZ x0 / CBNZ w1: register, imm19.
        assert_eq!(ops(0xb4ff_ffe0), Some(vec![r("X0"), i(-1)]));
        assert_eq!(ops(0x3500_0041), Some(vec![r("W1"), i(2)]));
        // TBZ w0, #31 / TBNZ x1, #63: register, bit, imm14.
        assert_eq!(ops(0x36ff_ffe0), Some(vec![r("W0"), i(31), i(-1)]));
        assert_eq!(ops(0xb7f8_0041), Some(vec![r("X1"), i(63), i(2)]));
        // BC.cond is not decoded by LLVM's default AArch64 disassembler.
        assert_eq!(ops(0x5400_0030), None);
    }

    #[test]
    fn pc_relative_addresses() {
        // LDR x0 / q1 (literal), PRFM (literal): imm19 is operand 1.
        assert_eq!(ops(0x58ff_ffe0), Some(vec![r("X0"), i(-1)]));
        assert_eq!(ops(0x9c00_0041), Some(vec![r("Q1"), i(2)]));
        assert_eq!(ops(0xd800_0041), Some(vec![i(1), i(2)]));
        // ADR: bytes; ADRP: pages, 21 bits signed.
        assert_eq!(ops(0x10ff_ffe0), Some(vec![r("X0"), i(-4)]));
        assert_eq!(ops(0x7000_0000), Some(vec![r("X0"), i(3)]));
        assert_eq!(ops(0xf0ff_fff0), Some(vec![r("X16"), i(-1)]));
        assert_eq!(ops(0x9080_0010), Some(vec![r("X16"), i(-0x10_0000)]));
    }

    #[test]
    fn immediates() {
        // add x0, sp, #0x123, lsl #12: imm12 operand 2, shift operand 3.
        assert_eq!(
            ops(0x9144_8fe0),
            Some(vec![r("X0"), r("SP"), i(0x123), i(12)])
        );
        // subs w0, w1, #1; cmp x1, #5 (subs xzr).
        assert_eq!(ops(0x7100_0420), Some(vec![r("W0"), r("W1"), i(1), i(0)]));
        assert_eq!(ops(0xf100_143f), Some(vec![r("XZR"), r("X1"), i(5), i(0)]));
        // ldr x0, [x1, #0x7ff8]; ldrsh w0, [x1, #2]; str q0, [x1, #0xfff0]; ldr d0, [x1, #8]:
        // the scaled imm12 is operand 2.
        assert_eq!(ops(0xf97f_fc20), Some(vec![r("X0"), r("X1"), i(0xfff)]));
        assert_eq!(ops(0x79c0_0420), Some(vec![r("W0"), r("X1"), i(1)]));
        assert_eq!(ops(0x3dbf_fc20), Some(vec![r("Q0"), r("X1"), i(0xfff)]));
        assert_eq!(ops(0xfd40_0420), Some(vec![r("D0"), r("X1"), i(1)]));
        // prfm pldl1keep, [x1, #8]: the prefetch operation is an immediate operand 0.
        assert_eq!(ops(0xf980_0420), Some(vec![i(0), r("X1"), i(1)]));
        // movz x0, #0x1234, lsl #48; movn x0, #0x1234, lsl #32; movk w0, #0xbeef (tied).
        assert_eq!(ops(0xd2e2_4680), Some(vec![r("X0"), i(0x1234), i(48)]));
        assert_eq!(ops(0x92c2_4680), Some(vec![r("X0"), i(0x1234), i(32)]));
        assert_eq!(
            ops(0x7297_dde0),
            Some(vec![r("W0"), r("W0"), i(0xbeef), i(0)])
        );
    }

    #[test]
    fn other_instructions_have_a_length_only() {
        // ret
        assert_eq!(ops(0xd65f_03c0), None);
        // Unallocated encodings of modelled classes: movz w0 with hw = 2, ldr (literal) opc 11
        // with V = 1, add (immediate) with bit 23 set.
        assert_eq!(ops(0x52c0_0000), None);
        assert_eq!(ops(0xdc00_0041), None);
        assert_eq!(ops(0x1180_0000), None);
        assert!(decode(&[0x1f, 0x20, 0x03]).is_err());
    }
}
