//! x86-64: iced-x86 decodes, and its operands are mapped onto LLVM MC's numbering.
//!
//! The differences between the two operand models, each checked with
//! `llvm-mc -disassemble -show-inst` and llvm-jitlink's `decode_operand`:
//!
//! * A memory operand is five LLVM operands: base register, scale (an immediate, 1 without an
//!   index), index register, displacement (the encoded value, also for RIP-relative operands)
//!   and segment override register. `moffs` operands (`movabs 0x1000, %eax`) are two:
//!   the address and the segment.
//! * A register destination that is also read (`add $1, %eax`, `shl $3, %eax`, `imul %ecx, %eax`)
//!   appears twice: the destination and its tied source.
//! * Registers implied by the opcode are not operands: the accumulator of the short ALU/`test`
//!   forms (`add $imm, %eax` encoded `05 id` has one operand) and of `moffs` moves, `%cl` of
//!   shift-by-CL and the `1` of shift-by-one.
//! * `jcc`, `setcc` and `cmovcc` end with the condition code (0 = o … 15 = g, the low nibble of
//!   the opcode).
//! * Branches carry the encoded displacement (relative to the next instruction), not the
//!   absolute target.
//! * Every immediate is sign-extended from its encoded size, except the unsigned 8-bit ones
//!   (shift and rotate counts, `int`, `enter`'s nesting level, SSE/AVX selector bytes).

use iced_x86::{
    ConditionCode, Decoder, DecoderOptions, Formatter, GasFormatter, InstructionInfoFactory,
    OpAccess, OpKind, Register,
};

use super::{Instruction, Operand};
use crate::error::{Error, Result};

/// Decodes the instruction at the start of `bytes` (64-bit mode).
pub fn decode(bytes: &[u8]) -> Result<Instruction> {
    let mut decoder = Decoder::with_ip(64, bytes, 0, DecoderOptions::NONE);
    let instr = decoder.decode();
    if instr.is_invalid() {
        return Err(Error::new("invalid or truncated x86-64 instruction"));
    }
    let len = instr.len();
    let consts = decoder.get_constant_offsets(&instr);
    // The raw constant of `size` bytes at `offset`, sign-extended.
    let raw = |offset: usize, size: usize| -> i64 {
        let Some(b) = bytes.get(offset..offset + size) else {
            return 0;
        };
        match size {
            1 => b[0] as i8 as i64,
            2 => i16::from_le_bytes([b[0], b[1]]) as i64,
            4 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            8 => i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
            _ => 0,
        }
    };

    let mut text = String::new();
    let mut formatter = GasFormatter::new();
    formatter.options_mut().set_rip_relative_addresses(true);
    formatter.options_mut().set_uppercase_hex(false);
    formatter
        .options_mut()
        .set_space_after_operand_separator(true);
    formatter.format(&instr, &mut text);

    let code = format!("{:?}", instr.code());
    let mnemonic = format!("{:?}", instr.mnemonic());
    // iced names each code `Mnemonic_op0_op1...`; a token naming a fixed register (or `1`) marks
    // an operand LLVM leaves implicit.
    let tokens: Vec<&str> = code.split('_').skip(1).collect();
    let implicit = |i: u32| -> bool {
        let Some(tok) = tokens.get(i as usize) else {
            return false;
        };
        match instr.op_kind(i) {
            OpKind::Register => {
                matches!(*tok, "AL" | "AX" | "EAX" | "RAX" | "CL" | "DX")
                    && format!("{:?}", instr.op_register(i)) == *tok
            }
            OpKind::Immediate8 => *tok == "1" && instr.immediate8() == 1,
            _ => false,
        }
    };

    let mut ops = Vec::new();
    let mut info = InstructionInfoFactory::new();
    let mut access0 = info.info(&instr).op_access(0);
    // iced reports zero idioms (`xor %eax, %eax`) as a pure write; LLVM still ties the operand.
    if instr.op_count() == 2
        && instr.op_kind(0) == OpKind::Register
        && instr.op_kind(1) == OpKind::Register
        && instr.op_register(0) == instr.op_register(1)
        && access0 == OpAccess::Write
    {
        access0 = OpAccess::ReadWrite;
    }
    // `cmpxchg` writes its first operand only conditionally and LLVM has no tied source for it.
    if mnemonic.starts_with("Cmpxchg") {
        access0 = OpAccess::Read;
    }
    // `xchg`/`xadd` between two registers are four LLVM operands (two outputs tied to two
    // inputs); with memory the register comes first, twice.
    let swaps = (mnemonic == "Xchg" || mnemonic == "Xadd")
        && !tokens.iter().any(|t| matches!(*t, "AX" | "EAX" | "RAX"));
    let mut mem_last = false;
    if swaps && instr.op_count() == 2 && instr.op_kind(1) == OpKind::Register {
        let b = reg(instr.op_register(1));
        if instr.op_kind(0) == OpKind::Register {
            let a = reg(instr.op_register(0));
            return Ok(Instruction {
                len,
                text,
                operands: Some(vec![a.clone(), b.clone(), a, b]),
            });
        }
        mem_last = true;
    }
    for i in 0..instr.op_count() {
        if implicit(i) {
            continue;
        }
        match instr.op_kind(i) {
            OpKind::Register => {
                let r = reg(instr.op_register(i));
                if i == 0
                    && matches!(
                        access0,
                        OpAccess::ReadWrite | OpAccess::ReadCondWrite | OpAccess::CondWrite
                    )
                {
                    ops.push(r.clone());
                }
                ops.push(r);
            }
            OpKind::Memory if code.contains("moffs") => {
                // The address is not sign-extended (`movabsl 0x80000000, %eax` with an address-size
                // prefix has operand 0x80000000).
                let size = consts.displacement_size();
                let v = raw(consts.displacement_offset(), size);
                let v = if size < 8 {
                    v & ((1i64 << (size * 8)) - 1)
                } else {
                    v
                };
                ops.push(Operand::Imm(v));
                ops.push(reg(instr.segment_prefix()));
            }
            OpKind::Memory => {
                ops.push(reg(instr.memory_base()));
                ops.push(Operand::Imm(instr.memory_index_scale() as i64));
                ops.push(reg(instr.memory_index()));
                ops.push(Operand::Imm(if consts.displacement_size() == 0 {
                    0
                } else {
                    raw(consts.displacement_offset(), consts.displacement_size())
                }));
                ops.push(reg(instr.segment_prefix()));
            }
            OpKind::NearBranch16 | OpKind::NearBranch32 | OpKind::NearBranch64 => {
                ops.push(Operand::Imm(raw(
                    consts.immediate_offset(),
                    consts.immediate_size(),
                )));
            }
            OpKind::Immediate8_2nd => {
                // `enter`'s nesting level is an `i8imm`.
                ops.push(Operand::Imm(instr.immediate8_2nd() as i8 as i64));
            }
            kind @ (OpKind::Immediate8
            | OpKind::Immediate8to16
            | OpKind::Immediate8to32
            | OpKind::Immediate8to64
            | OpKind::Immediate16
            | OpKind::Immediate32
            | OpKind::Immediate32to64
            | OpKind::Immediate64) => ops.push(Operand::Imm(immediate(&instr, kind, &mnemonic))),
            // String instructions: LLVM's destination index is the register, its source index
            // the register and the segment override.
            OpKind::MemoryESRDI | OpKind::MemoryESEDI | OpKind::MemoryESDI => {
                ops.push(reg(match instr.op_kind(i) {
                    OpKind::MemoryESRDI => Register::RDI,
                    OpKind::MemoryESEDI => Register::EDI,
                    _ => Register::DI,
                }));
            }
            OpKind::MemorySegRSI | OpKind::MemorySegESI | OpKind::MemorySegSI => {
                ops.push(reg(match instr.op_kind(i) {
                    OpKind::MemorySegRSI => Register::RSI,
                    OpKind::MemorySegESI => Register::ESI,
                    _ => Register::SI,
                }));
                ops.push(reg(instr.segment_prefix()));
            }
            // Anything else (far branches, MVEX/EVEX specials): no relocated immediate.
            _ => ops.push(Operand::Reg(format!("{:?}", instr.op_kind(i)))),
        }
    }
    if mem_last && ops.len() == 6 {
        // `xchg`/`xadd` with memory: LLVM's XCHG*rm/XADD*rm are (dst, val, mem), dst tied to val.
        let r = ops.pop().unwrap_or(Operand::Reg(String::new()));
        ops.insert(0, r.clone());
        ops.insert(0, r);
    }
    if instr.condition_code() != ConditionCode::None
        && (mnemonic.starts_with('J')
            || mnemonic.starts_with("Set")
            || mnemonic.starts_with("Cmov"))
    {
        ops.push(Operand::Imm(instr.condition_code() as i64 - 1));
    }
    Ok(Instruction {
        len,
        text,
        operands: Some(ops),
    })
}

fn reg(r: Register) -> Operand {
    if r == Register::None {
        Operand::Reg(String::new())
    } else {
        Operand::Reg(format!("{r:?}"))
    }
}

/// An immediate as LLVM's disassembler extends it to 64 bits. It sign-extends the `IB`, `IW`
/// and `ID` encodings (`i8imm`, `i32i8imm`, `i64i32imm`, and `i16imm` without an operand-size
/// prefix) but not the operand-size-dependent `Iv` one (`i16imm`/`i32imm` of the 16- and 32-bit
/// forms: `movl $0x80000000, %ecx` has operand 0x80000000) nor `u8imm` (shift counts, `int`,
/// `bt`, `in`/`out`, SSE/AVX selectors).
fn immediate(instr: &iced_x86::Instruction, kind: OpKind, mnemonic: &str) -> i64 {
    match kind {
        // `i8imm` of the 8-bit ALU and move forms; everything else with a plain imm8 is `u8imm`.
        OpKind::Immediate8 => {
            let signed = matches!(
                mnemonic,
                "Add" | "Or" | "Adc" | "Sbb" | "And" | "Sub" | "Xor" | "Cmp" | "Test" | "Mov"
            );
            if signed {
                instr.immediate8() as i8 as i64
            } else {
                instr.immediate8() as i64
            }
        }
        OpKind::Immediate8to16 | OpKind::Immediate8to32 | OpKind::Immediate8to64 => {
            instr.immediate8() as i8 as i64
        }
        // `ret`/`enter` take an `i16imm` without an operand-size prefix (`IW`, signed); the
        // 16-bit forms of everything else are `Iv`.
        OpKind::Immediate16 => {
            if matches!(mnemonic, "Ret" | "Retf" | "Enter") {
                instr.immediate16() as i16 as i64
            } else {
                instr.immediate16() as i64
            }
        }
        OpKind::Immediate32 => instr.immediate32() as i64,
        OpKind::Immediate32to64 => instr.immediate32() as i32 as i64,
        OpKind::Immediate64 => instr.immediate64() as i64,
        _ => 0,
    }
}

/// The RIP-relative 32-bit displacement fields of the instructions in `code` (decoded from its
/// start, `code` at offset 0): (field offset, instruction end, target offset), all relative to
/// the start of `code`. Decoding stops at the first invalid instruction.
pub fn rip_relative_fields(code: &[u8]) -> Vec<(u64, u64, i64)> {
    let mut decoder = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut out = Vec::new();
    while decoder.can_decode() {
        let instr = decoder.decode();
        if instr.is_invalid() {
            break;
        }
        if instr.is_ip_rel_memory_operand() {
            let consts = decoder.get_constant_offsets(&instr);
            if consts.has_displacement() && consts.displacement_size() == 4 {
                let field = instr.ip() + consts.displacement_offset() as u64;
                out.push((field, instr.next_ip(), instr.ip_rel_memory_address() as i64));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Bytes from `llvm-mc-22 -show-encoding`; expected operands from
    //! `llvm-mc-22 -disassemble -show-inst`, and the immediates confirmed with llvm-jitlink-22's
    //! `decode_operand`.

    use super::*;

    fn r(name: &str) -> Operand {
        Operand::Reg(name.to_string())
    }
    fn i(v: i64) -> Operand {
        Operand::Imm(v)
    }
    fn none() -> Operand {
        Operand::Reg(String::new())
    }
    fn check(bytes: &[u8], len: usize, expected: &[Operand]) {
        let insn = decode(bytes).unwrap();
        assert_eq!(insn.len, len, "{insn}");
        assert_eq!(insn.operands.as_deref(), Some(expected), "{insn}");
    }

    #[test]
    fn memory_operands_are_five() {
        // MOV32rm: movl 0x12345678(%rip), %eax; the displacement is operand 4.
        check(
            &[0x8b, 0x05, 0x78, 0x56, 0x34, 0x12],
            6,
            &[r("EAX"), r("RIP"), i(1), none(), i(0x12345678), none()],
        );
        // LEA64r: leaq -0x200000(%rip), %rcx: sign-extended.
        check(
            &[0x48, 0x8d, 0x0d, 0x00, 0x00, 0xe0, 0xff],
            7,
            &[r("RCX"), r("RIP"), i(1), none(), i(-0x200000), none()],
        );
        // MOV32rm: movl 0x1000(,%rcx,4), %eax
        check(
            &[0x8b, 0x04, 0x8d, 0x00, 0x10, 0x00, 0x00],
            7,
            &[r("EAX"), none(), i(4), r("RCX"), i(0x1000), none()],
        );
        // MOV32rm: movl %fs:0x10, %eax: the segment is operand 5.
        check(
            &[0x64, 0x8b, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00],
            8,
            &[r("EAX"), none(), i(1), none(), i(0x10), r("FS")],
        );
        // MOV32ao64: movabsl 0x1234, %eax: address and segment only.
        check(
            &[0xa1, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
            9,
            &[i(0x1234), none()],
        );
    }

    #[test]
    fn tied_sources_and_implicit_registers() {
        // ADD32rm: addl 0x10(%rip), %eax: dst, tied src, memory.
        check(
            &[0x03, 0x05, 0x10, 0x00, 0x00, 0x00],
            6,
            &[r("EAX"), r("EAX"), r("RIP"), i(1), none(), i(0x10), none()],
        );
        // ADD32i32: addl $0x12345, %eax: the accumulator is implicit.
        check(&[0x05, 0x45, 0x23, 0x01, 0x00], 5, &[i(0x12345)]);
        // SHL32rCL: shll %cl, %eax
        check(&[0xd3, 0xe0], 2, &[r("EAX"), r("EAX")]);
        // XOR32rr: xorl %eax, %eax (a zero idiom, still tied)
        check(&[0x31, 0xc0], 2, &[r("EAX"), r("EAX"), r("EAX")]);
        // CMOV64rm: cmoveq 0x10(%rip), %rax: the condition code comes last.
        check(
            &[0x48, 0x0f, 0x44, 0x05, 0x10, 0x00, 0x00, 0x00],
            8,
            &[
                r("RAX"),
                r("RAX"),
                r("RIP"),
                i(1),
                none(),
                i(0x10),
                none(),
                i(4),
            ],
        );
    }

    #[test]
    fn immediates_extend_like_llvm() {
        // CMP32mi8: cmpl $0x7f, 0x10(%rip): memory 0-4, imm 5.
        check(
            &[0x83, 0x3d, 0x10, 0x00, 0x00, 0x00, 0x7f],
            7,
            &[r("RIP"), i(1), none(), i(0x10), none(), i(0x7f)],
        );
        // TEST8mi: testb $0x80, 0x10(%rip): i8imm is sign-extended.
        check(
            &[0xf6, 0x05, 0x10, 0x00, 0x00, 0x00, 0x80],
            7,
            &[r("RIP"), i(1), none(), i(0x10), none(), i(-0x80)],
        );
        // IMUL32rmi8: imull $-3, 0x10(%rip), %eax
        check(
            &[0x6b, 0x05, 0x10, 0x00, 0x00, 0x00, 0xfd],
            7,
            &[r("EAX"), r("RIP"), i(1), none(), i(0x10), none(), i(-3)],
        );
        // MOV64ri: movabsq $0x123456789abcdef0, %rax: operand 1.
        check(
            &[0x48, 0xb8, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12],
            10,
            &[r("RAX"), i(0x123456789abcdef0)],
        );
        // MOV32ri: movl $0x80000000, %ecx: i32imm is not sign-extended.
        check(
            &[0xb9, 0x00, 0x00, 0x00, 0x80],
            5,
            &[r("ECX"), i(0x80000000)],
        );
        // MOV64ri32: movq $-5, %rax: i64i32imm is.
        check(
            &[0x48, 0xc7, 0xc0, 0xfb, 0xff, 0xff, 0xff],
            7,
            &[r("RAX"), i(-5)],
        );
        // PUSH64i8: pushq $-5
        check(&[0x6a, 0xfb], 2, &[i(-5)]);
        // ROR32ri: rorl $0x80, %eax: u8imm is not.
        check(&[0xc1, 0xc8, 0x80], 3, &[r("EAX"), r("EAX"), i(0x80)]);
    }

    #[test]
    fn branches_carry_the_displacement() {
        // CALL64pcrel32 with rel32 -0x200000 (llvm-jitlink: 0xffffffffffe00000).
        check(&[0xe8, 0x00, 0x00, 0xe0, 0xff], 5, &[i(-0x200000)]);
        // JMP_4, JMP_1
        check(&[0xe9, 0xf0, 0xff, 0xff, 0xff], 5, &[i(-16)]);
        check(&[0xeb, 0xfe], 2, &[i(-2)]);
        // JCC_1 jne +0x10, JCC_4 jg: rel then condition code.
        check(&[0x75, 0x10], 2, &[i(0x10), i(5)]);
        check(
            &[0x0f, 0x8f, 0x00, 0x01, 0x00, 0x80],
            6,
            &[i(-0x7fffff00), i(15)],
        );
    }

    #[test]
    fn bad_bytes_are_errors() {
        assert!(decode(&[]).is_err());
        // A truncated call.
        assert!(decode(&[0xe8, 0x00, 0x00]).is_err());
        assert!(decode(&[0x0f, 0x0b]).is_ok()); // ud2
        assert!(decode(&[0x06]).is_err()); // push %es: invalid in 64-bit mode
    }
}
