//! The bootstrap symbols the executor advertises in its Setup message: one `extern "C"`
//! wrapper-ABI function per LLVM 22 wrapper, and distinct static objects for the instance and
//! context symbols. A CallWrapper's tag is looked up in this table (never called blindly), and
//! allocation actions naming these functions are called through the same C ABI.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::abi::{WrapperBuffer, WrapperFn};
use super::{access, dylib, forward, frames, memory, run, server, tls};
use crate::error::{Error, Result};
use crate::remote::names::*;
use crate::remote::sps::{error_payload, expected_addr_payload, Decoder, Encoder};

/// The objects whose addresses are the instance and context symbols (distinct bytes, so
/// distinct addresses).
static INSTANCES: [u8; 4] = [0; 4];
const MEM: usize = 0;
const DYLIB: usize = 1;
const SHM: usize = 2;
pub const DISPATCH: usize = 3;

pub fn instance(i: usize) -> u64 {
    &INSTANCES[i] as *const u8 as u64
}

fn check_instance(d: &mut Decoder<'_>, i: usize, what: &str) -> Result<()> {
    let got = d.u64("instance")?;
    if got != instance(i) {
        return Err(Error::new(format!("unknown {what} instance {got:#x}")));
    }
    Ok(())
}

/// Defines an `extern "C"` wrapper around a handler `fn(&mut Decoder) -> Result<Vec<u8>>`.
/// A handler error (arguments that do not decode, an access outside JIT memory) becomes an
/// out-of-band error, which goes on the wire as an empty result, as LLVM sends it.
macro_rules! wrapper {
    ($name:ident, $handler:expr) => {
        unsafe extern "C" fn $name(data: *const u8, size: usize) -> WrapperBuffer {
            let args: &[u8] = if data.is_null() || size == 0 {
                &[]
            } else {
                // SAFETY: the caller passes `size` readable bytes.
                unsafe { std::slice::from_raw_parts(data, size) }
            };
            let handler: fn(&mut Decoder<'_>) -> Result<Vec<u8>> = $handler;
            match std::panic::catch_unwind(|| handler(&mut Decoder::new(args))) {
                Ok(Ok(bytes)) => WrapperBuffer::from_bytes(&bytes),
                Ok(Err(e)) => WrapperBuffer::error(e.message()),
                // The name also keeps each wrapper's code distinct, so no two are merged into
                // one address.
                Err(_) => WrapperBuffer::error(concat!("internal error in ", stringify!($name))),
            }
        }
    };
}

fn addresses(d: &mut Decoder<'_>) -> Result<Vec<u64>> {
    let n = d.count(8, "address count")?;
    (0..n).map(|_| d.u64("address")).collect()
}

wrapper!(mem_reserve, |d| {
    check_instance(d, MEM, "memory manager")?;
    Ok(expected_addr_payload(memory::reserve(d.u64("size")?)))
});
wrapper!(mem_initialize, |d| {
    check_instance(d, MEM, "memory manager")?;
    let req = memory::decode_request(d)?;
    Ok(expected_addr_payload(memory::initialize(req)))
});
wrapper!(mem_deinitialize, |d| {
    check_instance(d, MEM, "memory manager")?;
    Ok(error_payload(memory::deinitialize(&addresses(d)?)))
});
wrapper!(mem_release, |d| {
    check_instance(d, MEM, "memory manager")?;
    Ok(error_payload(memory::release(&addresses(d)?)))
});

wrapper!(dylib_open, |d| {
    check_instance(d, DYLIB, "dylib manager")?;
    let path = d.bytes("path")?;
    let mode = d.u64("mode")?;
    Ok(expected_addr_payload(dylib::open(path, mode)))
});
wrapper!(dylib_resolve, |d| {
    let handle = d.u64("handle")?;
    let n = d.count(9, "symbol count")?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        let name = d.bytes("symbol name")?;
        let required = d.bool("required flag")?;
        names.push((name, required));
    }
    let mut e = Encoder::new();
    // rjitlink's extensions (output forwarding, thread-local storage) are found by name, before
    // the process is searched (a miss there loads libm).
    let extension = |name: &[u8]| {
        EXTENSIONS
            .iter()
            .find(|(n, _)| n.as_bytes() == name)
            .map(|&(_, f)| f as *const () as u64)
    };
    let resolved = dylib::resolve(handle, &names, &extension);
    match resolved {
        Ok(addrs) => {
            e.bool(true).count(addrs.len());
            for a in addrs {
                match a {
                    Some(a) => e.bool(true).u64(a).u8(SYMBOL_EXPORTED).u8(0),
                    None => e.bool(false),
                };
            }
        }
        Err(msg) => {
            e.expected_err(&msg);
        }
    }
    Ok(e.finish())
});

wrapper!(write_u8s, |d| access::write_uints(d, 1));
wrapper!(write_u16s, |d| access::write_uints(d, 2));
wrapper!(write_u32s, |d| access::write_uints(d, 4));
wrapper!(write_u64s, |d| access::write_uints(d, 8));
wrapper!(write_pointers, |d| access::write_uints(d, 8));
wrapper!(write_buffers, access::write_buffers);
wrapper!(read_u8s, |d| access::read_uints(d, 1));
wrapper!(read_u16s, |d| access::read_uints(d, 2));
wrapper!(read_u32s, |d| access::read_uints(d, 4));
wrapper!(read_u64s, |d| access::read_uints(d, 8));
wrapper!(read_pointers, |d| access::read_uints(d, 8));
wrapper!(read_buffers, access::read_buffers);
wrapper!(read_strings, access::read_strings);

wrapper!(run_as_main, run::as_main);
wrapper!(run_as_void, run::as_void);
wrapper!(run_as_int, run::as_int);

wrapper!(register_eh_frame, frames::register_eh_frame);
wrapper!(deregister_eh_frame, frames::deregister_eh_frame);
wrapper!(register_gdb, frames::register_jit_loader_gdb);

wrapper!(shm_reserve, |d| {
    check_instance(d, SHM, "shared memory mapper")?;
    let mut e = Encoder::new();
    match memory::reserve_shared(d.u64("size")?) {
        Ok((addr, name)) => e.bool(true).u64(addr).str(&name),
        Err(msg) => e.expected_err(&msg),
    };
    Ok(e.finish())
});
wrapper!(shm_initialize, |d| {
    check_instance(d, SHM, "shared memory mapper")?;
    let reservation = d.u64("reservation")?;
    let req = memory::decode_shared_request(d, reservation)?;
    Ok(expected_addr_payload(memory::initialize(req)))
});
wrapper!(shm_deinitialize, |d| {
    check_instance(d, SHM, "shared memory mapper")?;
    Ok(error_payload(memory::deinitialize(&addresses(d)?)))
});
wrapper!(shm_release, |d| {
    check_instance(d, SHM, "shared memory mapper")?;
    Ok(error_payload(memory::release_shared(&addresses(d)?)))
});

/// Every wrapper function with its bootstrap name.
const FUNCTIONS: [(&str, WrapperFn); 30] = [
    (MEM_RESERVE, mem_reserve),
    (MEM_INITIALIZE, mem_initialize),
    (MEM_DEINITIALIZE, mem_deinitialize),
    (MEM_RELEASE, mem_release),
    (DYLIB_OPEN, dylib_open),
    (DYLIB_RESOLVE, dylib_resolve),
    (WRITE_UINT8S, write_u8s),
    (WRITE_UINT16S, write_u16s),
    (WRITE_UINT32S, write_u32s),
    (WRITE_UINT64S, write_u64s),
    (WRITE_BUFFERS, write_buffers),
    (WRITE_POINTERS, write_pointers),
    (READ_UINT8S, read_u8s),
    (READ_UINT16S, read_u16s),
    (READ_UINT32S, read_u32s),
    (READ_UINT64S, read_u64s),
    (READ_POINTERS, read_pointers),
    (READ_BUFFERS, read_buffers),
    (READ_STRINGS, read_strings),
    (RUN_AS_MAIN, run_as_main),
    (RUN_AS_VOID, run_as_void),
    (RUN_AS_INT, run_as_int),
    (REGISTER_EH_FRAME, register_eh_frame),
    (DEREGISTER_EH_FRAME, deregister_eh_frame),
    (REGISTER_JIT_LOADER_GDB, register_gdb),
    (SHM_RESERVE, shm_reserve),
    (SHM_INITIALIZE, shm_initialize),
    (SHM_DEINITIALIZE, shm_deinitialize),
    (SHM_RELEASE, shm_release),
    (DISPATCH_FN, dispatch_fn_as_wrapper),
];

wrapper!(tls_reserve, tls::reserve);
wrapper!(tls_install, tls::install);
wrapper!(tls_release, tls::release);
wrapper!(tls_resolve, tls::resolve);

/// rjitlink's extensions, advertised not in Setup but through `resolve` in the process handle
/// (so LLVM's controllers see exactly LLVM's bootstrap symbols).
const EXTENSIONS: [(&str, WrapperFn); 5] = [
    (forward::FORWARD_OUTPUT, forward::forward_output),
    (TLS_RESERVE, tls_reserve),
    (TLS_INSTALL, tls_install),
    (TLS_RELEASE, tls_release),
    (TLS_RESOLVE, tls_resolve),
];

/// Never called: `DISPATCH_FN` has its own signature (see [`server::dispatch_fn`]); it is in
/// [`FUNCTIONS`] only so the name is advertised. A CallWrapper or action naming it gets this.
unsafe extern "C" fn dispatch_fn_as_wrapper(_: *const u8, _: usize) -> WrapperBuffer {
    WrapperBuffer::error("the jit-dispatch function cannot be called as a wrapper")
}

/// The 34 bootstrap symbols of the Setup message, with unique addresses.
pub fn bootstrap_symbols() -> Vec<(&'static str, u64)> {
    let mut out: Vec<(&'static str, u64)> = FUNCTIONS
        .iter()
        .map(|&(name, f)| {
            let addr = if name == DISPATCH_FN {
                server::dispatch_fn as *const () as u64
            } else {
                f as *const () as u64
            };
            (name, addr)
        })
        .collect();
    out.push((MEM_INSTANCE, instance(MEM)));
    out.push((DYLIB_INSTANCE, instance(DYLIB)));
    out.push((SHM_INSTANCE, instance(SHM)));
    out.push((DISPATCH_CTX, instance(DISPATCH)));
    out
}

/// Whether the wrapper runs no code but the executor's own and libraries' (no JIT'd code, no
/// allocation action, nothing that may call back to the controller and wait for it), so the
/// reader may answer it itself rather than on a thread of its own.
pub fn runs_inline(f: WrapperFn) -> bool {
    const INLINE: [WrapperFn; 20] = [
        mem_reserve,
        dylib_open,
        dylib_resolve,
        write_u8s,
        write_u16s,
        write_u32s,
        write_u64s,
        write_pointers,
        write_buffers,
        read_u8s,
        read_u16s,
        read_u32s,
        read_u64s,
        read_pointers,
        read_buffers,
        read_strings,
        register_eh_frame,
        deregister_eh_frame,
        shm_reserve,
        tls_resolve,
    ];
    INLINE.iter().any(|&g| g as usize == f as usize)
}

/// The wrapper at `addr`, if it is one of ours (a CallWrapper tag or an action address).
pub fn lookup(addr: u64) -> Option<WrapperFn> {
    static TABLE: OnceLock<HashMap<u64, WrapperFn>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            FUNCTIONS
                .iter()
                .filter(|(name, _)| *name != DISPATCH_FN)
                .map(|&(_, f)| (f as *const () as u64, f))
                .chain(EXTENSIONS.iter().map(|&(_, f)| (f as *const () as u64, f)))
                .collect()
        })
        .get(&addr)
        .copied()
}
