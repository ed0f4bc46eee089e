//! One-instruction decoders for the `-check` builtins `decode_operand` and `next_pc`.
//!
//! llvm-jitlink answers those with the target's MC disassembler, so check files number operands
//! the way LLVM's `MCInst` does. The decoders here give an instruction's length and its operands
//! in that numbering:
//!
//! * x86-64 ([`x86_64`]): decoded with iced-x86, whose operand model is mapped onto LLVM's
//!   (memory is five operands `base, scale, index, disp, segment`; a read-modify-write register
//!   destination also appears as its tied source; accumulator forms and shift-by-CL/1 have no
//!   operand for the implicit register; `jcc`/`setcc`/`cmovcc` end with the condition code;
//!   branch and RIP-relative displacements are the encoded values, not absolute targets).
//! * AArch64 ([`aarch64`]): a small table of the instruction classes relocations patch, with
//!   each field at LLVM's operand index.
//!
//! Immediates are sign-extended to 64 bits, as LLVM's disassemblers do.

pub mod aarch64;
pub mod x86_64;

use std::fmt;

use crate::error::{Error, Result};

/// One operand of a decoded instruction, in LLVM MC numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// A register; empty for "no register" (an absent memory base, index or segment).
    Reg(String),
    /// An immediate, sign-extended to 64 bits.
    Imm(i64),
}

/// A decoded instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Length in bytes.
    pub len: usize,
    /// A name for messages: the assembly text.
    pub text: String,
    /// The operands in LLVM MC numbering; `None` when the decoder knows the instruction's length
    /// but not its operand layout (AArch64 instructions outside the modelled classes).
    pub operands: Option<Vec<Operand>>,
}

impl Instruction {
    /// Operand `index` as an immediate, with llvm-jitlink's error messages (`what` names the
    /// instruction's place, e.g. the symbol).
    pub fn immediate(&self, index: u64, what: &str) -> Result<i64> {
        let Some(ops) = &self.operands else {
            return Err(Error::new(format!(
                "operands of instruction '{what}' are not modelled by this decoder.\nInstruction is:\n  {self}"
            )));
        };
        match usize::try_from(index).ok().and_then(|i| ops.get(i)) {
            None => Err(Error::new(format!(
                "Invalid operand index '{index}' for instruction '{what}'. Instruction has only {} operands.\nInstruction is:\n  {self}",
                ops.len()
            ))),
            Some(Operand::Imm(v)) => Ok(*v),
            Some(Operand::Reg(_)) => Err(Error::new(format!(
                "Operand '{index}' of instruction '{what}' is not an immediate.\nInstruction is:\n  {self}"
            ))),
        }
    }
}

impl fmt::Display for Instruction {
    /// `<text <Reg:eax> <Imm:5>>`, after LLVM's `MCInst::dump_pretty`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}", self.text)?;
        for op in self.operands.iter().flatten() {
            match op {
                Operand::Reg(r) => write!(f, " <Reg:{r}>")?,
                Operand::Imm(v) => write!(f, " <Imm:{v}>")?,
            }
        }
        f.write_str(">")
    }
}

/// Decodes the instruction at the start of `bytes` for `arch` ("x86_64" or "aarch64").
pub fn decode(arch: &str, bytes: &[u8]) -> Result<Instruction> {
    match arch {
        "x86_64" => x86_64::decode(bytes),
        // A64 instructions are little-endian in big-endian (BE8) code too.
        "aarch64" | "aarch64_be" => aarch64::decode(bytes),
        _ => Err(Error::new(format!(
            "no instruction decoder for architecture {arch}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operand_errors_name_the_instruction() {
        // movl 0x10(%rip), %eax
        let insn = decode("x86_64", &[0x8b, 0x05, 0x10, 0x00, 0x00, 0x00]).unwrap();
        assert_eq!(insn.immediate(4, "f"), Ok(0x10));
        let e = insn.immediate(0, "f").unwrap_err();
        assert!(e
            .message()
            .starts_with("Operand '0' of instruction 'f' is not an immediate."));
        let e = insn.immediate(6, "f").unwrap_err();
        assert!(e.message().starts_with(
            "Invalid operand index '6' for instruction 'f'. Instruction has only 6 operands."
        ));
        assert!(decode("riscv64", &[0; 4]).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A xorshift stream, decoded at every offset and every truncation.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        for arch in ["x86_64", "aarch64"] {
            for start in 0..bytes.len() {
                for end in start..(start + 16).min(bytes.len()) {
                    if let Ok(insn) = decode(arch, &bytes[start..end]) {
                        assert!(insn.len <= end - start);
                    }
                }
            }
        }
    }
}
