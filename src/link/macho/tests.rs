use super::*;

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
