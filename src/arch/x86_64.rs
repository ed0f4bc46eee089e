//! x86-64: edge kinds, the ELF relocation table, GOT entries, stubs and GOT-load relaxation.
//!
//! Formulas use the psABI's names (System V AMD64 psABI, "Relocation Types"): S, A, P, Z, GOT
//! and G (the address of the target's GOT entry, which the GOT pass turns into S by pointing the
//! edge at the entry).

use super::{
    check_signed, check_signed_or_unsigned, check_unsigned, read_le, write_le, Arch, EdgeKind,
    ElfRelocs, FixupError, FixupValues, ForwardTo, Forwarder, GotRequest, TlsEntry, DELTA32,
    DELTA64, FIRST_ARCH_KIND, POINTER32, POINTER64, TLS_DTPMOD64, TLS_DTPOFF32, TLS_DTPOFF64,
    TLS_TPOFF32, TLS_TPOFF64,
};
use object::elf;

pub struct X86_64Arch;
pub static X86_64: X86_64Arch = X86_64Arch;

const fn kind(n: u8) -> EdgeKind {
    EdgeKind(FIRST_ARCH_KIND + n)
}

/// `S + A`, must fit a signed 32-bit field (`R_X86_64_32S`).
pub const POINTER32_SIGNED: EdgeKind = kind(0);
/// `S + A`, 16 bits, signed or unsigned.
pub const POINTER16: EdgeKind = kind(1);
/// `S + A`, 8 bits, signed or unsigned.
pub const POINTER8: EdgeKind = kind(2);
/// `S + A - P`, 16 bits signed.
pub const DELTA16: EdgeKind = kind(3);
/// `S + A - P`, 8 bits signed.
pub const DELTA8: EdgeKind = kind(4);
/// `L + A - P` (`R_X86_64_PLT32`): a call or jump; L is S when in range, else S's stub.
pub const BRANCH32: EdgeKind = kind(5);
/// `G + A - P` (`R_X86_64_GOTPCREL`); becomes Delta32 to the GOT entry.
pub const GOTPCREL32: EdgeKind = kind(6);
/// `G + A - P` (`R_X86_64_GOTPCRELX`): a `mov`, `call *` or `jmp *` through the GOT that may be
/// rewritten to address S directly.
pub const GOTPCREL32_RELAXABLE: EdgeKind = kind(7);
/// `G + A - P` (`R_X86_64_REX_GOTPCRELX`): a REX-prefixed `mov` through the GOT.
pub const GOTPCREL32_REX_RELAXABLE: EdgeKind = kind(8);
/// `G + A - P`, 64 bits (`R_X86_64_GOTPCREL64`); becomes Delta64 to the GOT entry.
pub const GOTPCREL64: EdgeKind = kind(9);
/// `G + A - GOT`, 64 bits (`R_X86_64_GOT64`); becomes GotOffset64 to the GOT entry.
pub const GOT64: EdgeKind = kind(10);
/// `S + A - GOT`, 64 bits (`R_X86_64_GOTOFF64`).
pub const GOT_OFFSET64: EdgeKind = kind(11);
/// `Z + A`, unsigned 32 bits (`R_X86_64_SIZE32`).
pub const SIZE32: EdgeKind = kind(12);
/// `Z + A`, 64 bits (`R_X86_64_SIZE64`).
pub const SIZE64: EdgeKind = kind(13);
/// A relaxed `mov foo@GOTPCREL(%rip), %r`: opcode 0x8b at P-2 becomes `lea` (0x8d); `S + A - P`.
pub const RELAXED_LEA: EdgeKind = kind(14);
/// A relaxed `call *foo@GOTPCREL(%rip)` (ff 15): becomes `addr32 call` (67 e8); `S + A - P`.
pub const RELAXED_CALL: EdgeKind = kind(15);
/// A relaxed `jmp *foo@GOTPCREL(%rip)` (ff 25): becomes `jmp rel32; nop` (e9 .. 90); the rel32
/// moves to P-1 and ends at P+3, so it holds `S + A - P + 1`.
pub const RELAXED_JMP: EdgeKind = kind(16);

/// `G + A - P` (`R_X86_64_GOTTPOFF`, initial-exec): G is a GOT entry holding TPOFF(S).
/// Relaxed to [`TPOFF32_FROM_GOTTPOFF`] when S is in the link.
pub const GOTTPOFF: EdgeKind = kind(17);
/// A relaxed initial-exec load, as GNU ld relaxes it for executables: `movq x@gottpoff(%rip),
/// %r` becomes `movq $TPOFF(S), %r` (REX 48/4c 8b -> 48/49 c7 c0+r) and `addq ..., %r` becomes
/// `addq $TPOFF(S), %r` (03 -> 81 c0+r); the field holds `TPOFF(S)` (signed 32 bits).
pub const TPOFF32_FROM_GOTTPOFF: EdgeKind = kind(18);
/// `G + A - P` (`R_X86_64_TLSGD`, general-dynamic): G is a `tls_index` {module, offset} for S,
/// passed to the link's `__tls_get_addr`.
pub const TLSGD: EdgeKind = kind(19);
/// `G + A - P` (`R_X86_64_TLSLD`, local-dynamic): G is the link's module `tls_index`.
pub const TLSLD: EdgeKind = kind(20);
/// `G + A - P` (`R_X86_64_GOTPC32_TLSDESC`, gnu2 dialect): G is a TLS descriptor for S, whose
/// resolver returns TPOFF(S) in %rax (`R_X86_64_TLSDESC_CALL` on the `call *` needs no fixup).
pub const GOTPC32_TLSDESC: EdgeKind = kind(21);

/// `L + A - GOT`, 64 bits (`R_X86_64_PLTOFF64`, large code model calls): L is S's stub when S
/// has one (outside the link), else S.
pub const PLTOFF64: EdgeKind = kind(22);

/// A `mov foo@GOTPCREL(%rip), %r` (REX or not) against a target outside the link: when
/// `S + A - P` fits 32 bits it becomes [`RELAXED_LEA`]; else it stays a load through S's GOT
/// entry G (`G + A - P`), which the GOT pass made for this.
pub const LEA_OR_GOT_LOAD: EdgeKind = kind(23);
/// `call *foo@GOTPCREL(%rip)` against a target outside the link: [`RELAXED_CALL`] in reach,
/// else through the GOT entry (`G + A - P`).
pub const CALL_OR_GOT_CALL: EdgeKind = kind(24);
/// `jmp *foo@GOTPCREL(%rip)` against a target outside the link: [`RELAXED_JMP`] in reach,
/// else through the GOT entry (`G + A - P`).
pub const JMP_OR_GOT_JMP: EdgeKind = kind(25);

const NAMES: [&str; 26] = [
    "Pointer32Signed",
    "Pointer16",
    "Pointer8",
    "Delta16",
    "Delta8",
    "BranchPCRel32",
    "RequestGOTAndTransformToDelta32",
    "RequestGOTAndTransformToPCRel32GOTLoadRelaxable",
    "RequestGOTAndTransformToPCRel32GOTLoadREXRelaxable",
    "RequestGOTAndTransformToDelta64",
    "RequestGOTAndTransformToDelta64FromGOT",
    "Delta64FromGOT",
    "Size32",
    "Size64",
    "PCRel32GOTLoadRelaxedToLea",
    "PCRel32GOTLoadRelaxedToCall",
    "PCRel32GOTLoadRelaxedToJmp",
    "RequestTLSGOTAndTransformToDelta32",
    "TPOff32RelaxedFromGOTTPOff",
    "RequestTLSIndexAndTransformToDelta32",
    "RequestTLSModuleIndexAndTransformToDelta32",
    "RequestTLSDescInGOTAndTransformToDelta32",
    "PLTOffset64",
    "PCRel32GOTLoadRelaxableToLeaOrGOT",
    "PCRel32GOTLoadRelaxableToCallOrGOT",
    "PCRel32GOTLoadRelaxableToJmpOrGOT",
];

/// ELF relocation types: name, and the edge kind for the supported ones.
const ELF_RELOCS: &[(u32, &str, Option<EdgeKind>)] = &[
    (elf::R_X86_64_NONE, "R_X86_64_NONE", None),
    (elf::R_X86_64_64, "R_X86_64_64", Some(POINTER64)),
    (elf::R_X86_64_PC32, "R_X86_64_PC32", Some(DELTA32)),
    (elf::R_X86_64_GOT32, "R_X86_64_GOT32", None),
    (elf::R_X86_64_PLT32, "R_X86_64_PLT32", Some(BRANCH32)),
    (elf::R_X86_64_COPY, "R_X86_64_COPY", None),
    (elf::R_X86_64_GLOB_DAT, "R_X86_64_GLOB_DAT", None),
    (elf::R_X86_64_JUMP_SLOT, "R_X86_64_JUMP_SLOT", None),
    (elf::R_X86_64_RELATIVE, "R_X86_64_RELATIVE", None),
    (
        elf::R_X86_64_GOTPCREL,
        "R_X86_64_GOTPCREL",
        Some(GOTPCREL32),
    ),
    (elf::R_X86_64_32, "R_X86_64_32", Some(POINTER32)),
    (elf::R_X86_64_32S, "R_X86_64_32S", Some(POINTER32_SIGNED)),
    (elf::R_X86_64_16, "R_X86_64_16", Some(POINTER16)),
    (elf::R_X86_64_PC16, "R_X86_64_PC16", Some(DELTA16)),
    (elf::R_X86_64_8, "R_X86_64_8", Some(POINTER8)),
    (elf::R_X86_64_PC8, "R_X86_64_PC8", Some(DELTA8)),
    (
        elf::R_X86_64_DTPMOD64,
        "R_X86_64_DTPMOD64",
        Some(TLS_DTPMOD64),
    ),
    (
        elf::R_X86_64_DTPOFF64,
        "R_X86_64_DTPOFF64",
        Some(TLS_DTPOFF64),
    ),
    (elf::R_X86_64_TPOFF64, "R_X86_64_TPOFF64", Some(TLS_TPOFF64)),
    (elf::R_X86_64_TLSGD, "R_X86_64_TLSGD", Some(TLSGD)),
    (elf::R_X86_64_TLSLD, "R_X86_64_TLSLD", Some(TLSLD)),
    (
        elf::R_X86_64_DTPOFF32,
        "R_X86_64_DTPOFF32",
        Some(TLS_DTPOFF32),
    ),
    (elf::R_X86_64_GOTTPOFF, "R_X86_64_GOTTPOFF", Some(GOTTPOFF)),
    (elf::R_X86_64_TPOFF32, "R_X86_64_TPOFF32", Some(TLS_TPOFF32)),
    (elf::R_X86_64_PC64, "R_X86_64_PC64", Some(DELTA64)),
    (
        elf::R_X86_64_GOTOFF64,
        "R_X86_64_GOTOFF64",
        Some(GOT_OFFSET64),
    ),
    (elf::R_X86_64_GOTPC32, "R_X86_64_GOTPC32", Some(DELTA32)),
    (elf::R_X86_64_GOT64, "R_X86_64_GOT64", Some(GOT64)),
    (
        elf::R_X86_64_GOTPCREL64,
        "R_X86_64_GOTPCREL64",
        Some(GOTPCREL64),
    ),
    (elf::R_X86_64_GOTPC64, "R_X86_64_GOTPC64", Some(DELTA64)),
    (elf::R_X86_64_GOTPLT64, "R_X86_64_GOTPLT64", None),
    (elf::R_X86_64_PLTOFF64, "R_X86_64_PLTOFF64", Some(PLTOFF64)),
    (elf::R_X86_64_SIZE32, "R_X86_64_SIZE32", Some(SIZE32)),
    (elf::R_X86_64_SIZE64, "R_X86_64_SIZE64", Some(SIZE64)),
    (
        elf::R_X86_64_GOTPC32_TLSDESC,
        "R_X86_64_GOTPC32_TLSDESC",
        Some(GOTPC32_TLSDESC),
    ),
    (elf::R_X86_64_TLSDESC_CALL, "R_X86_64_TLSDESC_CALL", None),
    (elf::R_X86_64_TLSDESC, "R_X86_64_TLSDESC", None),
    (elf::R_X86_64_IRELATIVE, "R_X86_64_IRELATIVE", None),
    (38, "R_X86_64_RELATIVE64", None),
    (
        elf::R_X86_64_GOTPCRELX,
        "R_X86_64_GOTPCRELX",
        Some(GOTPCREL32_RELAXABLE),
    ),
    (
        elf::R_X86_64_REX_GOTPCRELX,
        "R_X86_64_REX_GOTPCRELX",
        Some(GOTPCREL32_REX_RELAXABLE),
    ),
    (43, "R_X86_64_CODE_4_GOTPCRELX", None),
    (44, "R_X86_64_CODE_4_GOTTPOFF", None),
    (45, "R_X86_64_CODE_4_GOTPC32_TLSDESC", None),
    (46, "R_X86_64_CODE_5_GOTPCRELX", None),
    (47, "R_X86_64_CODE_5_GOTTPOFF", None),
    (48, "R_X86_64_CODE_5_GOTPC32_TLSDESC", None),
    (49, "R_X86_64_CODE_6_GOTPCRELX", None),
    (50, "R_X86_64_CODE_6_GOTTPOFF", None),
    (51, "R_X86_64_CODE_6_GOTPC32_TLSDESC", None),
];

const TLS_RELOCS: &[u32] = &[
    elf::R_X86_64_DTPMOD64,
    elf::R_X86_64_DTPOFF64,
    elf::R_X86_64_TPOFF64,
    elf::R_X86_64_TLSGD,
    elf::R_X86_64_TLSLD,
    elf::R_X86_64_DTPOFF32,
    elf::R_X86_64_GOTTPOFF,
    elf::R_X86_64_TPOFF32,
    elf::R_X86_64_GOTPC32_TLSDESC,
    elf::R_X86_64_TLSDESC_CALL,
    elf::R_X86_64_TLSDESC,
    44,
    45,
    47,
    48,
    50,
    51,
];

static ELF: ElfRelocs = ElfRelocs {
    arch: "x86_64",
    prefix: "R_X86_64_",
    table: ELF_RELOCS,
    // The `call *x@tlscall(%rax)` of a descriptor sequence stays as it is.
    ignored: &[elf::R_X86_64_NONE, elf::R_X86_64_TLSDESC_CALL],
    is_tls: |r| TLS_RELOCS.contains(&r),
    dense: std::sync::OnceLock::new(),
};

impl Arch for X86_64Arch {
    fn name(&self) -> &'static str {
        "x86_64"
    }

    /// `CPU_TYPE_X86_64`, `CPU_SUBTYPE_X86_64_ALL`.
    fn macho_cpu(&self) -> (u32, u32) {
        (0x0100_0007, 3)
    }

    /// `UNWIND_X86_64_MODE_DWARF`; `RBP_FRAME` and `STACK_IMMD` entries merge.
    fn compact_unwind(&self) -> super::CompactUnwindModes {
        super::CompactUnwindModes {
            dwarf: 0x0400_0000,
            mergeable: &[0x0100_0000, 0x0200_0000],
        }
    }

    fn kind_names(&self) -> &'static [&'static str] {
        &NAMES
    }

    fn elf_relocs(&self) -> &'static ElfRelocs {
        &ELF
    }

    fn elf_machine(&self) -> u16 {
        elf::EM_X86_64
    }

    fn got_request(&self, kind: EdgeKind) -> GotRequest {
        match kind {
            BRANCH32 => GotRequest::Stub,
            GOTPCREL32 | GOTPCREL32_RELAXABLE | GOTPCREL32_REX_RELAXABLE => {
                GotRequest::Got { then: DELTA32 }
            }
            GOTPCREL64 => GotRequest::Got { then: DELTA64 },
            GOT64 => GotRequest::Got { then: GOT_OFFSET64 },
            GOT_OFFSET64 => GotRequest::GotBase,
            PLTOFF64 => GotRequest::StubAndGotBase,
            LEA_OR_GOT_LOAD | CALL_OR_GOT_CALL | JMP_OR_GOT_JMP => GotRequest::GotFallback,
            GOTTPOFF => GotRequest::Tls {
                entry: TlsEntry::TpOff,
                then: DELTA32,
            },
            TLSGD => GotRequest::Tls {
                entry: TlsEntry::Index,
                then: DELTA32,
            },
            TLSLD => GotRequest::Tls {
                entry: TlsEntry::ModuleIndex,
                then: DELTA32,
            },
            GOTPC32_TLSDESC => GotRequest::Tls {
                entry: TlsEntry::Descriptor,
                then: DELTA32,
            },
            _ => GotRequest::None,
        }
    }

    fn relax_got_load(
        &self,
        kind: EdgeKind,
        content: &[u8],
        offset: u64,
        addend: i64,
    ) -> Option<EdgeKind> {
        if addend != -4 || offset < 2 {
            return None;
        }
        let at = offset as usize;
        let op = *content.get(at - 2)?;
        let modrm = *content.get(at - 1)?;
        match (kind, op, modrm) {
            (GOTPCREL32_RELAXABLE | GOTPCREL32_REX_RELAXABLE, 0x8b, _) => Some(RELAXED_LEA),
            (GOTPCREL32_RELAXABLE, 0xff, 0x15) => Some(RELAXED_CALL),
            (GOTPCREL32_RELAXABLE, 0xff, 0x25) => Some(RELAXED_JMP),
            _ => None,
        }
    }

    fn relax_with_fallback(&self, relaxed: EdgeKind) -> Option<EdgeKind> {
        match relaxed {
            RELAXED_LEA => Some(LEA_OR_GOT_LOAD),
            RELAXED_CALL => Some(CALL_OR_GOT_CALL),
            RELAXED_JMP => Some(JMP_OR_GOT_JMP),
            _ => None,
        }
    }

    fn relax_tls_got_load(&self, kind: EdgeKind, content: &[u8], offset: u64) -> Option<EdgeKind> {
        if kind != GOTTPOFF || offset < 3 {
            return None;
        }
        let at = offset as usize;
        let (rex, op, modrm) = (
            *content.get(at - 3)?,
            *content.get(at - 2)?,
            *content.get(at - 1)?,
        );
        let rip_relative = modrm & 0xc7 == 0x05;
        ((rex == 0x48 || rex == 0x4c) && (op == 0x8b || op == 0x03) && rip_relative)
            .then_some(TPOFF32_FROM_GOTTPOFF)
    }

    fn tls_get_addr(&self) -> &'static [u8] {
        &[
            0x48, 0x8b, 0x07, // mov (%rdi), %rax       module word: TPOFF of the image
            0x48, 0x03, 0x47, 0x08, // add 8(%rdi), %rax   offset in the image
            0x64, 0x48, 0x03, 0x04, 0x25, 0, 0, 0, 0,    // add %fs:0, %rax
            0xc3, // ret
        ]
    }

    fn tlsdesc_resolver(&self) -> &'static [u8] {
        // mov 8(%rax), %rax; ret
        &[0x48, 0x8b, 0x40, 0x08, 0xc3]
    }

    fn static_tls_offset(&self, size: u64, align: u64) -> i64 {
        // Variant II: the block ends at the thread pointer.
        -(((size + align - 1) & !(align - 1)) as i64)
    }

    fn got_entry(&self) -> (&'static [u8], EdgeKind) {
        (&[0; 8], POINTER64)
    }

    fn stub(&self) -> (&'static [u8], &'static [(u64, EdgeKind, i64)]) {
        // jmpq *GOT(%rip)
        (&[0xff, 0x25, 0, 0, 0, 0], &[(2, DELTA32, -4)])
    }

    fn stub_align(&self) -> u64 {
        1
    }

    fn branch_reach(&self) -> u64 {
        1 << 31
    }

    fn needs_low_address(&self, kind: EdgeKind) -> bool {
        kind == POINTER32 || kind == POINTER32_SIGNED
    }

    fn forwarder(&self, zero_args: &[usize], dso_arg: usize) -> Forwarder {
        // Argument registers rdi, rsi, rdx, rcx as ModRM register numbers.
        const REGS: [u8; 4] = [7, 6, 2, 1];
        let mut code = Vec::new();
        for &r in zero_args {
            let r = REGS[r];
            code.extend_from_slice(&[0x31, 0xc0 | r << 3 | r]); // xor r32, r32
        }
        // lea reg, [rip + __dso_handle]
        code.extend_from_slice(&[0x48, 0x8d, 0x05 | REGS[dso_arg] << 3, 0, 0, 0, 0]);
        let lea = code.len() as u64 - 4;
        code.extend_from_slice(&[0xe9, 0, 0, 0, 0]); // jmp callee
        let jmp = code.len() as u64 - 4;
        Forwarder {
            code,
            edges: vec![
                (lea, DELTA32, -4, ForwardTo::DsoHandle),
                (jmp, BRANCH32, -4, ForwardTo::Callee),
            ],
        }
    }

    fn reentry_trampoline(&self) -> &'static [u8] {
        // Entered with the id in %r11d and the caller's return address at (%rsp). The
        // integer argument registers (and %rax: %al counts vector arguments of a varargs
        // call, %r10: the static chain) are pushed; every vector register, the x87 state and
        // MXCSR go to an XSAVE area sized for the enabled features (cpuid 0xd), 64-byte
        // aligned, whose header is cleared first (XRSTOR faults on a dirty one).
        &[
            0x55, // push %rbp
            0x48, 0x89, 0xe5, // mov %rsp, %rbp
            0x50, 0x57, 0x56, 0x52, 0x51, // push %rax, %rdi, %rsi, %rdx, %rcx
            0x41, 0x50, 0x41, 0x51, 0x41, 0x52, 0x41, 0x53, // push %r8, %r9, %r10, %r11 (id)
            0x53, // push %rbx (cpuid writes it)
            0xb8, 0x0d, 0x00, 0x00, 0x00, // mov $0xd, %eax
            0x31, 0xc9, // xor %ecx, %ecx
            0x0f, 0xa2, // cpuid: %ebx = XSAVE area size
            0x48, 0x29, 0xdc, // sub %rbx, %rsp
            0x48, 0x83, 0xe4, 0xc0, // and $-64, %rsp
            0x31, 0xc0, // xor %eax, %eax
            0x48, 0x89, 0x84, 0x24, 0x00, 0x02, 0x00, 0x00, // mov %rax, 0x200(%rsp)
            0x48, 0x89, 0x84, 0x24, 0x08, 0x02, 0x00, 0x00, // ... the 64-byte header
            0x48, 0x89, 0x84, 0x24, 0x10, 0x02, 0x00, 0x00, 0x48, 0x89, 0x84, 0x24, 0x18, 0x02,
            0x00, 0x00, 0x48, 0x89, 0x84, 0x24, 0x20, 0x02, 0x00, 0x00, 0x48, 0x89, 0x84, 0x24,
            0x28, 0x02, 0x00, 0x00, 0x48, 0x89, 0x84, 0x24, 0x30, 0x02, 0x00, 0x00, 0x48, 0x89,
            0x84, 0x24, 0x38, 0x02, 0x00, 0x00, 0xb8, 0xff, 0xff, 0xff, 0xff, // mov $-1, %eax
            0xba, 0xff, 0xff, 0xff, 0xff, // mov $-1, %edx
            0x48, 0x0f, 0xae, 0x24, 0x24, // xsave64 (%rsp)
            0x48, 0x8b, 0x3d, 0x4e, 0x00, 0x00, 0x00, // mov ctx(%rip), %rdi
            0x48, 0x8b, 0x35, 0x4f, 0x00, 0x00, 0x00, // mov tag(%rip), %rsi
            0x48, 0x8d, 0x55, 0xb8, // lea -72(%rbp), %rdx: the saved id
            0xb9, 0x08, 0x00, 0x00, 0x00, // mov $8, %ecx
            0xff, 0x15, 0x48, 0x00, 0x00, 0x00, // call *dispatch(%rip)
            0x48, 0x83, 0xfa, 0x08, // cmp $8, %rdx: an 8-byte result
            0x75, 0x2a, // jne fail
            0x49, 0x89, 0xc3, // mov %rax, %r11: the function's body
            0xb8, 0xff, 0xff, 0xff, 0xff, // mov $-1, %eax
            0xba, 0xff, 0xff, 0xff, 0xff, // mov $-1, %edx
            0x48, 0x0f, 0xae, 0x2c, 0x24, // xrstor64 (%rsp)
            0x48, 0x8d, 0x65, 0xb0, // lea -80(%rbp), %rsp
            0x5b, // pop %rbx
            0x48, 0x83, 0xc4, 0x08, // add $8, %rsp (the id)
            0x41, 0x5a, 0x41, 0x59, 0x41, 0x58, // pop %r10, %r9, %r8
            0x59, 0x5a, 0x5e, 0x5f, 0x58, // pop %rcx, %rdx, %rsi, %rdi, %rax
            0x5d, // pop %rbp
            0x41, 0xff, 0xe3, // jmp *%r11
            0x0f, 0x0b, // fail: ud2
            0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00, // nop (to the words at 0xc8)
        ]
    }

    fn reentry_entry(&self, id: u32, to_common: i64) -> Vec<u8> {
        // mov $id, %r11d; jmp common
        let mut code = vec![0x41, 0xbb];
        code.extend_from_slice(&id.to_le_bytes());
        code.push(0xe9);
        let rel = (to_common - 11) as i32;
        code.extend_from_slice(&rel.to_le_bytes());
        code
    }

    fn reentry_entry_size(&self) -> u64 {
        11
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
        match kind {
            POINTER32_SIGNED => write_le(buf, off, check_signed(s_a as i64, 32)?, 4),
            POINTER16 => write_le(buf, off, check_signed_or_unsigned(s_a, 16)?, 2),
            POINTER8 => write_le(buf, off, check_signed_or_unsigned(s_a, 8)?, 1),
            DELTA16 => write_le(buf, off, check_signed(pcrel, 16)?, 2),
            DELTA8 => write_le(buf, off, check_signed(pcrel, 8)?, 1),
            BRANCH32 => {
                let target = super::branch_target(v, 32);
                let value = target.wrapping_add(v.a as u64).wrapping_sub(v.p) as i64;
                write_le(buf, off, check_signed(value, 32)?, 4)
            }
            GOT_OFFSET64 => write_le(buf, off, s_a.wrapping_sub(v.got), 8),
            PLTOFF64 => {
                let l = v.stub.unwrap_or(v.s);
                write_le(buf, off, l.wrapping_add(v.a as u64).wrapping_sub(v.got), 8)
            }
            SIZE32 => write_le(
                buf,
                off,
                check_unsigned(v.z.wrapping_add(v.a as u64), 32)?,
                4,
            ),
            SIZE64 => write_le(buf, off, v.z.wrapping_add(v.a as u64), 8),
            LEA_OR_GOT_LOAD | CALL_OR_GOT_CALL | JMP_OR_GOT_JMP => {
                let jmp_value = pcrel.wrapping_add(1);
                let in_reach = check_signed(
                    if kind == JMP_OR_GOT_JMP {
                        jmp_value
                    } else {
                        pcrel
                    },
                    32,
                )
                .is_ok();
                if in_reach {
                    let relaxed = match kind {
                        LEA_OR_GOT_LOAD => RELAXED_LEA,
                        CALL_OR_GOT_CALL => RELAXED_CALL,
                        _ => RELAXED_JMP,
                    };
                    return self.apply(relaxed, buf, off, v);
                }
                let (opcode, what): (&[u8], _) = match kind {
                    LEA_OR_GOT_LOAD => (&[0x8b], "mov"),
                    CALL_OR_GOT_CALL => (&[0xff, 0x15], "call *"),
                    _ => (&[0xff, 0x25], "jmp *"),
                };
                expect_opcode(buf, off, opcode, what)?;
                let g = v.stub.ok_or(FixupError::Internal(
                    "relaxed GOT load without its GOT entry",
                ))?;
                let value = g.wrapping_add(v.a as u64).wrapping_sub(v.p) as i64;
                write_le(buf, off, check_signed(value, 32)?, 4)
            }
            RELAXED_LEA => {
                let value = check_signed(pcrel, 32)?;
                expect_opcode(buf, off, &[0x8b], "mov")?;
                buf[off - 2] = 0x8d;
                write_le(buf, off, value, 4)
            }
            RELAXED_CALL => {
                let value = check_signed(pcrel, 32)?;
                expect_opcode(buf, off, &[0xff, 0x15], "call *")?;
                buf[off - 2] = 0x67;
                buf[off - 1] = 0xe8;
                write_le(buf, off, value, 4)
            }
            RELAXED_JMP => {
                let value = check_signed(pcrel.wrapping_add(1), 32)?;
                expect_opcode(buf, off, &[0xff, 0x25], "jmp *")?;
                read_le(buf, off + 3, 1)?;
                buf[off - 2] = 0xe9;
                write_le(buf, off - 1, value, 4)?;
                buf[off + 3] = 0x90;
                Ok(())
            }
            TPOFF32_FROM_GOTTPOFF => {
                let value = check_signed(v.tpoff()?.wrapping_add(v.a).wrapping_add(4), 32)?;
                let start = off.checked_sub(3).ok_or(FixupError::OutOfBounds)?;
                let (rex, op, modrm) = match buf.get(start..off) {
                    Some(&[rex, op, modrm]) => (rex, op, modrm),
                    _ => return Err(FixupError::OutOfBounds),
                };
                let new_op = match (rex, op, modrm & 0xc7) {
                    (0x48 | 0x4c, 0x8b, 0x05) => 0xc7,
                    (0x48 | 0x4c, 0x03, 0x05) => 0x81,
                    _ => {
                        return Err(FixupError::BadInstruction(format!(
                        "expected a `movq` or `addq` from x@gottpoff(%rip), found bytes {:02x?}",
                        &buf[start..off]
                    )))
                    }
                };
                // REX.R (the destination in ModRM.reg) becomes REX.B (ModRM.rm).
                buf[start] = if rex == 0x4c { 0x49 } else { 0x48 };
                buf[start + 1] = new_op;
                buf[start + 2] = 0xc0 | ((modrm >> 3) & 7);
                write_le(buf, off, value, 4)
            }
            POINTER32 | POINTER64 | DELTA32 | DELTA64 => {
                Err(FixupError::Internal("generic kind reached x86_64"))
            }
            GOTPCREL32
            | GOTPCREL32_RELAXABLE
            | GOTPCREL32_REX_RELAXABLE
            | GOTPCREL64
            | GOT64
            | GOTTPOFF
            | TLSGD
            | TLSLD
            | GOTPC32_TLSDESC => Err(FixupError::Internal(
                "GOT request edge was not rewritten by the GOT pass",
            )),
            _ => Err(FixupError::Internal("unknown x86_64 edge kind")),
        }
    }
}

/// Checks that the bytes just before the 32-bit field are `opcode` (the instruction a relaxation
/// rewrites), so a relaxation never patches an instruction it does not understand.
fn expect_opcode(buf: &[u8], off: usize, opcode: &[u8], what: &str) -> Result<(), FixupError> {
    let start = off.checked_sub(2).ok_or(FixupError::OutOfBounds)?;
    let found = buf
        .get(start..start + opcode.len())
        .ok_or(FixupError::OutOfBounds)?;
    if found != opcode {
        return Err(FixupError::BadInstruction(format!(
            "expected a `{what}` instruction before the GOT displacement, found bytes {found:02x?}"
        )));
    }
    Ok(())
}
