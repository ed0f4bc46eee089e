use super::*;
use crate::arch::{DELTA32, DELTA64, NEG_DELTA64};
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
    assert_eq!(classify("__LD,__compact_unwind", macho::S_ATTR_DEBUG), None);
    assert_eq!(classify("__DWARF,__debug_info", macho::S_ATTR_DEBUG), None);
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
            vec![(0, 0, true, 2, true, macho::X86_64_RELOC_TLV)],
            "unsupported relocation X86_64_RELOC_TLV (Mach-O x86_64): thread-local",
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
