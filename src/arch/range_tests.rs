//! Every narrow field at exactly the bounds of its range: the last value in range is written,
//! the first one past it (by the field's step) is an error, at both ends. Widening or
//! narrowing any check by one bit fails these tests.

use super::aarch64::{self, AARCH64};
use super::x86_64::{self, X86_64};
use super::*;

/// How a kind's value is made from the test's `value`: S itself (absolute kinds), or S - P
/// (PC-relative kinds, P fixed), or Page(S) - Page(P).
#[derive(Clone, Copy)]
enum Value {
    Absolute,
    Relative,
}

/// (kind, value form, lowest in range, highest in range, step, the instruction or field it
/// patches)
type Case = (EdgeKind, Value, i64, i64, i64, u32);

const P: u64 = 0x4000_0000_0000;

fn values(form: Value, value: i64) -> FixupValues {
    FixupValues {
        s: match form {
            Value::Absolute => value as u64,
            Value::Relative => P.wrapping_add(value as u64),
        },
        a: 0,
        p: P,
        z: 0,
        got: 0,
        stub: None,
        tls: None,
    }
}

fn check(arch: &dyn Arch, cases: &[Case]) {
    for &(kind, form, lo, hi, step, insn) in cases {
        let name = kind_name(arch, kind);
        let attempt = |value: i64| {
            let mut buf = [0u8; 16];
            buf[4..8].copy_from_slice(&insn.to_le_bytes());
            apply(arch, kind, &mut buf, 4, &values(form, value))
        };
        for ok in [lo, hi] {
            assert!(attempt(ok).is_ok(), "{name}: {ok:#x} is in range");
        }
        for bad in [lo - step, hi + step] {
            let e = attempt(bad).expect_err(&format!("{name}: {bad:#x} is out of range"));
            assert!(
                matches!(e, FixupError::OutOfRange { .. }),
                "{name}: {bad:#x}: {e}"
            );
        }
    }
}

#[test]
fn x86_64_fields_at_their_bounds() {
    use Value::*;
    check(
        &X86_64,
        &[
            (x86_64::DELTA8, Relative, -128, 127, 1, 0),
            (x86_64::DELTA16, Relative, -32768, 32767, 1, 0),
            (x86_64::POINTER8, Absolute, -128, 255, 1, 0),
            (x86_64::POINTER16, Absolute, -32768, 65535, 1, 0),
            (
                x86_64::POINTER32_SIGNED,
                Absolute,
                -(1 << 31),
                (1 << 31) - 1,
                1,
                0,
            ),
            (x86_64::BRANCH32, Relative, -(1 << 31), (1 << 31) - 1, 1, 0),
            (DELTA32, Relative, -(1 << 31), (1 << 31) - 1, 1, 0),
            (POINTER32, Absolute, 0, (1 << 32) - 1, 1, 0),
        ],
    );
}

#[test]
fn aarch64_immediates_at_their_bounds() {
    use Value::*;
    check(
        &AARCH64,
        &[
            // b: imm26 words.
            (
                aarch64::BRANCH26,
                Relative,
                -(1 << 27),
                (1 << 27) - 4,
                4,
                0x1400_0000,
            ),
            // b.eq: imm19 words.
            (
                aarch64::CONDBR19,
                Relative,
                -(1 << 20),
                (1 << 20) - 4,
                4,
                0x5400_0000,
            ),
            // tbz w0, #0: imm14 words.
            (
                aarch64::TSTBR14,
                Relative,
                -(1 << 15),
                (1 << 15) - 4,
                4,
                0x3600_0000,
            ),
            // ldr x0, literal: imm19 words.
            (
                aarch64::LDR_LITERAL19,
                Relative,
                -(1 << 20),
                (1 << 20) - 4,
                4,
                0x5800_0000,
            ),
            // adr x0: 21 bits of bytes.
            (
                aarch64::ADR21,
                Relative,
                -(1 << 20),
                (1 << 20) - 1,
                1,
                0x1000_0000,
            ),
            // adrp x0: 21 bits of pages (P is page-aligned).
            (
                aarch64::PAGE21,
                Relative,
                -(1 << 32),
                (1 << 32) - 4096,
                4096,
                0x9000_0000,
            ),
        ],
    );
}
