//! `-perf-support`: the program run in this process leaves a perf jitdump
//! (`$JITDUMPDIR/.debug/jit/llvm-IR-jit-<date>-<unique>/jit-<pid>.dump`) with a code-load
//! record for each function, its bytes as they ran, the unwind table, and a close record; the
//! same functions as llvm-jitlink-22 records for the same objects.
mod common;

use common::stderr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DISPATCH: [&str; 2] = [
    "testdata/programs/dispatch/main.o",
    "testdata/programs/dispatch/libdispatch.a",
];

fn run_in(tool: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(tool)
        .args(args)
        .env("JITDUMPDIR", dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run")
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("perf-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The one dump under `dir`, and the pid its name carries.
fn dump_in(dir: &Path) -> (Vec<u8>, u32) {
    let jit = dir.join(".debug/jit");
    let dirs: Vec<_> = std::fs::read_dir(&jit).unwrap().flatten().collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let name = dirs[0].file_name().into_string().unwrap();
    assert!(name.starts_with("llvm-IR-jit-20"), "{name}");
    let files: Vec<_> = std::fs::read_dir(dirs[0].path())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(files.len(), 1);
    let file = files[0].file_name().into_string().unwrap();
    let pid = file
        .strip_prefix("jit-")
        .and_then(|f| f.strip_suffix(".dump"))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{file}"));
    (std::fs::read(files[0].path()).unwrap(), pid)
}

/// A debug-info row: (address less the function's, line, discriminator, file).
type Row = (u64, u32, u32, String);

#[derive(Debug, PartialEq)]
enum Record {
    CodeLoad {
        pid: u32,
        vma: u64,
        addr: u64,
        index: u64,
        name: String,
        code: Vec<u8>,
    },
    Unwind {
        header: Vec<u8>,
        table_len: usize,
    },
    DebugInfo {
        addr: u64,
        rows: Vec<Row>,
    },
    Close,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(b[at..at + 4].try_into().unwrap())
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_ne_bytes(b[at..at + 8].try_into().unwrap())
}

/// The header's (e_machine, pid) and the records, checking the header's fixed fields and that
/// timestamps never go back.
fn parse(b: &[u8]) -> ((u32, u32), Vec<Record>) {
    assert_eq!(u32_at(b, 0), 0x4a69_5444, "magic");
    assert_eq!(u32_at(b, 4), 1, "version");
    assert_eq!(u32_at(b, 8), 40, "header size");
    assert_eq!(u64_at(b, 32), 0, "flags");
    let mut last = u64_at(b, 24);
    let mut records = Vec::new();
    let mut at = 40;
    while at < b.len() {
        let (id, size, time) = (u32_at(b, at), u32_at(b, at + 4) as usize, u64_at(b, at + 8));
        assert!(time >= last, "timestamps go back");
        last = time;
        let body = &b[at + 16..at + size];
        records.push(match id {
            0 => {
                let name_end = 40 + body[40..].iter().position(|&c| c == 0).unwrap();
                let code = body[name_end + 1..].to_vec();
                assert_eq!(u64_at(body, 24), code.len() as u64, "code size");
                Record::CodeLoad {
                    pid: u32_at(body, 0),
                    vma: u64_at(body, 8),
                    addr: u64_at(body, 16),
                    index: u64_at(body, 32),
                    name: String::from_utf8(body[40..name_end].to_vec()).unwrap(),
                    code,
                }
            }
            2 => {
                let addr = u64_at(body, 0);
                let mut rows = Vec::new();
                let mut o = 16;
                for _ in 0..u64_at(body, 8) {
                    let end = o + 16 + body[o + 16..].iter().position(|&c| c == 0).unwrap();
                    let file = String::from_utf8(body[o + 16..end].to_vec()).unwrap();
                    rows.push((
                        u64_at(body, o) - addr,
                        u32_at(body, o + 8),
                        u32_at(body, o + 12),
                        file,
                    ));
                    o = end + 1;
                }
                assert_eq!(o, body.len());
                Record::DebugInfo { addr, rows }
            }
            3 => Record::Close,
            4 => {
                let (data, hdr, mapped) = (u64_at(body, 0), u64_at(body, 8), u64_at(body, 16));
                assert_eq!(mapped, 0);
                assert_eq!(body.len() as u64, 24 + data);
                Record::Unwind {
                    header: body[24..24 + hdr as usize].to_vec(),
                    table_len: (data - hdr) as usize,
                }
            }
            other => panic!("unexpected record {other}"),
        });
        at += size;
    }
    assert_eq!(at, b.len(), "the last record runs past the end");
    ((u32_at(b, 12), u32_at(b, 20)), records)
}

fn functions(records: &[Record]) -> Vec<(String, usize)> {
    let mut f: Vec<(String, usize)> = records
        .iter()
        .filter_map(|r| match r {
            Record::CodeLoad { name, code, .. } => Some((name.clone(), code.len())),
            _ => None,
        })
        .collect();
    f.sort();
    f
}

#[test]
fn a_run_leaves_a_jitdump_of_its_functions() {
    let dir = fresh_dir("dispatch");
    let mut args = vec!["-perf-support"];
    args.extend(DISPATCH);
    let o = run_in(Path::new(env!("CARGO_BIN_EXE_rjitlink")), &dir, &args);
    assert_eq!(o.status.code(), Some(10), "{}", stderr(&o));
    let (bytes, pid) = dump_in(&dir);
    let ((machine, header_pid), records) = parse(&bytes);
    let host = match std::env::consts::ARCH {
        "x86_64" => 62,
        _ => 183,
    };
    assert_eq!((machine, header_pid), (host, pid));
    // x86_64: the unwind table first, behind a 12-byte eh_frame_hdr (version 1, an absolute
    // 8-byte eh_frame pointer, no search table).
    let mut rest = &records[..];
    if host == 62 {
        let Some(Record::Unwind { header, table_len }) = records.first() else {
            panic!("no unwind record first: {records:?}");
        };
        assert_eq!(header[..4], [1, 0x0c, 0xff, 0xff]);
        assert_eq!(header.len(), 12);
        assert!(*table_len > 0);
        rest = &records[1..];
    }
    assert_eq!(rest.last(), Some(&Record::Close));
    let loads = &rest[..rest.len() - 1];
    assert!(loads.len() >= 5, "{loads:?}");
    for (i, r) in loads.iter().enumerate() {
        let Record::CodeLoad {
            pid: p,
            vma,
            addr,
            index,
            code,
            ..
        } = r
        else {
            panic!("not a code load: {r:?}");
        };
        assert_eq!((*p, *vma, *index), (pid, *addr, i as u64));
        assert!(!code.is_empty());
    }
    let names: Vec<String> = functions(loads).into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"main".to_string()), "{names:?}");
    // The bytes recorded are the code as it ran: main's are the object's except in the
    // fields relocations patched (4 bytes each, and up to 3 opcode bytes before one that a
    // GOT-load relaxation rewrites, `mov` into `lea`).
    let main = loads
        .iter()
        .find_map(|r| match r {
            Record::CodeLoad { name, code, .. } if name == "main" => Some(code.clone()),
            _ => None,
        })
        .unwrap();
    let (original, patched) = object_function(DISPATCH[0], "main");
    assert_eq!(main.len(), original.len());
    for (i, (ran, was)) in main.iter().zip(&original).enumerate() {
        if !patched
            .iter()
            .any(|&p| (p.saturating_sub(3)..p + 4).contains(&i))
        {
            assert_eq!(ran, was, "main+{i:#x}");
        }
    }
    // ... and the patched fields hold what the link wrote (RELA objects leave them zero).
    assert!(
        patched
            .iter()
            .any(|&p| main[p..p + 4] != original[p..p + 4]),
        "main's relocated fields are as in the object"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A function's bytes in its object and the offsets (in the function) of the fields its
/// relocations patch.
fn object_function(path: &str, name: &str) -> (Vec<u8>, Vec<usize>) {
    use object::{Object, ObjectSection, ObjectSymbol};
    let data = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let file = object::File::parse(&*data).unwrap();
    let sym = file.symbols().find(|s| s.name() == Ok(name)).unwrap();
    let section = file.section_by_index(sym.section_index().unwrap()).unwrap();
    let (start, size) = (sym.address() as usize, sym.size() as usize);
    let bytes = section.data().unwrap()[start..start + size].to_vec();
    let patched = section
        .relocations()
        .map(|(off, _)| off as usize)
        .filter(|&off| (start..start + size).contains(&off))
        .map(|off| off - start)
        .collect();
    (bytes, patched)
}

/// The records of running `args` under `tool` (exit status `status`).
fn records_of(tool: &Path, name: &str, args: &[&str], status: i32) -> Vec<Record> {
    let dir = fresh_dir(name);
    let mut all = vec!["-perf-support"];
    all.extend(args);
    let o = run_in(tool, &dir, &all);
    assert_eq!(o.status.code(), Some(status), "{}", stderr(&o));
    let (bytes, _) = dump_in(&dir);
    std::fs::remove_dir_all(&dir).ok();
    parse(&bytes).1
}

fn rjitlink() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_rjitlink"))
}

/// Every function llvm-jitlink-22 records, with the same size; rjitlink also records the
/// static functions that nothing names (called within their section), which llvm-jitlink-22
/// drops with their symbols, so that their samples have a name too.
#[test]
fn llvm_jitlink_22_records_the_same_functions_but_the_static_ones() {
    let Some(llvm) = common::tool("llvm-jitlink-22") else {
        return;
    };
    let ours = functions(&records_of(rjitlink(), "ours", &DISPATCH, 10));
    let theirs = functions(&records_of(&llvm, "theirs", &DISPATCH, 10));
    let extra: Vec<&(String, usize)> = ours.iter().filter(|f| !theirs.contains(f)).collect();
    assert!(
        theirs.iter().all(|f| ours.contains(f)),
        "{theirs:?} vs {ours:?}"
    );
    assert_eq!(extra.len(), 1, "{extra:?}");
    assert_eq!(extra[0].0, "op_min");
}

/// Each function's (relative address, line, discriminator, file) rows.
fn lines(records: &[Record]) -> Vec<(String, Vec<Row>)> {
    let names: std::collections::HashMap<u64, String> = records
        .iter()
        .filter_map(|r| match r {
            Record::CodeLoad { addr, name, .. } => Some((*addr, name.clone())),
            _ => None,
        })
        .collect();
    let mut out: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            Record::DebugInfo { addr, rows } => Some((names[addr].clone(), rows.clone())),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// Source lines from DWARF 4 and DWARF 5 line tables: each function's rows, 0x40 past its
/// start (perf's rebuilt ELF file puts the code there), all in /src/lines.c; the lines of
/// each function are those of its body in testdata/perf/lines.c. llvm-jitlink-22 writes the
/// same rows (for the functions it records: not `square`, see above).
#[test]
fn line_records_give_each_function_its_source_lines() {
    let llvm = common::tool("llvm-jitlink-22");
    for object in [
        "testdata/perf/lines-dwarf4.o",
        "testdata/perf/lines-dwarf5.o",
    ] {
        let ours = lines(&records_of(rjitlink(), "lines", &[object], 3));
        let names: Vec<&str> = ours.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["main", "square", "sum"], "{object}");
        for (name, rows) in &ours {
            let body = match name.as_str() {
                "square" => 3..=5,
                "sum" => 8..=12,
                _ => 15..=20,
            };
            assert_eq!(rows[0].0, 0x40, "{object}: {name}");
            assert_eq!(
                rows[0].1,
                *body.start(),
                "{object}: {name}: the opening line"
            );
            for (offset, line, discriminator, file) in rows {
                assert!(
                    body.contains(line) || *line == 0,
                    "{object}: {name}: line {line}"
                );
                assert!(*offset >= 0x40, "{object}: {name}");
                assert_eq!((*discriminator, file.as_str()), (0, "/src/lines.c"));
            }
            let last = rows.iter().map(|r| r.1).max().unwrap();
            assert_eq!(last, *body.end(), "{object}: {name}: the closing line");
        }
        if let Some(llvm) = &llvm {
            let theirs = lines(&records_of(llvm, "lines-llvm", &[object], 3));
            let ours: Vec<_> = ours.into_iter().filter(|(n, _)| n != "square").collect();
            assert_eq!(ours, theirs, "{object} vs llvm-jitlink-22");
        }
    }
}

#[test]
fn nothing_is_recorded_without_a_run_here() {
    let dir = fresh_dir("noexec");
    let mut args = vec!["-perf-support", "-noexec"];
    args.extend(DISPATCH);
    let o = run_in(Path::new(env!("CARGO_BIN_EXE_rjitlink")), &dir, &args);
    assert_eq!(
        stderr(&o),
        "rjitlink: warning: -perf-support records nothing with -noexec\n"
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(!dir.join(".debug").exists());

    let mut args = vec!["-perf-support", "-oop-executor"];
    args.extend(DISPATCH);
    let o = run_in(Path::new(env!("CARGO_BIN_EXE_rjitlink")), &dir, &args);
    assert_eq!(
        stderr(&o),
        "rjitlink: error: -perf-support: only code run in this process is recorded (not in an \
         executor)\n"
    );
    assert_eq!(o.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).ok();
}
