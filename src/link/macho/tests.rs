use super::*;
use crate::arch::{DELTA32, DELTA64, NEG_DELTA64, POINTER64};
use crate::link::graph::Def;

#[test]
fn classify_sections() {
    let text = macho::S_ATTR_PURE_INSTRUCTIONS | macho::S_ATTR_SOME_INSTRUCTIONS;
    assert_eq!(
        classify("__TEXT,__text", text),
        Some((Prot::ReadExec, SectionKind::Text))
    );
    assert_eq!(
        classify("__TEXT,__cstring", macho::S_CSTRING_LITERALS),
        Some((Prot::Read, SectionKind::ReadOnly))
    );
    assert_eq!(
        classify("__DATA,__data", 0),
        Some((Prot::ReadWrite, SectionKind::Data))
    );
    // Marked debug, but read (into `__unwind_info`).
    assert_eq!(
        classify("__LD,__compact_unwind", macho::S_ATTR_DEBUG),
        Some((Prot::Read, SectionKind::CompactUnwind))
    );
    assert_eq!(classify("__DWARF,__debug_info", macho::S_ATTR_DEBUG), None);
    // Thread-local sections are ordinary read-write data and zero-fill.
    for (name, flags) in [
        ("__DATA,__thread_vars", macho::S_THREAD_LOCAL_VARIABLES),
        ("__DATA,__thread_data", macho::S_THREAD_LOCAL_REGULAR),
        (
            "__DATA,__thread_ptrs",
            macho::S_THREAD_LOCAL_VARIABLE_POINTERS,
        ),
    ] {
        assert_eq!(
            classify(name, flags),
            Some((Prot::ReadWrite, SectionKind::Data)),
            "{name}"
        );
    }
    assert_eq!(
        classify("__DATA,__thread_bss", macho::S_THREAD_LOCAL_ZEROFILL),
        Some((Prot::ReadWrite, SectionKind::ZeroFill))
    );
    assert!(matches!(
        classify("__DATA,__mod_init_func", macho::S_MOD_INIT_FUNC_POINTERS),
        Some((
            _,
            SectionKind::Initializers(InitKind::Init {
                priority: 65535,
                ..
            })
        ))
    ));
}

#[test]
fn rejects_non_objects() {
    assert!(detect_arch(&[0xcf, 0xfa, 0xed, 0xfe]).is_err());
    let mut header = vec![0u8; 32];
    header[..4].copy_from_slice(&[0xcf, 0xfa, 0xed, 0xfe]);
    header[4..8].copy_from_slice(&macho::CPU_TYPE_X86_64.to_le_bytes());
    header[12..16].copy_from_slice(&macho::MH_EXECUTE.to_le_bytes());
    let err = detect_arch(&header).err().unwrap();
    assert!(err.message().contains("MH_OBJECT"), "{err}");
    header[12..16].copy_from_slice(&macho::MH_OBJECT.to_le_bytes());
    assert_eq!(detect_arch(&header).unwrap().name(), "x86_64");
    header[4..8].copy_from_slice(&7u32.to_le_bytes());
    assert!(detect_arch(&header).is_err());
}

/// A relocation of a hand-built object: address, symbolnum, pcrel, length, extern, type.
type TReloc = (u32, u32, bool, u8, bool, u8);

/// A section of a hand-built object: name, flags, contents, relocations (address, symbolnum,
/// pcrel, length, extern, type).
struct TSect {
    seg: &'static str,
    name: &'static str,
    flags: u32,
    data: Vec<u8>,
    relocs: Vec<TReloc>,
}

/// Builds an MH_OBJECT with sections laid out back to back from address 0 and `syms`
/// (name, n_type, n_sect, n_desc, n_value).
fn build(cpu: u32, sects: &[TSect], syms: &[(&str, u8, u8, u16, u64)]) -> Vec<u8> {
    let put32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    let put64 = |v: &mut Vec<u8>, x: u64| v.extend_from_slice(&x.to_le_bytes());
    let name16 = |v: &mut Vec<u8>, s: &str| {
        let mut b = [0u8; 16];
        b[..s.len()].copy_from_slice(s.as_bytes());
        v.extend_from_slice(&b);
    };
    let seg_size = 72 + 80 * sects.len() as u32;
    let cmds = seg_size + 24;
    let data_start = 32 + cmds;
    let total_data: u32 = sects.iter().map(|s| s.data.len() as u32).sum();
    let mut reloff = data_start + total_data;
    let nrelocs: u32 = sects.iter().map(|s| s.relocs.len() as u32).sum();
    let symoff = reloff + 8 * nrelocs;
    let stroff = symoff + 16 * syms.len() as u32;
    let mut out = Vec::new();
    out.extend_from_slice(&[0xcf, 0xfa, 0xed, 0xfe]);
    for x in [
        cpu,
        0,
        macho::MH_OBJECT,
        2,
        cmds,
        macho::MH_SUBSECTIONS_VIA_SYMBOLS,
        0,
    ] {
        put32(&mut out, x);
    }
    put32(&mut out, macho::LC_SEGMENT_64);
    put32(&mut out, seg_size);
    name16(&mut out, "");
    put64(&mut out, 0);
    put64(&mut out, u64::from(total_data));
    put64(&mut out, u64::from(data_start));
    put64(&mut out, u64::from(total_data));
    for x in [7, 7, sects.len() as u32, 0] {
        put32(&mut out, x);
    }
    let (mut addr, mut off) = (0u64, data_start);
    for s in sects {
        name16(&mut out, s.name);
        name16(&mut out, s.seg);
        put64(&mut out, addr);
        put64(&mut out, s.data.len() as u64);
        for x in [off, 0, reloff, s.relocs.len() as u32, s.flags, 0, 0, 0] {
            put32(&mut out, x);
        }
        addr += s.data.len() as u64;
        off += s.data.len() as u32;
        reloff += 8 * s.relocs.len() as u32;
    }
    let mut strtab = vec![0u8];
    let mut strx = Vec::new();
    for s in syms {
        strx.push(strtab.len() as u32);
        strtab.extend_from_slice(s.0.as_bytes());
        strtab.push(0);
    }
    for x in [
        macho::LC_SYMTAB,
        24,
        symoff,
        syms.len() as u32,
        stroff,
        strtab.len() as u32,
    ] {
        put32(&mut out, x);
    }
    for s in sects {
        out.extend_from_slice(&s.data);
    }
    for s in sects {
        for &(address, symnum, pcrel, len, ext, ty) in &s.relocs {
            put32(&mut out, address);
            let w = symnum
                | u32::from(pcrel) << 24
                | u32::from(len) << 25
                | u32::from(ext) << 27
                | u32::from(ty) << 28;
            put32(&mut out, w);
        }
    }
    for (s, &x) in syms.iter().zip(&strx) {
        put32(&mut out, x);
        out.extend_from_slice(&[s.1, s.2]);
        out.extend_from_slice(&s.3.to_le_bytes());
        put64(&mut out, s.4);
    }
    out.extend_from_slice(&strtab);
    out
}

fn load(data: &[u8]) -> Result<LinkGraph<'_>> {
    let arch = detect_arch(data)?;
    let mut graph = LinkGraph::new(arch);
    let file = graph.add_file("t.o".into(), "t.o".into(), "test".into());
    read(&mut graph, file, data)?;
    Ok(graph)
}

const TEXT: u32 = macho::S_ATTR_PURE_INSTRUCTIONS | macho::S_ATTR_SOME_INSTRUCTIONS;
const GLOBAL: u8 = macho::N_SECT | macho::N_EXT;

#[test]
fn x86_64_signed1_anon_and_subtractor_pairs() {
    // __text: `movb $1, Ldata+4(%rip)` = c6 05 <disp32> 01, with disp = target - (P + 4 + 1).
    let disp: i32 = (0x10 + 4) - (2 + 4 + 1);
    let mut text = vec![0xc6, 0x05];
    text.extend_from_slice(&disp.to_le_bytes());
    text.push(1);
    text.resize(0x10, 0x90);
    // __data at 0x10: 8 bytes of data, then `.quad f - here` and `.quad here2 - f`.
    let mut data = vec![0u8; 8];
    data.extend_from_slice(&0u64.to_le_bytes());
    data.extend_from_slice(&0u64.to_le_bytes());
    let sects = [
        TSect {
            seg: "__TEXT",
            name: "__text",
            flags: TEXT,
            data: text,
            relocs: vec![(2, 2, true, 2, false, macho::X86_64_RELOC_SIGNED_1)],
        },
        TSect {
            seg: "__DATA",
            name: "__data",
            flags: 0,
            data,
            relocs: vec![
                (8, 2, false, 3, true, macho::X86_64_RELOC_SUBTRACTOR),
                (8, 0, false, 3, true, macho::X86_64_RELOC_UNSIGNED),
                (16, 0, false, 3, true, macho::X86_64_RELOC_SUBTRACTOR),
                (16, 3, false, 3, true, macho::X86_64_RELOC_UNSIGNED),
            ],
        },
    ];
    let syms = [
        ("f", GLOBAL, 1, 0, 0),
        ("d", GLOBAL, 2, 0, 0x10),
        ("here", GLOBAL, 2, 0, 0x18),
        ("here2", GLOBAL, 2, 0, 0x20),
    ];
    let obj = build(macho::CPU_TYPE_X86_64, &sects, &syms);
    let graph = load(&obj).unwrap();
    let edges = |name: &str| {
        let Def::Block { block, .. } = graph.sym(graph.lookup(name).unwrap()).def else {
            panic!("{name} not in a block")
        };
        graph.blocks[block as usize].edges.clone()
    };
    // SIGNED_1 to `d + 4`: Delta32 with addend 4 - 5 against the block of `d`.
    let e = edges("f")[0];
    assert_eq!((e.offset, e.kind, e.addend), (2, DELTA32, 4 - 5));
    assert_eq!(
        graph.sym(e.target).def,
        graph.sym(graph.lookup("d").unwrap()).def
    );
    // f - here, patched in here's block: Delta64 to f, addend P - here = 0.
    let e = edges("here")[0];
    assert_eq!(
        (e.kind, e.addend, e.target),
        (DELTA64, 0, graph.lookup("f").unwrap())
    );
    // here2 - f, patched in here2's block: NegDelta64 to f.
    let e = edges("here2")[0];
    assert_eq!(
        (e.kind, e.addend, e.target),
        (NEG_DELTA64, 0, graph.lookup("f").unwrap())
    );
}

#[test]
fn unsupported_and_malformed_relocations_are_errors() {
    let sect = |relocs| TSect {
        seg: "__TEXT",
        name: "__text",
        flags: TEXT,
        data: vec![0x90; 8],
        relocs,
    };
    let syms = [("f", GLOBAL, 1, 0, 0)];
    let cases: [(Vec<TReloc>, &str); 4] = [
        (
            vec![(2, 0, false, 2, true, macho::X86_64_RELOC_TLV)],
            "unsupported relocation X86_64_RELOC_TLV (Mach-O x86_64): unsupported combination \
             pc_rel=false, extern=true, length=4",
        ),
        (
            vec![(6, 0, true, 2, true, macho::X86_64_RELOC_BRANCH)],
            "outside its section",
        ),
        (
            vec![(0, 9, false, 3, true, macho::X86_64_RELOC_UNSIGNED)],
            "invalid symbol index 9",
        ),
        (
            vec![(0, 0, false, 3, true, macho::X86_64_RELOC_SUBTRACTOR)],
            "without a paired UNSIGNED",
        ),
    ];
    for (relocs, want) in cases {
        let obj = build(macho::CPU_TYPE_X86_64, &[sect(relocs)], &syms);
        let err = load(&obj).err().expect("an error");
        assert!(err.message().contains(want), "{err}");
        assert!(
            err.message().starts_with("section __TEXT,__text+0x"),
            "{err}"
        );
    }
    // Every truncation of a valid object is an error or a success, never a panic.
    let obj = build(
        macho::CPU_TYPE_ARM64,
        &[sect(vec![(
            0,
            0,
            true,
            2,
            true,
            macho::ARM64_RELOC_BRANCH26,
        )])],
        &syms,
    );
    for len in 0..obj.len() {
        let _ = load(&obj[..len]);
    }
}

#[test]
fn thread_local_variables_are_got_loads_of_their_descriptors() {
    // __text: `movq _v@TLVP(%rip), %rdi` (48 8b 3d <0>) and 9 bytes of padding.
    let mut text = vec![0x48, 0x8b, 0x3d, 0, 0, 0, 0];
    text.resize(0x10, 0x90);
    // __thread_vars at 0x10: {__tlv_bootstrap, 0, _v$tlv$init}; __thread_data at 0x28 (4 bytes);
    // __thread_bss at 0x2c (8 bytes).
    let sects = [
        TSect {
            seg: "__TEXT",
            name: "__text",
            flags: TEXT,
            data: text,
            relocs: vec![(3, 1, true, 2, true, macho::X86_64_RELOC_TLV)],
        },
        TSect {
            seg: "__DATA",
            name: "__thread_vars",
            flags: macho::S_THREAD_LOCAL_VARIABLES,
            data: vec![0; 24],
            relocs: vec![
                (0, 3, false, 3, true, macho::X86_64_RELOC_UNSIGNED),
                (16, 2, false, 3, true, macho::X86_64_RELOC_UNSIGNED),
            ],
        },
        TSect {
            seg: "__DATA",
            name: "__thread_data",
            flags: macho::S_THREAD_LOCAL_REGULAR,
            data: 42u32.to_le_bytes().to_vec(),
            relocs: vec![],
        },
    ];
    let syms = [
        ("_get", GLOBAL, 1, 0, 0),
        ("_v", GLOBAL, 2, 0, 0x10),
        ("_v$tlv$init", macho::N_SECT, 3, 0, 0x28),
        ("__tlv_bootstrap", macho::N_UNDF | macho::N_EXT, 0, 0, 0),
    ];
    let obj = build(macho::CPU_TYPE_X86_64, &sects, &syms);
    let graph = load(&obj).unwrap();
    let block_of = |name: &str| {
        let Def::Block { block, .. } = graph.sym(graph.lookup(name).unwrap()).def else {
            panic!("{name} not in a block")
        };
        block
    };
    let e = graph.blocks[block_of("_get") as usize].edges[0];
    assert_eq!(
        (e.offset, e.kind, e.addend, e.target),
        (
            3,
            crate::arch::x86_64::GOTPCREL32_REX_RELAXABLE,
            -4,
            graph.lookup("_v").unwrap()
        )
    );
    let v = block_of("_v");
    assert_eq!(graph.section_of(v).kind, SectionKind::Data);
    assert_eq!(graph.section_of(v).prot, Prot::ReadWrite);
    let mut edges = graph.blocks[v as usize].edges.clone();
    edges.sort_by_key(|e| e.offset);
    assert_eq!(
        (edges[0].offset, edges[0].kind, edges[0].addend),
        (0, POINTER64, 0)
    );
    assert_eq!(edges[0].target, graph.lookup("__tlv_bootstrap").unwrap());
    assert_eq!(
        (edges[1].offset, edges[1].kind, edges[1].addend),
        (16, POINTER64, 0)
    );
    let init = graph.sym(edges[1].target);
    assert_eq!(init.name(), b"_v$tlv$init");
    let Def::Block { block, offset: 0 } = init.def else {
        panic!("_v$tlv$init not at the start of a block")
    };
    assert_eq!(graph.section_of(block).name, "__DATA,__thread_data");

    // A TLV at the very start of a block cannot be an instruction operand.
    let mut early = sects;
    early[0].relocs = vec![(0, 1, true, 2, true, macho::X86_64_RELOC_TLV)];
    let err = load(&build(macho::CPU_TYPE_X86_64, &early, &syms))
        .err()
        .expect("an error");
    assert!(err.message().contains("too close to the start"), "{err}");
}

#[test]
fn arm64_tlvp_loads_are_got_requests() {
    use crate::arch::aarch64::{REQUEST_GOT_PAGE21, REQUEST_GOT_PAGEOFF12};
    // adrp x0, _v@TLVPPAGE; ldr x0, [x0, _v@TLVPPAGEOFF]; add x0, x0, #0 (not a load).
    let mut text = Vec::new();
    for insn in [0x9000_0000u32, 0xf940_0000, 0x9100_0000, 0xd65f_03c0] {
        text.extend_from_slice(&insn.to_le_bytes());
    }
    let sect = |relocs| TSect {
        seg: "__TEXT",
        name: "__text",
        flags: TEXT,
        data: text.clone(),
        relocs,
    };
    let vars = || TSect {
        seg: "__DATA",
        name: "__thread_vars",
        flags: macho::S_THREAD_LOCAL_VARIABLES,
        data: vec![0; 24],
        relocs: vec![],
    };
    let syms = [("_get", GLOBAL, 1, 0, 0), ("_v", GLOBAL, 2, 0, 0x10)];
    let ok = [
        sect(vec![
            (0, 1, true, 2, true, macho::ARM64_RELOC_TLVP_LOAD_PAGE21),
            (4, 1, false, 2, true, macho::ARM64_RELOC_TLVP_LOAD_PAGEOFF12),
        ]),
        vars(),
    ];
    let obj = build(macho::CPU_TYPE_ARM64, &ok, &syms);
    let graph = load(&obj).unwrap();
    let Def::Block { block, .. } = graph.sym(graph.lookup("_get").unwrap()).def else {
        panic!("_get not in a block")
    };
    let mut edges = graph.blocks[block as usize].edges.clone();
    edges.sort_by_key(|e| e.offset);
    let v = graph.lookup("_v").unwrap();
    assert_eq!(
        edges
            .iter()
            .map(|e| (e.offset, e.kind, e.addend, e.target))
            .collect::<Vec<_>>(),
        [
            (0, REQUEST_GOT_PAGE21, 0, v),
            (4, REQUEST_GOT_PAGEOFF12, 0, v)
        ]
    );

    let cases: [(Vec<TReloc>, &str); 4] = [
        (
            vec![(8, 1, false, 2, true, macho::ARM64_RELOC_TLVP_LOAD_PAGEOFF12)],
            "ARM64_RELOC_TLVP_LOAD_PAGEOFF12: instruction 0x91000000 is not a 64-bit LDR",
        ),
        (
            vec![(4, 1, true, 2, true, macho::ARM64_RELOC_TLVP_LOAD_PAGE21)],
            "ARM64_RELOC_TLVP_LOAD_PAGE21: instruction 0xf9400000 is not an ADRP",
        ),
        (
            vec![(4, 1, true, 2, true, macho::ARM64_RELOC_TLVP_LOAD_PAGEOFF12)],
            "unsupported relocation ARM64_RELOC_TLVP_LOAD_PAGEOFF12 (Mach-O arm64): \
             unsupported combination pc_rel=true",
        ),
        (
            vec![
                (0, 8, false, 2, false, macho::ARM64_RELOC_ADDEND),
                (0, 1, true, 2, true, macho::ARM64_RELOC_TLVP_LOAD_PAGE21),
            ],
            "ARM64_RELOC_ADDEND must be followed by",
        ),
    ];
    for (relocs, want) in cases {
        let obj = build(macho::CPU_TYPE_ARM64, &[sect(relocs), vars()], &syms);
        let err = load(&obj).err().expect("an error");
        assert!(err.message().contains(want), "{err}");
        assert!(
            err.message().starts_with("section __TEXT,__text+0x"),
            "{err}"
        );
    }
}

/// An x86_64 object with `_main` at 0 in a 16-byte __text and an __eh_frame (at 16) of one CIE
/// and one FDE whose CIE pointer and pc_begin (pc-relative, no relocations) are given.
fn eh_frame_object(cie_pointer: u32, pc_begin: i64) -> Vec<u8> {
    eh_frame_object_with(cie_pointer, pc_begin, vec![], &[])
}

/// [`eh_frame_object`] with relocations in __eh_frame and more symbols.
fn eh_frame_object_with(
    cie_pointer: u32,
    pc_begin: i64,
    relocs: Vec<TReloc>,
    more_syms: &[(&str, u8, u8, u16, u64)],
) -> Vec<u8> {
    let mut eh = vec![
        0x14, 0, 0, 0, 0, 0, 0, 0, 1, b'z', b'R', 0, 1, 0x78, 0x10, 1, 0x10,
    ];
    eh.extend_from_slice(&[0x0c, 0x07, 0x08, 0x90, 0x01, 0, 0]);
    assert_eq!(eh.len(), 24);
    eh.extend_from_slice(&0x18u32.to_le_bytes());
    eh.extend_from_slice(&cie_pointer.to_le_bytes());
    eh.extend_from_slice(&pc_begin.to_le_bytes());
    eh.extend_from_slice(&4u64.to_le_bytes());
    eh.extend_from_slice(&[0, 0, 0, 0]);
    let sects = [
        text(vec![0xc3; 16]),
        TSect {
            seg: "__TEXT",
            name: "__eh_frame",
            flags: macho::S_COALESCED
                | macho::S_ATTR_NO_TOC
                | macho::S_ATTR_STRIP_STATIC_SYMS
                | macho::S_ATTR_LIVE_SUPPORT,
            data: eh,
            relocs,
        },
    ];
    let mut syms = vec![("_main", GLOBAL, 1, 0, 0)];
    syms.extend_from_slice(more_syms);
    build(macho::CPU_TYPE_X86_64, &sects, &syms)
}

/// An FDE whose CIE pointer is a SUBTRACTOR pair within __eh_frame (`fde + 4 - cie`, the
/// field holding only the addend 4): the pair's value is the pointer, so the FDE finds its
/// CIE, and the link gets one CIE edge.
#[test]
fn an_eh_frame_cie_pointer_set_by_a_subtractor_pair() {
    let relocs = vec![
        (28, 1, false, 2, true, macho::X86_64_RELOC_SUBTRACTOR),
        (28, 2, false, 2, true, macho::X86_64_RELOC_UNSIGNED),
    ];
    let syms = [
        ("cie", macho::N_SECT, 2, 0, 16),
        ("fde", macho::N_SECT, 2, 0, 40),
    ];
    let obj = eh_frame_object_with(4, -48, relocs, &syms);
    let graph = load(&obj).expect("the FDE finds its CIE");
    let fde = graph
        .blocks
        .iter()
        .find(|b| {
            b.input_offset == 24 && graph.sections[b.section as usize].name == "__TEXT,__eh_frame"
        })
        .expect("the FDE's block");
    let Content::Bytes(bytes) = &fde.content else {
        panic!("FDE without bytes")
    };
    assert_eq!(bytes[4..8], 28u32.to_le_bytes());
    let cie_edges: Vec<_> = fde
        .edges
        .iter()
        .filter(|e| e.offset == 4 && e.kind != crate::arch::KEEP_ALIVE)
        .collect();
    assert_eq!(cie_edges.len(), 1, "{:?}", fde.edges);
}

/// A well-formed FDE links; one whose CIE pointer or pc_begin leads nowhere is an error, in
/// rjitlink's words and in llvm-jitlink's.
#[test]
fn eh_frame_pointers_that_lead_nowhere_are_errors() {
    // The CIE pointer counts back from itself (eh_frame offset 28) to the CIE at 0; pc_begin
    // (at address 16 + 32) leads back to _main at 0.
    load(&eh_frame_object(28, -48)).expect("a well-formed FDE");
    let err = load(&eh_frame_object(0x1000, -48)).err().expect("an error");
    assert!(
        err.message()
            .starts_with("section __TEXT,__eh_frame: malformed .eh_frame: "),
        "{err}"
    );
    assert_eq!(
        err.llvm_message(),
        format!(
            "No CIE found at address {:#x}",
            (16u64 + 28).wrapping_sub(0x1000)
        )
    );
    let err = load(&eh_frame_object(28, 0x1000_0000))
        .err()
        .expect("an error");
    assert_eq!(
        err.message(),
        "section __TEXT,__eh_frame: FDE at 0x18: pointer at +8 targets 0x10000030, which is in no loaded section"
    );
    assert_eq!(
        err.llvm_message(),
        "No symbol or block covering address 0x10000030"
    );
}

/// `__TEXT,__text` holding `data`, without relocations.
fn text(data: Vec<u8>) -> TSect {
    TSect {
        seg: "__TEXT",
        name: "__text",
        flags: TEXT,
        data,
        relocs: vec![],
    }
}

/// An 8-byte `__DWARF,__debug_stuff` (a section that is not loaded) with `relocs`.
fn debug_stuff(relocs: Vec<TReloc>) -> TSect {
    TSect {
        seg: "__DWARF",
        name: "__debug_stuff",
        flags: macho::S_ATTR_DEBUG,
        data: vec![0; 8],
        relocs,
    }
}

/// A global in a section that is not loaded (__DWARF) is a definition without an address, not
/// an undefined name.
#[test]
fn globals_in_debug_sections_are_defined() {
    let sects = [text(vec![0xc3; 4]), debug_stuff(vec![])];
    let obj = build(
        macho::CPU_TYPE_X86_64,
        &sects,
        &[("_main", GLOBAL, 1, 0, 0), ("_foo", GLOBAL, 2, 0, 4)],
    );
    let graph = load(&obj).expect("loads");
    let foo = graph.lookup("_foo").expect("_foo");
    assert_eq!(graph.sym(foo).def, Def::Discarded);
}

/// A pointer-authentication relocation is refused even in a section that is not loaded, in
/// rjitlink's words and in llvm-jitlink's.
#[test]
fn authenticated_pointers_are_refused_in_debug_sections_too() {
    let auth = (
        0,
        0,
        false,
        3,
        true,
        macho::ARM64_RELOC_AUTHENTICATED_POINTER,
    );
    let sects = [text(vec![0xc0, 0x03, 0x5f, 0xd6]), debug_stuff(vec![auth])];
    let obj = build(macho::CPU_TYPE_ARM64, &sects, &[("_main", GLOBAL, 1, 0, 0)]);
    let err = load(&obj).err().expect("an error");
    assert_eq!(
        err.message(),
        "section __DWARF,__debug_stuff+0x0: ARM64_RELOC_AUTHENTICATED_POINTER: arm64e pointer \
         authentication is not supported"
    );
    assert_eq!(
        err.llvm_message(),
        "In graph t.o, section __DWARF,__debug_stuff unsupported edge kind Pointer64Authenticated"
    );
}

/// An external symbol without a name cannot be resolved by anything: an error naming it by
/// its index (a local one without a name is fine: it is only a place).
#[test]
fn unnamed_external_symbols_are_rejected() {
    let sects = [text(vec![0xc3; 4])];
    let obj = build(
        macho::CPU_TYPE_X86_64,
        &sects,
        &[("f", GLOBAL, 1, 0, 0), ("", GLOBAL, 1, 0, 2)],
    );
    let err = load(&obj).err().expect("an error");
    assert_eq!(
        err.message(),
        "symbol 1: an external symbol has no name (anonymous external symbols are not supported)"
    );
    assert_eq!(
        err.llvm_message(),
        "Symbol at index 1 has no name (string table index 3), but N_EXT bit is set"
    );
    let obj = build(
        macho::CPU_TYPE_X86_64,
        &sects,
        &[("f", GLOBAL, 1, 0, 0), ("", macho::N_SECT, 1, 0, 2)],
    );
    load(&obj).expect("an unnamed local symbol");
}

#[test]
fn thread_local_initializers_are_rejected() {
    let sects = [TSect {
        seg: "__DATA",
        name: "__thread_init",
        flags: macho::S_THREAD_LOCAL_INIT_FUNCTION_POINTERS,
        data: vec![0; 8],
        relocs: vec![],
    }];
    let obj = build(macho::CPU_TYPE_X86_64, &sects, &[]);
    let err = load(&obj).err().expect("an error");
    assert_eq!(
        err.message(),
        "section __DATA,__thread_init: thread-local initializer functions \
         (S_THREAD_LOCAL_INIT_FUNCTION_POINTERS) are not supported"
    );
}

#[test]
fn tlv_objects_load_and_truncations_never_panic() {
    for obj in [
        &include_bytes!("../../../testdata/x86_64-macho/asm/tlv.o")[..],
        &include_bytes!("../../../testdata/arm64-macho/asm/tlv.o")[..],
    ] {
        let graph = load(obj).unwrap();
        for name in ["__DATA,__thread_vars", "__DATA,__thread_data"] {
            let s = graph.sections.iter().find(|s| s.name == name).unwrap();
            assert_eq!((s.prot, s.kind), (Prot::ReadWrite, SectionKind::Data));
        }
        let bss = graph
            .sections
            .iter()
            .find(|s| s.name == "__DATA,__thread_bss")
            .unwrap();
        assert_eq!(bss.kind, SectionKind::ZeroFill);
        for len in 0..obj.len() {
            let _ = load(&obj[..len]);
        }
    }
}
