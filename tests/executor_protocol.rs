//! `rjitlink-executor` driven directly over a pipe pair, message by message, as LLVM 22's
//! `llvm-jitlink` would drive it (see `shared/docs/orc-remote-protocol.md`): the Setup message,
//! the memory manager, memory access, the dylib manager, running code, allocation actions,
//! pipelined calls, protocol errors, the end of a session, and a deterministic fuzzer.
//!
//! Every wait is bounded and every executor is killed and reaped when its test ends (see
//! `common/executor.rs`).
#![cfg(target_os = "linux")]

#[path = "common/executor.rs"]
mod harness;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use harness::*;
use rjitlink::remote::names::*;
use rjitlink::remote::shared_view::SharedView;
use rjitlink::remote::sps::{Decoder, Encoder};
use rjitlink::remote::wire::{self, Opcode, MAX_MESSAGE};

/// The 34 bootstrap symbols LLVM 22.1's executor advertises (protocol doc, section 2.3).
const BOOTSTRAP_NAMES: [&str; 34] = [
    "__llvm_orc_SimpleRemoteEPC_dispatch_ctx",
    "__llvm_orc_SimpleRemoteEPC_dispatch_fn",
    "__llvm_orc_SimpleExecutorMemoryManager_Instance",
    "__llvm_orc_SimpleExecutorMemoryManager_reserve_wrapper",
    "__llvm_orc_SimpleExecutorMemoryManager_initialize_wrapper",
    "__llvm_orc_SimpleExecutorMemoryManager_deinitialize_wrapper",
    "__llvm_orc_SimpleExecutorMemoryManager_release_wrapper",
    "__llvm_orc_SimpleExecutorDylibManager_Instance",
    "__llvm_orc_SimpleExecutorDylibManager_open_wrapper",
    "__llvm_orc_SimpleExecutorDylibManager_resolve_wrapper",
    "__llvm_orc_bootstrap_mem_write_uint8s_wrapper",
    "__llvm_orc_bootstrap_mem_write_uint16s_wrapper",
    "__llvm_orc_bootstrap_mem_write_uint32s_wrapper",
    "__llvm_orc_bootstrap_mem_write_uint64s_wrapper",
    "__llvm_orc_bootstrap_mem_write_buffers_wrapper",
    "__llvm_orc_bootstrap_mem_write_pointers_wrapper",
    "__llvm_orc_bootstrap_mem_read_uint8s_wrapper",
    "__llvm_orc_bootstrap_mem_read_uint16s_wrapper",
    "__llvm_orc_bootstrap_mem_read_uint32s_wrapper",
    "__llvm_orc_bootstrap_mem_read_uint64s_wrapper",
    "__llvm_orc_bootstrap_mem_read_buffers_wrapper",
    "__llvm_orc_bootstrap_mem_read_strings_wrapper",
    "__llvm_orc_bootstrap_mem_read_pointers_wrapper",
    "__llvm_orc_bootstrap_run_as_main_wrapper",
    "__llvm_orc_bootstrap_run_as_void_function_wrapper",
    "__llvm_orc_bootstrap_run_as_int_function_wrapper",
    "llvm_orc_registerEHFrameAllocAction",
    "llvm_orc_deregisterEHFrameAllocAction",
    "llvm_orc_registerJITLoaderGDBAllocAction",
    "__llvm_orc_ExecutorSharedMemoryMapperService_Instance",
    "__llvm_orc_ExecutorSharedMemoryMapperService_Reserve",
    "__llvm_orc_ExecutorSharedMemoryMapperService_Initialize",
    "__llvm_orc_ExecutorSharedMemoryMapperService_Deinitialize",
    "__llvm_orc_ExecutorSharedMemoryMapperService_Release",
];

const PAGE: u64 = 4096;

fn u64s(v: &[u64]) -> Vec<u8> {
    let mut e = Encoder::new();
    for &x in v {
        e.u64(x);
    }
    e.finish()
}

/// An `(Addr, Seq<Addr>)` argument list: an instance and a list of addresses.
fn inst_and_list(inst: u64, list: &[u64]) -> Vec<u8> {
    let mut e = Encoder::new();
    e.u64(inst).count(list.len());
    for &a in list {
        e.u64(a);
    }
    e.finish()
}

fn call(func: u64, args: Vec<u8>) -> Call {
    Call { func, args }
}

#[track_caller]
fn assert_err_contains<T: std::fmt::Debug>(r: Result<T, String>, needle: &str) -> String {
    match r {
        Ok(v) => panic!("expected an error containing {needle:?}, got Ok({v:?})"),
        Err(e) => {
            assert!(
                e.contains(needle),
                "error {e:?} does not contain {needle:?}"
            );
            e
        }
    }
}

/// Runs the executor with `args` (no pipes) and returns (status code, stdout, stderr), killing
/// it if it runs longer than a few seconds.
fn run_executor(args: &[&str]) -> (Option<i32>, String, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(executor_path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rjitlink-executor");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("rjitlink-executor {args:?} did not exit");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), out, err)
}

// ---------------------------------------------------------------------------------------------
// 1. Setup and the command line

#[test]
fn setup_reports_the_host_page_size_an_empty_map_and_34_unique_symbols() {
    let mut ex = Exec::start();
    let info = ex.info().clone();
    if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        assert_eq!(info.triple, "x86_64-pc-linux-gnu");
    } else if cfg!(all(target_arch = "aarch64", target_os = "linux")) {
        assert_eq!(info.triple, "aarch64-unknown-linux-gnu");
    }
    assert_eq!(info.page_size, PAGE);
    assert!(info.bootstrap_map.is_empty(), "{:?}", info.bootstrap_map);

    // Decode the payload by hand too: exactly 34 entries, no duplicates, nothing after them.
    let setup = ex.setup.as_ref().unwrap();
    let mut d = Decoder::new(&setup.payload);
    assert_eq!(d.string("triple").unwrap(), info.triple);
    assert_eq!(d.u64("page size").unwrap(), PAGE);
    assert_eq!(d.u64("map count").unwrap(), 0);
    assert_eq!(d.u64("symbol count").unwrap(), 34);
    let mut names = Vec::new();
    let mut addrs = HashSet::new();
    for _ in 0..34 {
        let name = d.string("name").unwrap();
        let addr = d.u64("addr").unwrap();
        assert_ne!(addr, 0, "{name} has address 0");
        assert!(addrs.insert(addr), "{name} shares address {addr:#x}");
        names.push(name);
    }
    assert_eq!(d.remaining(), 0, "bytes after the symbol table");
    names.sort();
    let mut want: Vec<String> = BOOTSTRAP_NAMES.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
    assert_eq!(info.symbols.len(), 34);
    ex.finish_clean();
}

#[test]
fn a_leading_test_jitloadergdb_flag_is_accepted() {
    let mut ex = Exec::start_with(Options {
        prefix: vec!["test-jitloadergdb".into()],
        ..Options::default()
    });
    assert!(ex.reserve(PAGE).is_ok());
    ex.finish_clean();
}

#[test]
fn bad_command_lines_exit_1_with_a_message() {
    for (args, needle) in [
        (&[][..], "usage"),
        (&["bogus"][..], "unknown transport"),
        (&["filedescs=3"][..], "expected filedescs"),
        (&["filedescs=x,1"][..], "not a file descriptor"),
        (&["filedescs=900,901"][..], "not open"),
        (&["listen=nohostport"][..], "expected <host>:<port>"),
        (&["listen=127.0.0.1:notaport"][..], "not a port number"),
    ] {
        let (code, _, err) = run_executor(args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains("rjitlink-executor: error:"), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let (code, out, _) = run_executor(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("filedescs=<infd>,<outfd>"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// 2. Memory manager and memory access

#[test]
fn reserve_returns_distinct_page_aligned_read_write_slabs_and_rejects_bad_sizes() {
    let mut ex = Exec::start();
    let a = ex.reserve(0x3000).unwrap();
    let b = ex.reserve(1).unwrap();
    for s in [a, b] {
        assert!(s != 0 && s % PAGE == 0, "slab at {s:#x}");
    }
    assert_ne!(a, b);
    // A fresh slab is zero, readable and writable over its whole (page-rounded) size.
    let bufs = ex.read_buffers(&[(a, a + 0x3000), (b, b + PAGE)]).unwrap();
    assert!(bufs[0].len() == 0x3000 && bufs[0].iter().all(|&x| x == 0));
    assert!(bufs[1].len() == PAGE as usize && bufs[1].iter().all(|&x| x == 0));
    ex.write_u8s(&[(a + 0x2fff, 0x5a), (b + 0xfff, 0xa5)]);
    assert_eq!(
        ex.read_u8s(&[a + 0x2fff, b + 0xfff]),
        Some(vec![0x5a, 0xa5])
    );
    // Nothing past the end of a slab.
    assert_eq!(ex.read_buffers(&[(a + 0x2fff, a + 0x3001)]), None);

    assert_err_contains(ex.reserve(0), "cannot reserve 0x0 bytes");
    assert_err_contains(ex.reserve(1 << 40), "cannot reserve");
    assert_err_contains(ex.reserve(u64::MAX), "cannot reserve");
    assert_err_contains(ex.reserve(u64::MAX - PAGE + 2), "cannot reserve");

    // Bad arguments: wrong instance, truncated size: out-of-band errors (empty results).
    let p = ex.call(MEM_RESERVE, &u64s(&[ex.mem_inst() + 1, PAGE]));
    assert!(p.is_empty(), "{p:02x?}");
    let p = ex.call(MEM_RESERVE, &u64s(&[ex.mem_inst()]));
    assert!(p.is_empty(), "{p:02x?}");
    let p = ex.call(MEM_RESERVE, &[]);
    assert!(p.is_empty(), "{p:02x?}");

    ex.release(&[a, b]).unwrap();
    assert_eq!(ex.read_u8s(&[a]), None, "released slab still readable");
    ex.finish_clean();
}

#[test]
fn initialize_copies_content_zero_fills_to_the_size_and_reads_back() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x4000).unwrap();
    // Dirty the slab first, so the zero fill is visible.
    ex.write_buffers(&[(base, &[0xee; 0x4000])]);
    let rodata = b"read-only data\0";
    let data: Vec<u8> = (1..=16).collect();
    let code = [0xc3u8, 0x90, 0xcc];
    let key = ex
        .initialize(
            &[
                seg(R, base, 0x1000, rodata),
                seg(RW, base + 0x1000, 0x800, &data),
                seg(RX, base + 0x2000, 0x10, &code),
            ],
            &[],
        )
        .unwrap();
    assert_eq!(key, base, "the key is the lowest segment address");

    let bufs = ex
        .read_buffers(&[
            (base, base + 0x1000),
            (base + 0x1000, base + 0x1800),
            (base + 0x2000, base + 0x2010),
            (base + 0x3000, base + 0x3004),
        ])
        .unwrap();
    let mut want = rodata.to_vec();
    want.resize(0x1000, 0);
    assert_eq!(bufs[0], want, "R segment: content then zeros");
    let mut want = data.clone();
    want.resize(0x800, 0);
    assert_eq!(bufs[1], want, "RW segment: content then zeros");
    let mut want = code.to_vec();
    want.resize(0x10, 0);
    assert_eq!(bufs[2], want, "RX segment: content then zeros");
    assert_eq!(bufs[3], [0xee; 4], "the uninitialized page is untouched");
    // The zero fill stops at the segment's size.
    assert_eq!(
        ex.read_u8s(&[base + 0x17ff, base + 0x1800, base + 0x200f, base + 0x2010]),
        Some(vec![0, 0xee, 0, 0xee])
    );
    assert_eq!(
        ex.read_u8s(&[base, base + 13, base + 0x1000, base + 0x100f]),
        Some(vec![b'r', b'a', 1, 16])
    );

    // read_strings reads up to the NUL.
    let mut e = Encoder::new();
    e.count(2).u64(base).u64(base + 5);
    let p = ex.call(READ_STRINGS, &e.finish());
    let mut d = Decoder::new(&p);
    assert_eq!(d.u64("count").unwrap(), 2);
    assert_eq!(d.string("s").unwrap(), "read-only data");
    assert_eq!(d.string("s").unwrap(), "only data");
    assert_eq!(d.remaining(), 0);

    // Segments listed out of order: the key is still the lowest address.
    let other = ex.reserve(0x3000).unwrap();
    let key = ex
        .initialize(
            &[
                seg(RW, other + 0x2000, 8, b"bbbbbbbb"),
                seg(R, other + 0x1000, 8, b"aaaaaaaa"),
            ],
            &[],
        )
        .unwrap();
    assert_eq!(key, other + 0x1000);
    ex.release(&[base, other]).unwrap();
    ex.finish_clean();
}

#[test]
fn writes_obey_segment_protections_and_integer_widths() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x4000).unwrap();
    let (r, rw, rx, free) = (base, base + 0x1000, base + 0x2000, base + 0x3000);
    ex.initialize(
        &[
            seg(R, r, 0x10, &[1; 16]),
            seg(RW, rw, 0x10, &[2; 16]),
            seg(RX, rx, 0x10, &[0xc3; 16]),
        ],
        &[],
    )
    .unwrap();

    // Refused: R and RX segments (the old bytes stay).
    ex.write_u8s(&[(r, 9)]);
    ex.write_u8s(&[(rx, 9)]);
    ex.write_buffers(&[(r + 4, b"xyz")]);
    ex.write_buffers(&[(rx + 4, b"xyz")]);
    assert_eq!(
        ex.read_u8s(&[r, r + 4, rx, rx + 4]),
        Some(vec![1, 1, 0xc3, 0xc3])
    );
    // Accepted: the RW segment and the uninitialized page.
    ex.write_u8s(&[(rw, 9), (free, 8)]);
    ex.write_buffers(&[(rw + 4, b"xyz")]);
    assert_eq!(
        ex.read_u8s(&[rw, rw + 4, rw + 6, rw + 7, free]),
        Some(vec![9, b'x', b'z', 2, 8])
    );
    // A request is checked as a whole before any byte is written.
    ex.write_u8s(&[(rw + 8, 0x77), (r + 8, 0x77)]);
    ex.write_buffers(&[(rw + 9, b"q"), (rx + 9, b"q")]);
    assert_eq!(ex.read_u8s(&[rw + 8, rw + 9]), Some(vec![2, 2]));
    // A buffer running from RW into RX is refused.
    ex.write_buffers(&[(rx - 2, b"abcd")]);
    assert_eq!(ex.read_u8s(&[rx - 2, rx - 1, rx]), Some(vec![0, 0, 0xc3]));

    // 16/32/64-bit and pointer writes, little-endian, read back at every width.
    let mut e = Encoder::new();
    e.count(1).u64(rw).u16(0xbeef);
    assert!(ex.call(WRITE_UINT16S, &e.finish()).is_empty());
    let mut e = Encoder::new();
    e.count(1).u64(rw + 2).u32(0x1234_5678);
    assert!(ex.call(WRITE_UINT32S, &e.finish()).is_empty());
    let mut e = Encoder::new();
    e.count(1).u64(free + 8).u64(0x1122_3344_5566_7788);
    assert!(ex.call(WRITE_UINT64S, &e.finish()).is_empty());
    let mut e = Encoder::new();
    e.count(1).u64(free + 16).u64(base);
    assert!(ex.call(WRITE_POINTERS, &e.finish()).is_empty());
    assert_eq!(
        ex.read_u8s(&[rw, rw + 1, rw + 2, rw + 5, free + 8, free + 15]),
        Some(vec![0xef, 0xbe, 0x78, 0x12, 0x88, 0x11])
    );
    let p = ex.call(READ_UINT16S, &inst_list_only(&[rw]));
    assert_eq!(
        p,
        [&1u64.to_le_bytes()[..], &0xbeefu16.to_le_bytes()].concat()
    );
    let p = ex.call(READ_UINT32S, &inst_list_only(&[rw + 2]));
    assert_eq!(
        p,
        [&1u64.to_le_bytes()[..], &0x1234_5678u32.to_le_bytes()].concat()
    );
    let p = ex.call(READ_UINT64S, &inst_list_only(&[free + 8]));
    assert_eq!(p, u64s(&[1, 0x1122_3344_5566_7788]));
    let p = ex.call(READ_POINTERS, &inst_list_only(&[free + 16]));
    assert_eq!(p, u64s(&[1, base]));
    // Wide writes into read-only memory are refused too.
    let mut e = Encoder::new();
    e.count(1).u64(r).u64(u64::MAX);
    assert!(ex.call(WRITE_UINT64S, &e.finish()).is_empty());
    let mut e = Encoder::new();
    e.count(1).u64(rx).u64(0);
    assert!(ex.call(WRITE_POINTERS, &e.finish()).is_empty());
    assert_eq!(ex.read_u8s(&[r + 7, rx + 7]), Some(vec![1, 0xc3]));

    // deinitialize gives the pages back as read-write, keeping the slab.
    ex.deinitialize(&[base]).unwrap();
    ex.write_u8s(&[(r, 9), (rx, 9)]);
    assert_eq!(ex.read_u8s(&[r, rx]), Some(vec![9, 9]));
    ex.release(&[base]).unwrap();
    ex.finish_clean();
}

/// A `Seq<Addr>` argument.
fn inst_list_only(list: &[u64]) -> Vec<u8> {
    let mut e = Encoder::new();
    e.count(list.len());
    for &a in list {
        e.u64(a);
    }
    e.finish()
}

#[test]
fn reads_and_writes_outside_jit_memory_are_out_of_band_errors() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x2000).unwrap();
    let own_code = ex.sym(MEM_RESERVE);
    let own_data = ex.sym(MEM_INSTANCE);
    assert_eq!(ex.read_u8s(&[]), Some(vec![]), "an empty read is fine");
    for addr in [0, 0x1000, own_code, own_data, u64::MAX, base + 0x2000] {
        assert_eq!(ex.read_u8s(&[addr]), None, "read at {addr:#x}");
        assert_eq!(ex.read_u8s(&[base, addr]), None, "read at {addr:#x}");
        for name in [
            READ_UINT16S,
            READ_UINT32S,
            READ_UINT64S,
            READ_POINTERS,
            READ_STRINGS,
        ] {
            let p = ex.call(name, &inst_list_only(&[addr]));
            assert!(p.is_empty(), "{name} at {addr:#x}: {p:02x?}");
        }
    }
    // The last byte of a slab is readable; a wider read running past it is not.
    let p = ex.call(READ_UINT64S, &inst_list_only(&[base + 0x1ff8]));
    assert_eq!(p.len(), 16);
    let p = ex.call(READ_UINT64S, &inst_list_only(&[base + 0x1ffc]));
    assert!(p.is_empty());
    for r in [
        (0, 16),
        (base + 8, base),
        (base, base + 0x2001),
        (base + 0x1fff, u64::MAX),
        (own_code, own_code + 8),
    ] {
        assert_eq!(ex.read_buffers(&[r]), None, "read_buffers {r:x?}");
    }
    // A string that runs to the end of the slab without a NUL.
    ex.write_buffers(&[(base + 0x1ff0, &[b'x'; 16])]);
    let p = ex.call(READ_STRINGS, &inst_list_only(&[base + 0x1ff0]));
    assert!(p.is_empty(), "{p:02x?}");

    // Writes outside JIT memory are refused without harm (the executor's own code and data
    // included); truncated arguments are out-of-band errors too.
    ex.write_u8s(&[(0x1000, 1)]);
    ex.write_u8s(&[(own_code, 0xcc)]);
    ex.write_buffers(&[(own_data, &[0xff; 64])]);
    ex.write_buffers(&[(base + 0x1ff0, &[0; 32])]);
    assert_eq!(ex.read_u8s(&[base + 0x1ff0]), Some(vec![b'x']));
    let p = ex.call(WRITE_UINT8S, &u64s(&[1, base]));
    assert!(p.is_empty());
    let p = ex.call(READ_BUFFERS, &u64s(&[1 << 40, base]));
    assert!(p.is_empty());
    // The executor's own code still works.
    assert_eq!(ex.reserve(PAGE).map(|a| a % PAGE), Ok(0));
    ex.release(&[base]).unwrap();
    assert_eq!(ex.read_u8s(&[base]), None, "read from a released slab");
    ex.write_u8s(&[(base, 1)]);
    ex.finish_clean();
}

#[test]
fn initialize_rejects_bad_requests_and_changes_nothing() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x4000).unwrap();
    let far = ex.reserve(PAGE).unwrap();
    let bad: Vec<(Vec<Seg>, &str)> = vec![
        (vec![], "Finalization request is empty"),
        (vec![seg(R, 0x1000, 0x1000, b"")], "not in a reserved slab"),
        (
            vec![
                seg(R, base, 0x10, b"AAAA"),
                seg(R, base + 0x4000, 0x1000, b""),
            ],
            "outside the reserved slab",
        ),
        (
            vec![seg(R, base + 0x3000, 0x1001, b"")],
            "outside the reserved slab",
        ),
        (
            vec![seg(R, base, 0x10, b"AAAA"), seg(R, far, 0x10, b"")],
            "outside the reserved slab",
        ),
        (vec![seg(R, base + 0x10, 0x10, b"")], "not aligned"),
        (
            vec![seg(R, base, 0x10, b"AAAA"), seg(RW, base + 0x1008, 8, b"")],
            "not aligned",
        ),
        (vec![seg(PROT_WRITE | PROT_EXEC, base, 0x10, b"")], "W^X"),
        (
            vec![
                seg(R, base, 0x10, b"AAAA"),
                seg(
                    PROT_READ | PROT_WRITE | PROT_EXEC,
                    base + 0x1000,
                    0x10,
                    b"\xc3",
                ),
            ],
            "W^X",
        ),
        (
            vec![seg(R | 0x10, base, 0x10, b"")],
            "unknown protection bits",
        ),
        (vec![seg(R, base, 4, b"12345")], "do not fit"),
        (
            vec![seg(R, base, 0x10, b"AAAA"), seg(RW, base, 0x10, b"")],
            "overlaps another segment",
        ),
        (
            vec![
                seg(R, base, 0x1001, b"AAAA"),
                seg(RW, base + 0x1000, 8, b""),
            ],
            "overlaps another segment",
        ),
        (vec![seg(R, base, u64::MAX, b"")], "wraps around"),
    ];
    for (segs, needle) in &bad {
        assert_err_contains(ex.initialize(segs, &[]), needle);
    }
    // Nothing was copied or protected by the failed requests.
    assert_eq!(ex.read_u8s(&[base, base + 0x1000]), Some(vec![0, 0]));
    ex.write_u8s(&[(base, 0x11)]);
    assert_eq!(ex.read_u8s(&[base]), Some(vec![0x11]));

    // Undecodable requests: out-of-band errors.
    let inst = ex.mem_inst();
    let good = initialize_payload(inst, &[seg(R, base, 0x10, b"x")], &[]);
    for p in [
        initialize_payload(inst + 1, &[seg(R, base, 0x10, b"x")], &[]),
        good[..good.len() - 1].to_vec(),
        good[..20].to_vec(),
        u64s(&[inst, u64::MAX]),
        u64s(&[inst, 0, 1 << 60]),
        vec![],
    ] {
        let r = ex.call(MEM_INITIALIZE, &p);
        assert!(r.is_empty(), "{r:02x?}");
    }

    // Now a good request over the same pages succeeds...
    let key = ex
        .initialize(
            &[
                seg(R, base, 0x1000, b"ok"),
                seg(RW, base + 0x1000, 0x1000, b""),
            ],
            &[],
        )
        .unwrap();
    assert_eq!(key, base);
    assert_eq!(
        ex.read_u8s(&[base, base + 1, base + 2]),
        Some(vec![b'o', b'k', 0])
    );
    // ...and nothing may overlap it afterwards, even partly or in another request.
    for segs in [
        vec![seg(R, base + 0x1000, 0x10, b"")],
        vec![seg(R, base + 0x2000, 0x10, b""), seg(RW, base, 0x10, b"")],
    ] {
        assert_err_contains(ex.initialize(&segs, &[]), "overlaps an initialized region");
    }
    // A second region next to it is fine.
    assert_eq!(
        ex.initialize(&[seg(RW, base + 0x2000, 0x10, b"")], &[]),
        Ok(base + 0x2000)
    );

    // deinitialize: known keys once, unknown keys never; the memory stays reserved.
    ex.deinitialize(&[base]).unwrap();
    assert_err_contains(ex.deinitialize(&[base]), "is not an initialized region");
    assert_err_contains(
        ex.deinitialize(&[0x1234]),
        "0x1234 is not an initialized region",
    );
    ex.deinitialize(&[]).unwrap();
    assert_eq!(
        ex.initialize(&[seg(R, base, 0x10, b"again")], &[]),
        Ok(base)
    );
    assert_eq!(ex.read_u8s(&[base]), Some(vec![b'a']));
    let p = ex.call(MEM_DEINITIALIZE, &inst_and_list(inst + 1, &[base]));
    assert!(p.is_empty());
    let p = ex.call(MEM_DEINITIALIZE, &u64s(&[inst, 5]));
    assert!(p.is_empty());

    // release: each reserved slab once, with its regions still initialized.
    ex.release(&[base]).unwrap();
    let e = assert_err_contains(
        ex.release(&[base]),
        "is not part of any reserved address range",
    );
    assert_eq!(
        e,
        format!("In release, {base:#x} is not part of any reserved address range")
    );
    assert_err_contains(ex.release(&[far + 0x10]), "not part of any reserved");
    assert_err_contains(
        ex.deinitialize(&[base + 0x2000]),
        "is not an initialized region",
    );
    // (not in a slab, or outside the one below it)
    assert_err_contains(
        ex.initialize(&[seg(R, base, 0x10, b"")], &[]),
        "reserved slab",
    );
    let p = ex.call(MEM_RELEASE, &inst_and_list(inst + 1, &[far]));
    assert!(p.is_empty());
    ex.release(&[]).unwrap();
    ex.release(&[far]).unwrap();
    ex.finish_clean();
}

/// Every initialized region has its own key: a request whose lowest address is the key of a
/// live region (possible only with an empty segment) is refused, so `deinitialize(key)` can
/// never pick the wrong region.
#[test]
fn an_empty_segment_cannot_take_the_key_of_a_live_region() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x2000).unwrap();
    assert_eq!(ex.initialize(&[seg(R, base, 0x10, b"A")], &[]), Ok(base));
    assert_err_contains(
        ex.initialize(&[seg(RW, base, 0, b"")], &[]),
        "overlaps an initialized region",
    );
    // An empty segment elsewhere is harmless.
    assert_eq!(
        ex.initialize(&[seg(RW, base + 0x1000, 0, b"")], &[]),
        Ok(base + 0x1000)
    );
    ex.deinitialize(&[base]).unwrap();
    assert_err_contains(ex.deinitialize(&[base]), "is not an initialized region");
    ex.deinitialize(&[base + 0x1000]).unwrap();
    ex.release(&[base]).unwrap();
    ex.finish_clean();
}

/// At the kernel's limit on the number of mappings (65530 by default), mprotect fails in the
/// middle of a request. The request fails, and the pages it had already protected must not
/// stay protected behind the table's back: a write the table allows would crash the executor.
#[test]
fn an_initialize_failing_in_mprotect_leaves_no_protected_pages_behind() {
    let limit: u64 = std::fs::read_to_string("/proc/sys/vm/max_map_count")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(65530);
    if limit > 200_000 {
        eprintln!("skipped: vm.max_map_count is {limit}");
        return;
    }
    let mut ex = Exec::start();
    const N: u64 = 10_000;
    let mut slabs = Vec::new();
    let failed = loop {
        assert!(
            (slabs.len() as u64) * N < limit + 2 * N,
            "no mprotect failure"
        );
        let base = ex.reserve(N * PAGE).unwrap();
        slabs.push(base);
        // Alternating protections: every page becomes a mapping of its own.
        let segs: Vec<Seg> = (0..N)
            .map(|i| seg(if i % 2 == 0 { R } else { RW }, base + i * PAGE, 1, b""))
            .collect();
        if let Err(e) = ex.initialize(&segs, &[]) {
            assert!(e.contains("cannot protect"), "{e}");
            break base;
        }
    };
    // Every page of the failed request is writable again, and nothing of it is initialized.
    let probe: Vec<u64> = (0..N).step_by(997).map(|i| failed + i * PAGE).collect();
    let writes: Vec<(u64, u8)> = probe.iter().map(|&a| (a, 0x5a)).collect();
    ex.write_u8s(&writes);
    assert_eq!(ex.read_u8s(&probe), Some(vec![0x5a; probe.len()]));
    assert_err_contains(ex.deinitialize(&[failed]), "is not an initialized region");
    ex.release(&slabs).unwrap();
    ex.finish_clean();
}

#[test]
fn allocation_actions_are_checked_run_in_order_and_undone() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x8000).unwrap();
    let reg = ex.sym(REGISTER_EH_FRAME);
    let dereg = ex.sym(DEREGISTER_EH_FRAME);
    let gdb = ex.sym(REGISTER_JIT_LOADER_GDB);
    // An eh_frame table that is just its zero terminator, in a read-only segment.
    let table = base + 0x100;
    let rodata = seg(R, base, 0x1000, &[0; 0x200]);
    let pair = |t: u64| {
        (
            call(reg, range_args(t, t + 4)),
            call(dereg, range_args(t, t + 4)),
        )
    };

    // The executor's own registration action with a bogus range fails, and the region is
    // not kept (the same pages can be initialized again).
    let bogus = (
        call(reg, range_args(0x10, 0x20)),
        call(dereg, range_args(0x10, 0x20)),
    );
    assert_err_contains(
        ex.initialize(std::slice::from_ref(&rodata), &[bogus]),
        "is not in an initialized read-only segment",
    );
    let short = (call(reg, range_args(table, table + 2)), no_call());
    assert_err_contains(
        ex.initialize(std::slice::from_ref(&rodata), &[short]),
        "eh_frame range",
    );
    // Arguments that do not decode: the action's out-of-band error becomes the error.
    let truncated = (call(reg, u64s(&[table])), no_call());
    assert_err_contains(
        ex.initialize(std::slice::from_ref(&rodata), &[truncated]),
        "truncated",
    );

    // Function addresses that are not code are rejected instead of called.
    let data_seg = seg(RW, base + 0x1000, 0x10, b"data");
    let own_data = ex.sym(MEM_INSTANCE);
    let dispatch = ex.sym(DISPATCH_FN);
    for f in [0x1234, base + 0x1000, base, own_data, dispatch, u64::MAX] {
        let action = (call(f, range_args(table, table + 4)), no_call());
        let e = assert_err_contains(
            ex.initialize(&[rodata.clone(), data_seg.clone()], &[action]),
            "is not an executor function, JIT'd code or a resolved symbol",
        );
        assert!(e.contains(&format!("{f:#x}")), "{e}");
    }
    assert_eq!(ex.read_u8s(&[base + 0x1000]), Some(vec![b'd']));
    // None of those regions stuck.
    assert_eq!(ex.initialize(std::slice::from_ref(&rodata), &[]), Ok(base));
    ex.deinitialize(&[base]).unwrap();

    // A good pair registers the table; registering it again elsewhere fails until the first
    // region is deinitialized (which runs its dealloc action).
    let key = ex
        .initialize(std::slice::from_ref(&rodata), &[pair(table)])
        .unwrap();
    let seg2 = seg(R, base + 0x2000, 0x10, b"");
    assert_err_contains(
        ex.initialize(std::slice::from_ref(&seg2), &[pair(table)]),
        "already registered",
    );
    ex.deinitialize(&[key]).unwrap();
    assert_eq!(
        ex.initialize(std::slice::from_ref(&rodata), &[pair(table)]),
        Ok(base)
    );
    ex.deinitialize(&[base]).unwrap();

    // When a later finalize action fails, the earlier ones are undone (deregistered).
    let t2 = base + 0x3000 + 0x40;
    let seg3 = seg(R, base + 0x3000, 0x100, b"");
    assert_err_contains(
        ex.initialize(
            std::slice::from_ref(&seg3),
            &[pair(t2), (call(0x1234, vec![]), no_call())],
        ),
        "0x1234 is not",
    );
    let key3 = ex
        .initialize(std::slice::from_ref(&seg3), &[pair(t2)])
        .unwrap();

    // A failing dealloc action is reported by deinitialize (and by release).
    let orphan = base + 0x4000 + 0x80;
    let seg4 = seg(R, base + 0x4000, 0x100, b"");
    let key4 = ex
        .initialize(
            &[seg4],
            &[(no_call(), call(dereg, range_args(orphan, orphan + 4)))],
        )
        .unwrap();
    assert_err_contains(ex.deinitialize(&[key4]), "is not registered");
    let seg5 = seg(R, base + 0x5000, 0x100, b"");
    ex.initialize(&[seg5], &[(no_call(), call(0x1234, vec![]))])
        .unwrap();

    // The GDB registration action: readable ranges only.
    let seg6 = seg(R, base + 0x6000, 0x100, b"\x7fELF");
    let mut ok = range_args(base + 0x6000, base + 0x6100);
    ok.push(1);
    let mut bad = range_args(0x10, 0x20);
    bad.push(1);
    assert_err_contains(
        ex.initialize(std::slice::from_ref(&seg6), &[(call(gdb, bad), no_call())]),
        "debug object",
    );
    assert_eq!(
        ex.initialize(&[seg6], &[(call(gdb, ok), no_call())]),
        Ok(base + 0x6000)
    );

    // release runs the remaining dealloc actions: key3's deregistration succeeds, the
    // 0x1234 one fails and is reported; the slab is gone either way.
    let e = assert_err_contains(ex.release(&[base]), "0x1234 is not");
    assert!(!e.contains("is not registered"), "{e}");
    let _ = key3;
    assert_eq!(ex.read_u8s(&[base]), None);
    ex.finish_clean();
}

/// A minimal eh_frame table: one CIE (`zR`, pc-relative FDE pointers, CFA = rsp+8, return
/// address at CFA-8) and the zero terminator; 28 bytes.
const EH_FRAME: [u8; 28] = [
    0x14, 0, 0, 0, 0, 0, 0, 0, 1, b'z', b'R', 0, 1, 0x78, 0x10, 1, 0x1b, 0x0c, 0x07, 0x08, 0x90,
    0x01, 0, 0, 0, 0, 0, 0,
];

/// libgcc keeps reading a registered eh_frame table, and decides from its first word whether
/// there is anything to deregister (and aborts on a table it does not know). So tables are
/// registered only in initialized read-only memory, and deregistered before that memory becomes
/// writable or goes away. (Before: registering a zero word in writable memory, writing it and
/// deregistering made libgcc abort the executor.)
#[test]
fn eh_frame_tables_are_registered_only_while_their_memory_is_read_only() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x3000).unwrap();
    let (rw, ro) = (base, base + 0x1000);
    let reg = |ex: &mut Exec, t: u64| ex.call(REGISTER_EH_FRAME, &range_args(t, t + 28));
    let dereg = |ex: &mut Exec, t: u64| ex.call(DEREGISTER_EH_FRAME, &range_args(t, t + 28));

    // The sequence that made libgcc abort: a table in writable memory.
    assert!(
        reg(&mut ex, rw + 0x100).is_empty(),
        "registered in writable memory"
    );
    ex.write_buffers(&[(rw + 0x100, &EH_FRAME)]);
    assert!(reg(&mut ex, rw + 0x100).is_empty());
    assert_err_contains(
        error_result(&dereg(&mut ex, rw + 0x100)),
        "is not registered",
    );

    let mut near_end = vec![0; 0x200 - 8];
    near_end.extend(&EH_FRAME[..8]);
    ex.initialize(
        &[
            seg(RW, rw, 0x200, &EH_FRAME),
            seg(R, ro, 0x200, &EH_FRAME),
            seg(R, base + 0x2000, 0x200, &near_end),
        ],
        &[],
    )
    .unwrap();
    assert!(reg(&mut ex, rw).is_empty(), "registered in an RW segment");
    assert!(
        reg(&mut ex, base + 0x2000 + 0x1f8).is_empty(),
        "runs past its segment"
    );
    assert_eq!(error_result(&reg(&mut ex, ro)), Ok(()));
    assert_err_contains(error_result(&reg(&mut ex, ro)), "already registered");
    // Its bytes cannot change while it is registered...
    ex.write_u8s(&[(ro, 0)]);
    assert_eq!(ex.read_u8s(&[ro]), Some(vec![0x14]));
    // ...and deinitialize deregisters it before the pages become writable again.
    ex.deinitialize(&[base]).unwrap();
    ex.write_u8s(&[(ro, 0)]);
    assert_eq!(ex.read_u8s(&[ro]), Some(vec![0]));
    assert_err_contains(error_result(&dereg(&mut ex, ro)), "is not registered");

    // A registered table goes with its slab, too: the same address (mmap hands it out again)
    // registers afresh.
    ex.initialize(&[seg(R, ro, 0x200, &EH_FRAME)], &[]).unwrap();
    assert_eq!(error_result(&reg(&mut ex, ro)), Ok(()));
    assert_eq!(error_result(&dereg(&mut ex, ro)), Ok(()));
    assert_eq!(error_result(&reg(&mut ex, ro)), Ok(()));
    ex.release(&[base]).unwrap();
    let again = ex.reserve(0x4000).unwrap();
    ex.initialize(&[seg(R, again + 0x1000, 0x200, &EH_FRAME)], &[])
        .unwrap();
    assert_eq!(error_result(&reg(&mut ex, again + 0x1000)), Ok(()));

    // Read-only but malformed (newer libgcc parses a table when it is registered): a record
    // longer than the range, a CIE of an unknown version.
    let mut too_long = EH_FRAME;
    too_long[0] = 0x40;
    let mut bad_version = EH_FRAME;
    bad_version[8] = 99;
    let t = again + 0x2000;
    ex.initialize(
        &[
            seg(R, t, 0x40, &too_long),
            seg(R, t + 0x1000, 0x40, &bad_version),
        ],
        &[],
    )
    .unwrap();
    assert_err_contains(error_result(&reg(&mut ex, t)), "runs past the range");
    assert_err_contains(error_result(&reg(&mut ex, t + 0x1000)), "eh_frame at");

    ex.finish_clean();
}

/// Reads and writes racing with `release` of the same slab: the executor must not touch
/// memory it has unmapped.
#[test]
fn large_reads_and_writes_racing_with_release_do_not_crash() {
    const LEN: u64 = 32 << 20;
    let mut ex = Exec::start();
    let inst = ex.mem_inst();
    for round in 0..4 {
        let base = ex.reserve(LEN).unwrap();
        let mut batch = Vec::new();
        let s1 = ex.next_seq;
        let access = if round % 2 == 0 {
            let mut e = Encoder::new();
            e.count(1).u64(base).u64(base + LEN);
            (ex.sym(READ_BUFFERS), e.finish())
        } else {
            let mut e = Encoder::new();
            e.count(1).u64(base).bytes(&vec![0xab; LEN as usize]);
            (ex.sym(WRITE_BUFFERS), e.finish())
        };
        batch.extend(wire::frame(Opcode::CallWrapper, s1, access.0, &access.1));
        batch.extend(wire::frame(
            Opcode::CallWrapper,
            s1 + 1,
            ex.sym(MEM_RELEASE),
            &inst_and_list(inst, &[base]),
        ));
        ex.next_seq += 2;
        ex.write_raw(&batch).unwrap();
        let mut got = HashMap::new();
        for _ in 0..2 {
            let m = ex.recv_msg();
            assert_eq!(m.opcode, Opcode::Result, "round {round}: {m:?}");
            got.insert(m.seqno, m.payload);
        }
        let access_result = &got[&s1];
        if round % 2 == 0 {
            // Either the whole slab (read before the release) or an out-of-band error.
            assert!(
                access_result.is_empty() || access_result.len() == 16 + LEN as usize,
                "round {round}: {} bytes",
                access_result.len()
            );
        } else {
            assert!(access_result.is_empty());
        }
        assert_eq!(error_result(&got[&(s1 + 1)]), Ok(()));
    }
    assert!(ex.reserve(PAGE).is_ok());
    ex.finish_clean();
}

// ---------------------------------------------------------------------------------------------
// 3. Dylib manager

#[test]
fn dylib_open_and_resolve() {
    let mut ex = Exec::start();
    let h = ex.open(b"", 0).unwrap();
    assert_ne!(h, 0);
    let e = assert_err_contains(
        ex.open(b"/nonexistent/libfoo.so", 0),
        "/nonexistent/libfoo.so",
    );
    assert!(e.contains("No such file"), "{e}");
    assert_err_contains(ex.open(b"", 1), "non-zero mode bits not yet supported");
    assert_err_contains(ex.open(b"/nonexistent/libfoo.so", 1), "mode");
    assert_err_contains(ex.open(b"lib\0c.so.6", 0), "NUL");
    // Wrong instance, truncated arguments: out-of-band errors.
    let mut e = Encoder::new();
    e.u64(ex.dylib_inst() + 1).str("").u64(0);
    assert!(ex.call(DYLIB_OPEN, &e.finish()).is_empty());
    let mut e = Encoder::new();
    e.u64(ex.dylib_inst()).str("");
    assert!(ex.call(DYLIB_OPEN, &e.finish()).is_empty());

    let r = ex
        .resolve(
            h,
            &[
                ("puts", false),
                ("no_such_symbol_xyz", false),
                ("no_such_symbol_xyz", true),
                ("", false),
                ("", true),
                ("puts", true),
            ],
        )
        .unwrap();
    let Some((puts, 0x10, 0)) = r[0] else {
        panic!("puts: {:?}", r[0])
    };
    assert_ne!(puts, 0);
    assert_eq!(r[1], Some((0, 0x10, 0)), "missing optional symbol");
    assert_eq!(r[2], None, "missing required symbol");
    assert_eq!(r[3], None, "empty name");
    assert_eq!(r[4], None, "empty required name (LLVM 22.1.8 aborts here)");
    assert_eq!(r[5], Some((puts, 0x10, 0)));
    assert_eq!(ex.resolve(h, &[]).unwrap(), vec![]);
    // A name with a NUL cannot be looked up.
    let r = ex.resolve(h, &[("puts\0x", false)]).unwrap();
    assert!(matches!(r[0], None | Some((0, _, _))), "{r:?}");

    for bad in [0, 1, h + 1, ex.dylib_inst(), 0xdead_beef] {
        assert_err_contains(ex.resolve(bad, &[("puts", false)]), "unknown dylib handle");
    }
    // Truncated or overlong lists: out-of-band errors.
    let mut e = Encoder::new();
    e.u64(h).count(2).str("puts").bool(false);
    assert!(ex.call(DYLIB_RESOLVE, &e.finish()).is_empty());
    assert!(ex.call(DYLIB_RESOLVE, &u64s(&[h, u64::MAX])).is_empty());

    // A library that is already loaded, by name.
    let hm = ex.open(b"libm.so.6", 0).unwrap();
    let r = ex.resolve(hm, &[("cos", true)]).unwrap();
    assert!(matches!(r[0], Some((a, 0x10, 0)) if a != 0), "{r:?}");

    // Resolved functions may be run.
    let r = ex.resolve(h, &[("abs", true), ("getpid", true)]).unwrap();
    let (Some((abs, ..)), Some((getpid, ..))) = (r[0], r[1]) else {
        panic!("{r:?}")
    };
    assert_eq!(ex.run_int(abs, -5), Some(5));
    assert_eq!(ex.run_void(getpid), Some(ex.pid() as i32));
    ex.finish_clean();
}

// ---------------------------------------------------------------------------------------------
// 4. Running code

/// x86-64 functions, each at a multiple of 0x10 in one code page.
#[cfg(target_arch = "x86_64")]
mod code {
    /// `mov eax, 42; ret`
    pub const RET42: (u64, &[u8]) = (0x00, &[0xb8, 0x2a, 0, 0, 0, 0xc3]);
    /// `lea eax, [rdi+1]; ret`
    pub const INC: (u64, &[u8]) = (0x10, &[0x8d, 0x47, 0x01, 0xc3]);
    /// `mov eax, edi; ret`: main returning argc
    pub const ARGC: (u64, &[u8]) = (0x20, &[0x89, 0xf8, 0xc3]);
    /// `mov rax, [rsi+8]; movzx eax, byte [rax]; ret`: main returning argv[1][0]
    pub const ARGV1: (u64, &[u8]) = (0x30, &[0x48, 0x8b, 0x46, 0x08, 0x0f, 0xb6, 0x00, 0xc3]);
    /// `mov eax, -1; ret`
    pub const MINUS1: (u64, &[u8]) = (0x40, &[0xb8, 0xff, 0xff, 0xff, 0xff, 0xc3]);

    pub fn page(funcs: &[(u64, &[u8])]) -> Vec<u8> {
        let mut page = vec![0xcc; 0x100];
        for (off, bytes) in funcs {
            page[*off as usize..*off as usize + bytes.len()].copy_from_slice(bytes);
        }
        page
    }

    /// `movabs rax, flag; 1: pause; cmp byte [rax], 0; je 1b; mov eax, 7; ret`: returns 7
    /// once the byte at `flag` is non-zero.
    pub fn wait_for(flag: u64) -> Vec<u8> {
        let mut c = vec![0x48, 0xb8];
        c.extend_from_slice(&flag.to_le_bytes());
        c.extend_from_slice(&[0xf3, 0x90, 0x80, 0x38, 0x00, 0x74, 0xf9]);
        c.extend_from_slice(&[0xb8, 0x07, 0, 0, 0, 0xc3]);
        c
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn jit_code_runs_as_void_int_and_main_functions() {
    use code::*;
    let mut ex = Exec::start();
    let base = ex.reserve(0x2000).unwrap();
    let data = base + 0x1000;
    let text = page(&[RET42, INC, ARGC, ARGV1, MINUS1]);
    ex.initialize(
        &[seg(RX, base, 0x1000, &text), seg(RW, data, 0x10, b"data")],
        &[],
    )
    .unwrap();
    let f = |(off, _): (u64, &[u8])| base + off;

    assert_eq!(ex.run_void(f(RET42)), Some(42));
    assert_eq!(ex.run_int(f(INC), 41), Some(42));
    assert_eq!(ex.run_int(f(INC), -1), Some(0));
    assert_eq!(ex.run_int(f(INC), i32::MAX), Some(i32::MIN));
    assert_eq!(ex.run_main(f(ARGC), &["a", "b", "c"]), Some(3));
    assert_eq!(ex.run_main(f(ARGC), &[]), Some(0));
    assert_eq!(ex.run_main(f(ARGV1), &["prog", "Q"]), Some(b'Q' as i64));
    assert_eq!(
        ex.run_main(f(MINUS1), &[]),
        Some(-1),
        "main's int is sign-extended"
    );
    assert_eq!(ex.run_void(f(MINUS1)), Some(-1));

    // Addresses that are not code: an out-of-band error, and the executor keeps going.
    let own = ex.sym(MEM_RESERVE);
    for addr in [
        0,
        data,
        data + 4,
        0x0dea_dbee_f000,
        u64::MAX,
        own,
        base + 0x1000 - 1 + 0x1000,
    ] {
        assert_eq!(ex.run_void(addr), None, "run_as_void at {addr:#x}");
        assert_eq!(ex.run_int(addr, 1), None, "run_as_int at {addr:#x}");
        assert_eq!(ex.run_main(addr, &["a"]), None, "run_as_main at {addr:#x}");
    }
    // Bad arguments with a good address.
    assert!(ex.call(RUN_AS_INT, &u64s(&[f(INC)])).is_empty());
    assert!(ex.call(RUN_AS_VOID, &[1, 2, 3]).is_empty());
    let mut e = Encoder::new();
    e.u64(f(ARGC)).count(1).str("a\0b");
    assert!(ex.call(RUN_AS_MAIN, &e.finish()).is_empty());
    assert!(ex.call(RUN_AS_MAIN, &u64s(&[f(ARGC), 1 << 40])).is_empty());
    // Still alive and well.
    assert_eq!(ex.run_void(f(RET42)), Some(42));

    // Deinitialized code is no longer code.
    ex.deinitialize(&[base]).unwrap();
    assert_eq!(ex.run_void(f(RET42)), None);
    ex.release(&[base]).unwrap();
    assert_eq!(ex.run_void(f(RET42)), None);
    ex.finish_clean();
}

const DISPATCH_TAG: u64 = 0x7777_0000;

/// Reserves and initializes code that calls `dispatch_fn(ctx, DISPATCH_TAG, "hello", 5)` and
/// returns `result byte 0 + (result size << 8)`; returns the code and data addresses.
#[cfg(target_arch = "x86_64")]
fn dispatching_code(ex: &mut Exec) -> (u64, u64) {
    let base = ex.reserve(0x2000).unwrap();
    let data = base + 0x1000;
    // push rbx; rdi = ctx; rsi = tag; rdx = data; ecx = 5; call dispatch_fn;
    // movzx eax, al; shl edx, 8; add eax, edx; pop rbx; ret
    let mut text = vec![0x53];
    for (op, v) in [
        (0xbf, ex.sym(DISPATCH_CTX)),
        (0xbe, DISPATCH_TAG),
        (0xba, data),
    ] {
        text.extend([0x48, op]);
        text.extend(v.to_le_bytes());
    }
    text.extend([0xb9, 5, 0, 0, 0, 0x48, 0xb8]);
    text.extend(ex.sym(DISPATCH_FN).to_le_bytes());
    text.extend([
        0xff, 0xd0, 0x0f, 0xb6, 0xc0, 0xc1, 0xe2, 0x08, 0x01, 0xd0, 0x5b, 0xc3,
    ]);
    ex.initialize(
        &[seg(RX, base, 0x1000, &text), seg(R, data, 5, b"hello")],
        &[],
    )
    .unwrap();
    (base, data)
}

/// JIT'd code calling the controller through `__llvm_orc_SimpleRemoteEPC_dispatch_fn`: the
/// executor sends its own CallWrapper (its own sequence numbers, the code's tag and bytes), keeps
/// serving other calls while it waits, and hands our Result back to the code.
#[cfg(target_arch = "x86_64")]
#[test]
fn jit_code_can_call_the_controller_through_the_dispatch_function() {
    let mut ex = Exec::start();
    let (base, data) = dispatching_code(&mut ex);
    for (round, answer) in [(0u64, &[0x2a][..]), (1, &[0x11, 1, 2, 3, 4, 5, 6, 7][..])] {
        let run = ex.send_call(ex.sym(RUN_AS_VOID), &u64s(&[base]));
        let m = ex.recv_msg();
        assert_eq!(m.opcode, Opcode::CallWrapper, "{m:?}");
        assert_eq!(
            (m.seqno, m.tag),
            (round, DISPATCH_TAG),
            "the executor numbers its own calls"
        );
        assert_eq!(m.payload, b"hello");
        // The executor still serves calls while its own call waits.
        assert_eq!(ex.read_u8s(&[data]), Some(vec![b'h']));
        ex.send(Opcode::Result, m.seqno, 0, answer);
        let r = ex.recv_msg();
        assert_eq!((r.opcode, r.seqno, r.tag), (Opcode::Result, run, 0));
        let want = answer[0] as i32 + ((answer.len() as i32) << 8);
        assert_eq!(i32_result(&r.payload), Some(want));
    }
    // The same function called through the wrapper ABI is refused.
    assert!(ex.call(DISPATCH_FN, b"hello").is_empty());

    // Ending the session while the code waits for us: the code gets an error (size 0) and
    // the executor still exits 0, promptly.
    let run = ex.send_call(ex.sym(RUN_AS_VOID), &u64s(&[base]));
    let m = ex.recv_msg();
    assert_eq!((m.opcode, m.seqno), (Opcode::CallWrapper, 2));
    ex.close_input();
    let (msgs, end) = ex.drain(RECV_TIMEOUT);
    assert!(matches!(end, Event::Eof), "{end:?}");
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert_eq!((msgs[0].opcode, msgs[0].seqno), (Opcode::Result, run));
    let size = i32_result(&msgs[0].payload).unwrap() >> 8;
    assert_eq!(
        size, 0,
        "the code saw a result of {size} bytes, not an error"
    );
    assert_eq!(ex.wait_exit(RECV_TIMEOUT).code(), Some(0));
}

/// More JIT'd calls waiting on the controller than the executor serves at once (64): the
/// executor must still read the controller's Results, or every call waits forever (it did,
/// when the reader itself waited for a free slot).
#[cfg(target_arch = "x86_64")]
#[test]
fn more_dispatching_calls_than_the_in_flight_limit_all_finish() {
    let mut ex = Exec::start();
    let (base, _) = dispatching_code(&mut ex);
    let n = 65;
    let tag = ex.sym(RUN_AS_VOID);
    let mut runs = HashSet::new();
    for _ in 0..n {
        runs.insert(ex.send_call(tag, &u64s(&[base])));
    }
    // Answer each call the executor makes, until all runs have returned.
    while !runs.is_empty() {
        let m = match ex.recv_within(Duration::from_secs(10)) {
            Event::Msg(m) => m,
            other => panic!("{other:?}"),
        };
        match m.opcode {
            Opcode::CallWrapper => ex.send(Opcode::Result, m.seqno, 0, &[1]),
            Opcode::Result => {
                assert!(runs.remove(&m.seqno), "{m:?}");
                assert_eq!(i32_result(&m.payload), Some(1 + (1 << 8)));
            }
            _ => panic!("{m:?}"),
        }
    }
    ex.finish_clean();
}

// ---------------------------------------------------------------------------------------------
// 5. Pipelining

#[cfg(target_arch = "x86_64")]
#[test]
fn pipelined_calls_each_get_their_own_result() {
    use code::*;
    let mut ex = Exec::start();
    let base = ex.reserve(0x2000).unwrap();
    let data: Vec<u8> = (0..=255).collect();
    ex.initialize(
        &[
            seg(RX, base, 0x1000, &page(&[INC])),
            seg(R, base + 0x1000, 0x100, &data),
        ],
        &[],
    )
    .unwrap();
    let inc = base + INC.0;
    // More calls than the executor runs at once (64), sent before any result is read.
    let n = 150u64;
    let mut batch = Vec::new();
    let mut want: HashMap<u64, Vec<u8>> = HashMap::new();
    for i in 0..n {
        let seq = 1000 + 7 * i;
        let (tag, args, result) = match i % 5 {
            0 => {
                let mut e = Encoder::new();
                e.u64(inc).i32(i as i32);
                (
                    ex.sym(RUN_AS_INT),
                    e.finish(),
                    (i as i32 + 1).to_le_bytes().to_vec(),
                )
            }
            1 => (
                ex.sym(READ_UINT8S),
                inst_list_only(&[base + 0x1000 + i]),
                [&1u64.to_le_bytes()[..], &[i as u8]].concat(),
            ),
            2 => {
                let mut e = Encoder::new();
                e.u64(ex.mem_inst()).u64(0);
                let mut r = Encoder::new();
                r.expected_err(
                    "cannot reserve 0x0 bytes: sizes from 1 to 0x1000000000 are supported",
                );
                (ex.sym(MEM_RESERVE), e.finish(), r.finish())
            }
            3 => (0x0bad_0000 + i, vec![1, 2, 3], vec![]),
            _ => {
                let mut e = Encoder::new();
                e.u64(base + 0x1000).u64(base + 0x1000 + i);
                let mut r = Encoder::new();
                r.count(1).bytes(&data[..i as usize]);
                (
                    ex.sym(READ_BUFFERS),
                    [&1u64.to_le_bytes()[..], &e.finish()].concat(),
                    r.finish(),
                )
            }
        };
        batch.extend(wire::frame(Opcode::CallWrapper, seq, tag, &args));
        want.insert(seq, result);
    }
    ex.write_raw(&batch).unwrap();
    let mut order = Vec::new();
    for _ in 0..n {
        let m = ex.recv_msg();
        assert_eq!(m.opcode, Opcode::Result, "{m:?}");
        assert_eq!(m.tag, 0, "{m:?}");
        let expected = want
            .remove(&m.seqno)
            .unwrap_or_else(|| panic!("unexpected or repeated seqno {}", m.seqno));
        assert_eq!(m.payload, expected, "result of seq {}", m.seqno);
        order.push(m.seqno);
    }
    assert!(want.is_empty());
    ex.finish_clean();
}

/// A call that runs for a long time (here: JIT'd code waiting for a flag) does not hold up the
/// calls sent after it: results come back out of order.
#[cfg(target_arch = "x86_64")]
#[test]
fn a_call_busy_in_jit_code_does_not_hold_up_later_calls() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x2000).unwrap();
    let flag = base + 0x1000;
    ex.initialize(
        &[
            seg(RX, base, 0x1000, &code::wait_for(flag)),
            seg(RW, flag, 0x10, b""),
        ],
        &[],
    )
    .unwrap();
    let busy = ex.send_call(ex.sym(RUN_AS_VOID), &u64s(&[base]));
    // These are answered while `busy` still waits: call_tag checks the very next message is
    // their own result.
    assert_eq!(ex.read_u8s(&[flag]), Some(vec![0]));
    assert!(ex.reserve(PAGE).is_ok());
    assert!(ex.open(b"", 0).is_ok());
    // Release it.
    let mut e = Encoder::new();
    e.count(1).u64(flag).u8(1);
    let w = ex.send_call(ex.sym(WRITE_UINT8S), &e.finish());
    let mut got = HashMap::new();
    for _ in 0..2 {
        let m = ex.recv_msg();
        assert_eq!((m.opcode, m.tag), (Opcode::Result, 0));
        got.insert(m.seqno, m.payload);
    }
    assert_eq!(got[&w], Vec::<u8>::new());
    assert_eq!(i32_result(&got[&busy]), Some(7));
    ex.finish_clean();
}

// ---------------------------------------------------------------------------------------------
// 6. Unknown tags, protocol errors and the end of a session

#[test]
fn unknown_wrapper_tags_get_an_empty_result_and_the_session_goes_on() {
    let mut ex = Exec::start();
    let tags = [
        0,
        1,
        0xdead_beef,
        u64::MAX,
        ex.sym(MEM_INSTANCE),
        ex.sym(DYLIB_INSTANCE),
        ex.sym(DISPATCH_CTX),
        ex.sym(DISPATCH_FN),
        ex.sym(SHM_INSTANCE),
        ex.sym(MEM_RESERVE) + 1,
    ];
    for tag in tags {
        let p = ex.call_tag(tag, &u64s(&[ex.mem_inst(), PAGE]));
        assert!(p.is_empty(), "tag {tag:#x}: {p:02x?}");
    }
    // The shared-memory mapper checks its instance too.
    let shm = ex.sym(SHM_INSTANCE);
    assert!(ex.call(SHM_RESERVE, &u64s(&[shm + 1, PAGE])).is_empty());
    assert!(ex.reserve(PAGE).is_ok());
    ex.finish_clean();
}

// ---------------------------------------------------------------------------------------------
// The shared-memory mapper (ExecutorSharedMemoryMapperService, `llvm-jitlink -use-memmgr=shared`)

/// `Reserve`: the reservation's address and the name of its shared-memory object.
fn shm_reserve(ex: &mut Exec, size: u64) -> Result<(u64, String), String> {
    let p = ex.call(SHM_RESERVE, &u64s(&[ex.sym(SHM_INSTANCE), size]));
    let mut d = Decoder::new(&p);
    let r = match d.expected("Expected<(Addr, String)>").unwrap() {
        None => Ok((d.u64("address").unwrap(), d.string("name").unwrap())),
        Some(msg) => Err(msg),
    };
    assert_eq!(d.remaining(), 0, "trailing bytes in {p:02x?}");
    r
}

/// `Initialize` of `reservation` with segments `(prot, addr, size)` and no actions.
fn shm_initialize(ex: &mut Exec, reservation: u64, segs: &[(u8, u64, u64)]) -> Result<u64, String> {
    let mut e = Encoder::new();
    e.u64(ex.sym(SHM_INSTANCE))
        .u64(reservation)
        .count(segs.len());
    for &(prot, addr, size) in segs {
        e.u8(prot).u64(addr).u64(size);
    }
    e.count(0);
    expected_addr(&ex.call(SHM_INITIALIZE, &e.finish()))
}

fn shm_exists(name: &str) -> bool {
    std::path::Path::new("/dev/shm")
        .join(name.trim_start_matches('/'))
        .exists()
}

/// Code and data written through the controller's view run and read in the executor once
/// `Initialize` has protected them; until then, and after `Release`, the executor's pages
/// have no access; every request is checked (W^X, bounds, which service owns a reservation).
#[cfg(target_arch = "x86_64")]
#[test]
fn shared_memory_mapper_runs_what_the_controller_wrote_in_place() {
    let mut ex = Exec::start();
    let (base, name) = shm_reserve(&mut ex, 2 * PAGE).unwrap();
    assert_eq!(base % PAGE, 0);
    assert!(name.starts_with("/rjitlink-executor_"), "{name}");
    // No access before Initialize: the executor refuses to read it.
    assert_eq!(ex.read_u8s(&[base]), None);

    // The controller's side, as rjitlink (and LLVM's SharedMemoryMapper) map it.
    let mut view = SharedView::open(&name, 2 * PAGE as usize).unwrap();
    assert!(!shm_exists(&name), "the controller unlinked {name}");
    let code = code::page(&[code::RET42]);
    view.bytes_mut()[..code.len()].copy_from_slice(&code);
    view.bytes_mut()[PAGE as usize] = 7;

    // Refused: writable and executable, outside the reservation, the memory manager's
    // initialize on a shared reservation.
    let rwx = PROT_READ | PROT_WRITE | PROT_EXEC;
    assert_err_contains(shm_initialize(&mut ex, base, &[(rwx, base, PAGE)]), "W^X");
    assert_err_contains(
        shm_initialize(&mut ex, base, &[(RX, base + 2 * PAGE, PAGE)]),
        "outside the reserved slab",
    );
    assert_err_contains(
        ex.initialize(&[seg(RX, base, PAGE, &[])], &[]),
        "is in a shared-memory reservation",
    );
    let private = ex.reserve(PAGE).unwrap();
    assert_err_contains(
        shm_initialize(&mut ex, private, &[(RX, private, PAGE)]),
        "is not in the shared-memory reservation",
    );
    assert_eq!(
        ex.read_u8s(&[base]),
        None,
        "a refused request changes nothing"
    );

    assert_eq!(
        shm_initialize(&mut ex, base, &[(RX, base, PAGE), (RW, base + PAGE, PAGE)]),
        Ok(base)
    );
    assert_eq!(ex.run_int(base, 0), Some(42));
    assert_eq!(ex.read_u8s(&[base + PAGE, base]), Some(vec![7, 0xb8]));
    // A write in the executor's read-write segment shows in the controller's view; its code
    // segment is not writable.
    ex.write_u8s(&[(base + PAGE + 1, 9)]);
    assert_eq!(view.bytes()[PAGE as usize + 1], 9);
    ex.write_u8s(&[(base + 1, 0)]);
    assert_eq!(ex.run_int(base, 0), Some(42));

    // Each service releases only its own reservations.
    assert_err_contains(
        error_result(&ex.call(
            SHM_RELEASE,
            &inst_and_list(ex.sym(SHM_INSTANCE), &[private]),
        )),
        "not part of any shared-memory reservation",
    );
    assert_err_contains(
        ex.release(&[base]),
        "not part of any reserved address range",
    );
    assert_eq!(
        error_result(&ex.call(SHM_RELEASE, &inst_and_list(ex.sym(SHM_INSTANCE), &[base]))),
        Ok(())
    );
    assert_eq!(ex.read_u8s(&[base]), None);

    // A reservation the controller never opened is unlinked by the executor when released,
    // or at the end of the session.
    let (b2, n2) = shm_reserve(&mut ex, PAGE).unwrap();
    let (_, n3) = shm_reserve(&mut ex, PAGE).unwrap();
    assert!(shm_exists(&n2) && shm_exists(&n3));
    assert_eq!(
        error_result(&ex.call(SHM_RELEASE, &inst_and_list(ex.sym(SHM_INSTANCE), &[b2]))),
        Ok(())
    );
    assert!(!shm_exists(&n2));
    // Sizes are bounded as for the memory manager.
    assert_err_contains(shm_reserve(&mut ex, 0), "sizes from 1 to");
    assert_err_contains(shm_reserve(&mut ex, 1 << 40), "sizes from 1 to");
    ex.finish_clean();
    assert!(!shm_exists(&n3), "{n3} left behind");
}

/// Sends `bytes` (after one good call), optionally closes the input, and checks the executor
/// answers with a Hangup whose SPS Error payload contains `needle`, then exits 1.
fn assert_protocol_error(bytes: &[u8], close: bool, needle: &str) {
    let mut ex = Exec::start();
    assert!(ex.reserve(PAGE).is_ok());
    ex.write_raw(bytes).unwrap();
    if close {
        ex.close_input();
    }
    let m = ex.recv_msg();
    let reason = hangup_reason(&m);
    assert!(
        reason.contains(needle),
        "hangup reason {reason:?} lacks {needle:?}"
    );
    let (msgs, end) = ex.drain(RECV_TIMEOUT);
    assert!(msgs.is_empty(), "messages after the Hangup: {msgs:?}");
    assert!(matches!(end, Event::Eof), "{end:?}");
    let status = ex.wait_exit(RECV_TIMEOUT);
    assert_eq!(status.code(), Some(1), "{needle}: {status:?}");
    let err = ex.stderr_text();
    assert!(err.contains("rjitlink-executor: error:"), "{err}");
}

fn header(size: u64, opcode: u64, seqno: u64, tag: u64) -> Vec<u8> {
    u64s(&[size, opcode, seqno, tag])
}

#[test]
fn protocol_violations_end_the_session_with_a_hangup_and_status_1() {
    let cases: Vec<(&str, Vec<u8>, bool, &str)> = vec![
        (
            "Result for a call never made",
            wire::frame(Opcode::Result, 77, 0, b"\x00"),
            false,
            "result for call 77, which was never made",
        ),
        (
            "Result with a tag",
            wire::frame(Opcode::Result, 0, 0x1234, b""),
            false,
            "carries tag 0x1234",
        ),
        (
            "opcode 4",
            header(32, 4, 0, 0),
            false,
            "unexpected opcode 4",
        ),
        (
            "opcode 2^64-1",
            header(40, u64::MAX, 1, 2),
            false,
            "unexpected opcode 18446744073709551615",
        ),
        (
            "Setup to the executor",
            wire::frame(Opcode::Setup, 0, 0, b""),
            false,
            "unexpected Setup opcode",
        ),
        (
            "size 31",
            header(31, 3, 0, 0),
            false,
            "smaller than the 32-byte header",
        ),
        ("size 0", header(0, 3, 0, 0), false, "smaller than"),
        (
            "size beyond the limit",
            header(MAX_MESSAGE + 1, 3, 0, 0),
            false,
            "exceeds",
        ),
        (
            "end of file inside a header",
            vec![0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0],
            true,
            "end of file inside a message header",
        ),
        (
            "end of file inside a payload",
            [header(132, 3, 0, 0), vec![0; 10]].concat(),
            true,
            "end of file inside a message",
        ),
    ];
    std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(what, bytes, close, needle)| {
                (
                    what,
                    s.spawn(move || assert_protocol_error(bytes, *close, needle)),
                )
            })
            .collect();
        for (what, h) in handles {
            if let Err(e) = h.join() {
                panic!("{what}: {:?}", e.downcast_ref::<String>());
            }
        }
    });
}

#[test]
fn hangup_or_end_of_file_ends_the_session_with_status_0() {
    let endings: Vec<(&str, Option<Vec<u8>>)> = vec![
        ("Hangup 00", Some(vec![0])),
        ("Hangup, empty", Some(vec![])),
        (
            "Hangup with an Error",
            Some({
                let mut e = Encoder::new();
                e.error("bye");
                e.finish()
            }),
        ),
        ("end of file", None),
    ];
    for (what, hangup) in endings {
        let mut ex = Exec::start();
        // Leave a slab with an initialized region and a registered action behind.
        let base = ex.reserve(0x2000).unwrap();
        let reg = ex.sym(REGISTER_EH_FRAME);
        let dereg = ex.sym(DEREGISTER_EH_FRAME);
        ex.initialize(
            &[seg(R, base, 0x100, b"")],
            &[(
                call(reg, range_args(base + 0x10, base + 0x14)),
                call(dereg, range_args(base + 0x10, base + 0x14)),
            )],
        )
        .unwrap();
        if let Some(payload) = hangup {
            // Anything after the Hangup is not read.
            let mut bytes = wire::frame(Opcode::Hangup, 0, 0, &payload);
            bytes.extend(wire::frame(
                Opcode::CallWrapper,
                ex.next_seq,
                ex.sym(MEM_RESERVE),
                &u64s(&[ex.mem_inst(), PAGE]),
            ));
            ex.write_raw(&bytes).unwrap();
            // The executor exits without reading to the end of its input.
            let (msgs, end) = ex.drain(RECV_TIMEOUT);
            assert!(
                msgs.is_empty(),
                "{what}: messages after the Hangup: {msgs:?}"
            );
            assert!(matches!(end, Event::Eof), "{what}: {end:?}");
            let status = ex.wait_exit(RECV_TIMEOUT);
            assert_eq!(status.code(), Some(0), "{what}: {status:?}");
        } else {
            ex.finish_clean();
        }
        let err = ex.stderr_text();
        assert!(!err.contains("error"), "{what}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Fuzzing

/// xorshift64*, seeded.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Up to `max - 1` random bytes.
    fn some_bytes(&mut self, max: u64) -> Vec<u8> {
        let n = self.below(max) as usize;
        self.bytes(n)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What a fuzzing session knows about its executor.
struct Target<'a> {
    syms: &'a HashMap<String, u64>,
    /// A 64 KiB slab reserved at the start.
    base: u64,
    /// `open("")`'s handle.
    handle: u64,
}

impl Target<'_> {
    fn sym(&self, name: &str) -> u64 {
        self.syms[name]
    }

    /// An address in or near the slab, or somewhere else entirely.
    fn addr(&self, rng: &mut Rng) -> u64 {
        match rng.below(8) {
            0 => rng.next(),
            1 => 0,
            2 => self.base + 0x10000 - rng.below(16),
            _ => self.base + rng.below(0x4000),
        }
    }

    /// An address to run code at. No session makes executable memory, so none of these is
    /// code the executor could legitimately run.
    fn code_addr(&self, rng: &mut Rng) -> u64 {
        match rng.below(5) {
            0 => 0,
            1 => rng.next(),
            2 => self.base + rng.below(0x10000),
            _ => *rng.pick(&self.syms.values().copied().collect::<Vec<_>>()),
        }
    }

    /// A real argument encoding for the wrapper `name`.
    fn args(&self, name: &str, rng: &mut Rng) -> Vec<u8> {
        let mut e = Encoder::new();
        let mem = self.sym(MEM_INSTANCE);
        match name {
            MEM_RESERVE => {
                let r = rng.below(0x100000);
                e.u64(mem).u64(*rng.pick(&[0x1000, 0x10000, 1, r]));
            }
            MEM_INITIALIZE => {
                e.u64(mem);
                let n = rng.below(4) as usize;
                e.count(n);
                for _ in 0..n {
                    // Never executable (see `strip_exec`).
                    let prot = *rng.pick(&[R, RW, 0, R | PROT_FINALIZE_LIFETIME, PROT_WRITE]);
                    let content = rng.some_bytes(48);
                    e.u8(prot)
                        .u64(self.base + 0x1000 * rng.below(17))
                        .u64(*rng.pick(&[0x1000, 0x10, content.len() as u64, 0]))
                        .bytes(&content);
                }
                let n = rng.below(3) as usize;
                e.count(n);
                for _ in 0..2 * n {
                    let f = match rng.below(6) {
                        0 => 0,
                        1 => 0x1234,
                        2 => self.addr(rng),
                        3 => self.sym(REGISTER_EH_FRAME),
                        4 => self.sym(DEREGISTER_EH_FRAME),
                        _ => *rng.pick(&self.syms.values().copied().collect::<Vec<_>>()),
                    };
                    let args = if rng.chance(50) {
                        let s = self.base + 0x8000 + 0x10 * rng.below(16);
                        range_args(s, s + 4)
                    } else {
                        rng.some_bytes(24)
                    };
                    e.u64(f).bytes(&args);
                }
            }
            MEM_DEINITIALIZE | MEM_RELEASE => {
                let list = [self.base, self.addr(rng)];
                e.u64(mem).count(1).u64(*rng.pick(&list));
            }
            DYLIB_OPEN => {
                let paths: [&[u8]; 3] = [b"", b"/nonexistent/libfuzz.so", b"/"];
                let path = *rng.pick(&paths);
                e.u64(self.sym(DYLIB_INSTANCE))
                    .bytes(path)
                    .u64(rng.below(2));
            }
            DYLIB_RESOLVE => {
                let h = if rng.chance(80) {
                    self.handle
                } else {
                    rng.next()
                };
                e.u64(h).count(3);
                e.str("puts").bool(rng.chance(50));
                e.str("no_such_symbol_fuzz").bool(rng.chance(50));
                e.str("").bool(rng.chance(50));
            }
            WRITE_UINT8S | WRITE_UINT16S | WRITE_UINT32S | WRITE_UINT64S | WRITE_POINTERS => {
                let width = match name {
                    WRITE_UINT8S => 1,
                    WRITE_UINT16S => 2,
                    WRITE_UINT32S => 4,
                    _ => 8,
                };
                let n = 1 + rng.below(3) as usize;
                e.count(n);
                for _ in 0..n {
                    e.u64(self.addr(rng));
                    e.buf.extend(rng.bytes(width));
                }
            }
            WRITE_BUFFERS => {
                let b = rng.some_bytes(64);
                e.count(1).u64(self.addr(rng)).bytes(&b);
            }
            READ_UINT8S | READ_UINT16S | READ_UINT32S | READ_UINT64S | READ_POINTERS
            | READ_STRINGS => {
                let n = 1 + rng.below(3) as usize;
                e.count(n);
                for _ in 0..n {
                    e.u64(self.addr(rng));
                }
            }
            READ_BUFFERS => {
                let s = self.addr(rng);
                e.count(1).u64(s).u64(s.wrapping_add(rng.below(0x200)));
            }
            RUN_AS_MAIN => {
                e.u64(self.code_addr(rng)).count(2).str("a").str("bc");
            }
            RUN_AS_VOID => {
                e.u64(self.code_addr(rng));
            }
            RUN_AS_INT => {
                e.u64(self.code_addr(rng)).i32(rng.next() as i32);
            }
            REGISTER_EH_FRAME | DEREGISTER_EH_FRAME => {
                let s = self.base + 0x8000 + 0x10 * rng.below(16);
                e.u64(s).u64(s + 4 * rng.below(3));
            }
            REGISTER_JIT_LOADER_GDB => {
                let s = self.addr(rng);
                e.u64(s)
                    .u64(s.wrapping_add(rng.below(0x100)))
                    .bool(rng.chance(50));
            }
            SHM_RESERVE | SHM_INITIALIZE | SHM_DEINITIALIZE | SHM_RELEASE => {
                e.u64(self.sym(SHM_INSTANCE)).u64(self.base).count(0);
            }
            _ => e.buf.extend(rng.some_bytes(40)),
        }
        e.finish()
    }
}

/// Flips bytes, truncates, plants huge counts or appends garbage.
fn mutate(mut p: Vec<u8>, rng: &mut Rng) -> Vec<u8> {
    for _ in 0..1 + rng.below(3) {
        match rng.below(6) {
            0 => {
                for _ in 0..1 + rng.below(4) {
                    if !p.is_empty() {
                        let i = rng.below(p.len() as u64) as usize;
                        p[i] ^= 1 + rng.below(255) as u8;
                    }
                }
            }
            1 => {
                let n = rng.below(p.len() as u64 + 1) as usize;
                p.truncate(n);
            }
            2 if p.len() >= 8 => {
                let i = rng.below(p.len() as u64 - 7) as usize;
                let r = rng.next();
                let v = *rng.pick(&[u64::MAX, 1 << 40, 1 << 32, i64::MAX as u64, r]);
                p[i..i + 8].copy_from_slice(&v.to_le_bytes());
            }
            3 => {
                let n = rng.below(32) as usize;
                let extra = rng.bytes(n);
                p.extend(extra);
            }
            4 => {
                let n = rng.below(64) as usize;
                p = rng.bytes(n);
            }
            _ => {}
        }
    }
    p
}

/// Clears the execute bit of every segment an `initialize` payload could describe (walking
/// it the way the executor decodes it, but never stopping early), so no fuzzed session ever
/// makes executable memory and no run_as_* or action call can reach real code.
fn strip_exec(p: &mut [u8]) {
    let rd = |p: &[u8], at: usize| -> Option<u64> {
        p.get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
    };
    let Some(n) = rd(p, 8) else { return };
    let mut at = 16usize;
    for _ in 0..n.min(1 << 20) {
        if at >= p.len() {
            return;
        }
        p[at] &= !PROT_EXEC;
        let Some(len) = rd(p, at + 17) else { return };
        let Some(next) = (at + 25).checked_add(len.min(usize::MAX as u64 / 2) as usize) else {
            return;
        };
        at = next;
    }
}

/// What the fuzzed sessions did, to check the fuzzer reaches the handlers at all.
#[derive(Default, Debug)]
struct Stats {
    exit0: u64,
    exit1: u64,
    calls: u64,
    empty_results: u64,
    other_results: u64,
}

/// One fuzzing session; returns a description of what went wrong, if anything.
fn fuzz_session(seed: u64, stats: &mut Stats) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let mut ex = Exec::start_with(Options {
        lifetime: Duration::from_secs(30),
        capture_stderr: false,
        ..Options::default()
    });
    let syms = ex.info().symbols.clone();
    let mode = rng.below(10);
    // Calls sent with well-formed headers before anything that may end the session: each
    // must get exactly one Result.
    let mut owed: HashSet<u64> = HashSet::new();
    // Whether everything sent was well-framed (so every Result must answer a call we made).
    let mut framed = true;
    let mut sent_calls: HashSet<u64> = HashSet::new();
    // The fuzzed calls among them (not the set-up calls).
    let mut fuzzed: HashSet<u64> = HashSet::new();
    let mut ended = false;
    let mut out = Vec::new();
    if mode == 0 {
        // Raw random bytes straight after Setup.
        out.extend(rng.some_bytes(300));
        framed = false;
    } else {
        let base = ex.reserve(0x10000).map_err(|e| format!("reserve: {e}"))?;
        let handle = ex.open(b"", 0).map_err(|e| format!("open: {e}"))?;
        sent_calls.extend([0, 1]);
        let t = Target {
            syms: &syms,
            base,
            handle,
        };
        let names: Vec<&str> = BOOTSTRAP_NAMES.to_vec();
        let count = 1 + rng.below(12);
        for _ in 0..count {
            let seq = ex.next_seq;
            ex.next_seq += 1;
            let roll = rng.below(100);
            if mode == 1 && roll < 30 {
                // A valid message cut short: the end of the session.
                let name = *rng.pick(&names);
                let args = t.args(name, &mut rng);
                let bytes = wire::frame(Opcode::CallWrapper, seq, t.sym(MEM_RESERVE), &args);
                let cut = rng.below(bytes.len() as u64) as usize;
                out.extend(&bytes[..cut]);
                framed = false;
                ended = true;
                break;
            }
            let (tag, payload) = if roll < 5 {
                (rng.next(), rng.some_bytes(64))
            } else if roll < 15 {
                // A valid header with a random payload aimed at a wrapper.
                let name = rng.pick(&names);
                let p = rng.some_bytes(96);
                (t.sym(name), p)
            } else {
                let name = *rng.pick(&names);
                let mut p = t.args(name, &mut rng);
                if rng.chance(50) {
                    p = mutate(p, &mut rng);
                }
                (t.sym(name), p)
            };
            let mut payload = payload;
            if tag == t.sym(MEM_INITIALIZE) {
                strip_exec(&mut payload);
            }
            out.extend(wire::frame(Opcode::CallWrapper, seq, tag, &payload));
            sent_calls.insert(seq);
            fuzzed.insert(seq);
            if !ended {
                owed.insert(seq);
            }
            if rng.chance(8) {
                // Something that ends the session.
                ended = true;
                match rng.below(6) {
                    0 => out.extend(wire::frame(Opcode::Hangup, 0, 0, &[0])),
                    1 => out.extend(wire::frame(Opcode::Hangup, 0, 0, &[])),
                    2 => out.extend(wire::frame(Opcode::Result, rng.next(), 0, &rng.bytes(9))),
                    3 => out.extend(header(rng.below(32), 3, 0, 0)),
                    4 => out.extend(header(32, 4 + rng.below(100), 0, 0)),
                    _ => {
                        out.extend(rng.some_bytes(64));
                        framed = false;
                    }
                }
            }
        }
        if mode == 9 && !ended {
            out.extend(rng.some_bytes(100));
            framed = false;
        }
    }
    // Write in a few pieces, as a stream would arrive.
    let mut rest = &out[..];
    while !rest.is_empty() {
        let n = (1 + rng.below(rest.len() as u64)) as usize;
        if ex.write_raw(&rest[..n]).is_err() {
            break; // the executor has gone (after a protocol error)
        }
        rest = &rest[n..];
    }
    ex.close_input();
    let (msgs, end) = ex.drain(Duration::from_secs(15));
    let status = ex.wait_exit(Duration::from_secs(15));
    if let Some(sig) = signal_of(&status) {
        return Err(format!("killed by signal {sig}"));
    }
    let code = status.code();
    if code != Some(0) && code != Some(1) {
        return Err(format!("exit status {status:?}"));
    }
    if !matches!(end, Event::Eof) {
        return Err(format!("output ended with {end:?}"));
    }
    let mut hangups = 0;
    let mut answered = HashSet::new();
    for m in &msgs {
        match m.opcode {
            Opcode::Hangup => {
                hangups += 1;
                let _ = hangup_reason(m);
            }
            Opcode::Result => {
                if !fuzzed.contains(&m.seqno) {
                    // one of the set-up calls, or an answer to random bytes
                } else if m.payload.is_empty() {
                    stats.empty_results += 1;
                } else {
                    stats.other_results += 1;
                }
                if m.tag != 0 {
                    return Err(format!("Result with tag {:#x}", m.tag));
                }
                if framed && !sent_calls.contains(&m.seqno) {
                    return Err(format!("Result for seq {} that was never sent", m.seqno));
                }
                if !answered.insert(m.seqno) && framed {
                    return Err(format!("two Results for seq {}", m.seqno));
                }
            }
            other => return Err(format!("unexpected {other:?} from the executor")),
        }
    }
    if hangups > 1 || (hangups == 1) != (code == Some(1)) {
        return Err(format!("{hangups} Hangups with exit status {code:?}"));
    }
    if framed {
        if let Some(missing) = owed.iter().find(|s| !answered.contains(s)) {
            return Err(format!("no Result for seq {missing}"));
        }
    }
    stats.calls += fuzzed.len() as u64;
    if code == Some(0) {
        stats.exit0 += 1;
    } else {
        stats.exit1 += 1;
    }
    Ok(())
}

#[test]
fn fuzzed_sessions_never_crash_or_hang() {
    const SESSIONS: u64 = 600;
    const THREADS: u64 = 4;
    let started = Instant::now();
    let (failures, stats) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                s.spawn(move || {
                    let mut failures = Vec::new();
                    let mut stats = Stats::default();
                    for seed in (t..SESSIONS).step_by(THREADS as usize) {
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            fuzz_session(seed, &mut stats)
                        }));
                        match r {
                            Ok(Ok(())) => {}
                            Ok(Err(e)) => failures.push(format!("session {seed}: {e}")),
                            Err(p) => failures.push(format!(
                                "session {seed}: panic {:?}",
                                p.downcast_ref::<String>()
                                    .map(String::as_str)
                                    .or(p.downcast_ref::<&str>().copied())
                            )),
                        }
                    }
                    (failures, stats)
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut total = Stats::default();
        for h in handles {
            let (f, st) = h.join().unwrap();
            all.extend(f);
            total.exit0 += st.exit0;
            total.exit1 += st.exit1;
            total.calls += st.calls;
            total.empty_results += st.empty_results;
            total.other_results += st.other_results;
        }
        (all, total)
    });
    eprintln!(
        "{SESSIONS} fuzzed sessions in {:?}: {stats:?}",
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failures (rerun one with fuzz_session(seed)):\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The fuzzer is not degenerate: sessions end both ways, and many calls get past argument
    // decoding to a real (non-empty) answer.
    assert_eq!(stats.exit0 + stats.exit1, SESSIONS);
    assert!(
        stats.exit0 >= SESSIONS / 10 && stats.exit1 >= SESSIONS / 10,
        "{stats:?}"
    );
    assert!(stats.other_results >= stats.calls / 10, "{stats:?}");
    assert!(stats.empty_results >= stats.calls / 10, "{stats:?}");
}

/// Zero fill is real zero fill even over pages written before (deinitialize keeps the slab),
/// and a huge zero-fill segment costs nothing up front: an 8 GiB one initializes at once
/// instead of writing 8 GiB of zeros.
#[test]
fn zero_fill_clears_used_pages_and_huge_segments_are_free() {
    let mut ex = Exec::start();
    let base = ex.reserve(0x4000).unwrap();
    ex.initialize(&[seg(RW, base, 0x4000, &[])], &[]).unwrap();
    ex.write_buffers(&[(base, &[0xaa; 0x4000])]);
    ex.deinitialize(&[base]).unwrap();
    ex.initialize(&[seg(RW, base, 0x3001, &[1, 2, 3])], &[])
        .unwrap();
    let probes = [base + 3, base + 0x1000, base + 0x2fff, base + 0x3000];
    assert_eq!(ex.read_u8s(&probes), Some(vec![0, 0, 0, 0]));
    // Past the segment's size the old bytes stay: only the segment is zero-filled.
    assert_eq!(ex.read_u8s(&[base + 0x3001]), Some(vec![0xaa]));

    const HUGE: u64 = 8 << 30;
    let big = ex.reserve(HUGE).unwrap();
    let started = std::time::Instant::now();
    ex.initialize(&[seg(RW, big, HUGE, b"head")], &[]).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "initialize wrote the zero fill page by page"
    );
    assert_eq!(
        ex.read_u8s(&[big, big + HUGE / 2, big + HUGE - 1]),
        Some(vec![b'h', 0, 0])
    );
    ex.finish_clean();
}
