//! A Rust panic unwinds through linked code: the test links a C object in this process
//! through the library API, with a Rust callback as an external symbol, and the callback's
//! panic crosses the linked C frame to `catch_unwind` here. Without the eh_frame table
//! registered, unwinding stops at the linked frame and the process aborts.

mod common;

use rjitlink::exec::FrameRegistration;
use rjitlink::link::input::Inputs;
use rjitlink::link::memory::InProcessMemory;
use rjitlink::link::resolve::{ExternalOptions, ExternalSymbols};
use rjitlink::link::{link, LinkOptions};

extern "C-unwind" fn rust_callback(x: i32) -> i32 {
    if x == 42 {
        panic!("boom from Rust");
    }
    x + 1
}

struct Callbacks;

impl ExternalSymbols for Callbacks {
    fn lookup(&mut self, name: &[u8]) -> Option<u64> {
        (name == b"rust_callback").then_some(rust_callback as *const () as u64)
    }
}

#[test]
fn rust_panic_unwinds_through_linked_code() {
    let path = common::testdata("runtime/unwind.o").display().to_string();
    let inputs = Inputs::open(&[path], &[], &[], "x86_64").expect("open");
    let (arch, format) = inputs.detect_target().expect("arch").expect("an object");
    let opts = LinkOptions {
        entry: "call_through",
        all_load: false,
        externals: ExternalOptions {
            absolutes: &[],
            aliases: &[],
            phony: false,
            weak_imports: &[],
        },
        page_size: 4096,
        format,
        no_static_tls: false,
        image: true,
        sizes: false,
        self_relocations: false,
    };
    let linked = link(
        &inputs,
        arch,
        &opts,
        Some(&mut Callbacks),
        Box::new(InProcessMemory::new(None)),
    )
    .expect("link");
    assert!(
        linked.eh_frame.is_some(),
        "the C object's FDE must be linked"
    );
    let _frames = FrameRegistration::new(linked.eh_frame);
    let entry = linked.entry.expect("call_through");
    // SAFETY: call_through has this signature; its code is mapped executable by the link.
    let call_through: extern "C-unwind" fn(i32) -> i32 =
        unsafe { std::mem::transmute(entry as usize) };
    assert_eq!(call_through(1), 4);
    let caught = std::panic::catch_unwind(|| call_through(42))
        .expect_err("the panic must reach catch_unwind");
    assert_eq!(caught.downcast_ref::<&str>(), Some(&"boom from Rust"));
}

/// Hand-written unwind records of odd sizes (0x16, 0x1a, 0x16 bytes, as in libffi) stay one
/// contiguous table: each grows to a multiple of 4 and the next follows it directly.
#[test]
fn odd_sized_records_stay_contiguous() {
    common::check_files::run_checks("runtime", "eh_odd.s");
}

/// The same records in a program that throws a C++ exception: the unwinder walks the table on
/// the throw, in this process and in rjitlink-executor.
#[test]
fn odd_sized_records_then_a_cxx_exception() {
    if common::system_file("/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.so").is_none() {
        return;
    }
    let objs = [
        "testdata/runtime/eh_odd_main.o",
        "testdata/runtime/eh_odd.o",
    ];
    for remote in [false, true] {
        let mut args: Vec<&str> = Vec::new();
        if remote {
            args.push("-oop-executor");
        }
        args.extend(objs);
        args.extend(["-l", "stdc++"]);
        let o = common::run_with_timeout(&args, std::time::Duration::from_secs(60));
        common::assert_status(&o, 0);
        assert_eq!(common::stdout(&o), "caught: odd records (sum 3)\n");
    }
}
