//! The link's view of a remote executor: a memory manager whose target memory is the
//! executor's (reserved there, written here, shipped in one `initialize` with the eh_frame
//! registration as an allocation action), symbol lookup in the executor's process, and a
//! [`Runner`] that runs initializers, the entry point and finalizers there. When the executor
//! dies mid-call, the error says how (`executor terminated by signal SIGSEGV while running
//! main`); a program that calls `exit(n)` makes rjitlink exit with `n`, as it would in-process.

use std::cell::RefCell;
use std::rc::Rc;

use super::launch::{signal_name, Ended, Executor, Extensions};
use super::names::*;
use super::shared_view::SharedView;
use super::sps::{Decoder, Encoder};
use crate::arch::Arch;
use crate::error::{Error, Result};
use crate::exec::Runner;
use crate::link::graph::Prot;
use crate::link::layout::Layout;
use crate::link::memory::{check_slab, MemoryManager};
use crate::link::resolve::ExternalSymbols;
use crate::link::tls::{ExternalTls, TlsPlacement};

pub type Shared = Rc<RefCell<Executor>>;

/// Decodes an `Expected<Addr>` result of `what`.
fn expected_addr(bytes: &[u8], what: &str) -> Result<u64> {
    let mut d = Decoder::new(bytes);
    match d.expected(what).map_err(|_| no_result(what))? {
        Some(msg) => Err(Error::new(format!("{what}: {msg}"))),
        None => d.u64(what).map_err(|_| no_result(what)),
    }
}

/// Decodes an `Error` result of `what`.
fn expect_ok(bytes: &[u8], what: &str) -> Result<()> {
    match Decoder::new(bytes).error(what) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.context(what)),
        Err(_) => Err(no_result(what)),
    }
}

fn no_result(what: &str) -> Error {
    Error::new(format!(
        "{what}: the executor sent no result (an error it could not encode)"
    ))
}

/// Calls a bootstrap wrapper; if the executor is gone, says how it ended.
fn call(exec: &Shared, name: &str, args: &[u8], doing: &str) -> Result<Vec<u8>> {
    let mut e = exec.borrow_mut();
    match e.session.call(name, args) {
        Ok(bytes) => Ok(bytes),
        Err(err) => Err(lost(&mut e, err, doing)),
    }
}

/// Why a call failed.
enum Failure {
    /// The executor exited with this status (the program called `exit`).
    Exited(i32),
    Error(Error),
}

fn failure(e: &mut Executor, err: Error, doing: &str) -> Failure {
    if e.session.ended().is_none() {
        return Failure::Error(err);
    }
    Failure::Error(match e.ended() {
        Some(Ended::Signal(sig)) => Error::new(format!(
            "executor terminated by signal {} while {doing}",
            signal_name(sig)
        )),
        Some(Ended::Exit(code)) => return Failure::Exited(code),
        None => Error::new(format!("{} disconnected while {doing}: {err}", e.name)),
    })
}

/// The error for a failed call: how the executor died, if it did.
fn lost(e: &mut Executor, err: Error, doing: &str) -> Error {
    match failure(e, err, doing) {
        Failure::Exited(code) => {
            Error::new(format!("executor exited with status {code} while {doing}"))
        }
        Failure::Error(err) => err,
    }
}

/// Whether the link's memory is shared with the executor (LLVM's SharedMemoryMapper wire
/// interface) rather than shipped in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedMemory {
    /// Never (`-use-memmgr=generic`, an executor on another machine).
    Off,
    /// When the executor offers it (rjitlink's default for an executor it started); otherwise,
    /// or if the memory cannot be opened here, the generic way.
    IfAvailable,
    /// Always (`-use-memmgr=shared`): an error if it cannot be.
    Required,
}

/// Target memory in the executor; working memory here, or the executor's own pages mapped
/// here (shared memory).
pub struct RemoteMemory {
    exec: Shared,
    slab_size: Option<u64>,
    base: u64,
    buf: Vec<u8>,
    shared: SharedMemory,
    /// The shared reservation's pages, when the link got one.
    view: Option<SharedView>,
    /// The link's part of the executor's static TLS block, and the install and release
    /// actions' addresses.
    tls: Option<RemoteTls>,
}

#[derive(Clone, Copy)]
struct RemoteTls {
    tp_offset: i64,
    install: u64,
    release: u64,
}

impl RemoteMemory {
    pub fn new(exec: Shared, slab_size: Option<u64>, shared: SharedMemory) -> Self {
        RemoteMemory {
            exec,
            slab_size,
            base: 0,
            buf: Vec::new(),
            shared,
            view: None,
            tls: None,
        }
    }

    /// Reserves `size` bytes as shared memory; `Ok(None)` when that is not available and
    /// not required.
    fn reserve_shared(&mut self, size: u64, len: usize) -> Result<Option<u64>> {
        let required = self.shared == SharedMemory::Required;
        let unavailable = |e: Error| if required { Err(e) } else { Ok(None) };
        let inst = match self.exec.borrow().session.symbol(SHM_INSTANCE) {
            Ok(inst) => inst,
            Err(e) => return unavailable(e),
        };
        let mut args = Encoder::new();
        args.u64(inst).u64(size);
        let bytes = call(
            &self.exec,
            SHM_RESERVE,
            &args.buf,
            "reserving shared memory",
        )?;
        let mut d = Decoder::new(&bytes);
        let what = "reserving shared memory";
        if let Some(msg) = d.expected(what).map_err(|_| no_result(what))? {
            return unavailable(Error::new(format!("{what}: {msg}")));
        }
        let base = d.u64(what).map_err(|_| no_result(what))?;
        let name = d.string(what).map_err(|_| no_result(what))?;
        match SharedView::open(&name, len) {
            Ok(view) => {
                self.view = Some(view);
                Ok(Some(base))
            }
            Err(e) => {
                // Not on this machine after all: give the reservation back.
                let mut args = Encoder::new();
                args.u64(inst).count(1).u64(base);
                let bytes = call(
                    &self.exec,
                    SHM_RELEASE,
                    &args.buf,
                    "releasing shared memory",
                )?;
                expect_ok(&bytes, "releasing shared memory")?;
                unavailable(e)
            }
        }
    }

    /// `initialize` of shared memory: the contents are in place; only the segments'
    /// protections and the actions travel.
    fn finalize_shared(&mut self, layout: &Layout, actions: &[Action]) -> Result<()> {
        let inst = self.exec.borrow().session.symbol(SHM_INSTANCE)?;
        let segments: Vec<_> = layout
            .segments
            .iter()
            .filter(|s| s.alloc_size > 0)
            .collect();
        let mut args = Encoder::new();
        args.u64(inst).u64(self.base).count(segments.len());
        for seg in segments {
            args.u8(wire_prot(seg.prot))
                .u64(self.base + seg.offset)
                .u64(seg.alloc_size);
        }
        encode_actions(&mut args, actions);
        let bytes = call(
            &self.exec,
            SHM_INITIALIZE,
            &args.buf,
            "initializing shared memory",
        )?;
        expected_addr(&bytes, "initialize")?;
        match &mut self.view {
            Some(view) => view.seal(),
            None => Ok(()),
        }
    }
}

/// An allocation action pair: `(finalize fn, its args, dealloc fn, its args)`.
type Action = (u64, Vec<u8>, u64, Vec<u8>);

fn encode_actions(e: &mut Encoder, actions: &[Action]) {
    e.count(actions.len());
    for (finalize, fargs, dealloc, dargs) in actions {
        e.u64(*finalize).bytes(fargs);
        e.u64(*dealloc).bytes(dargs);
    }
}

/// The executor's extensions; if it died looking them up, how.
fn extensions(exec: &Shared) -> Result<Extensions> {
    let mut e = exec.borrow_mut();
    let found = e.extensions();
    found.map_err(|err| lost(&mut e, err, "resolving rjitlink's extensions"))
}

fn wire_prot(p: Prot) -> u8 {
    match p {
        Prot::Read => PROT_READ,
        Prot::ReadWrite => PROT_READ | PROT_WRITE,
        Prot::ReadExec => PROT_READ | PROT_EXEC,
    }
}

impl MemoryManager for RemoteMemory {
    fn reserve(&mut self, size: u64, low: bool) -> Result<u64> {
        if self.base != 0 {
            return Err(crate::link::memory::already_reserved());
        }
        if low {
            return Err(Error::new(
                "the link needs addresses below 2GiB (absolute 32-bit relocations in non-PIC \
                 code), which a remote executor cannot promise; compile with -fPIC",
            ));
        }
        let size = check_slab(size, self.slab_size)?;
        let len = usize::try_from(size).map_err(|_| Error::new("reservation too large"))?;
        if self.shared != SharedMemory::Off {
            if let Some(base) = self.reserve_shared(size, len)? {
                self.base = base;
                return Ok(base);
            }
        }
        let inst = self.exec.borrow().session.symbol(MEM_INSTANCE)?;
        let mut args = Encoder::new();
        args.u64(inst).u64(size);
        let bytes = call(&self.exec, MEM_RESERVE, &args.buf, "reserving memory")?;
        self.base = expected_addr(&bytes, "reserve")?;
        self.buf = vec![0; len];
        Ok(self.base)
    }

    fn working(&self) -> &[u8] {
        match &self.view {
            Some(view) => view.bytes(),
            None => &self.buf,
        }
    }

    fn working_mut(&mut self) -> &mut [u8] {
        match &mut self.view {
            Some(view) => view.bytes_mut(),
            None => &mut self.buf,
        }
    }

    fn release(&mut self) -> Result<()> {
        let (inst, tag) = match self.view.take() {
            Some(view) => {
                drop(view);
                (SHM_INSTANCE, SHM_RELEASE)
            }
            None => (MEM_INSTANCE, MEM_RELEASE),
        };
        let inst = self.exec.borrow().session.symbol(inst)?;
        let mut args = Encoder::new();
        args.u64(inst).count(1).u64(self.base);
        let bytes = call(&self.exec, tag, &args.buf, "releasing memory")?;
        expect_ok(&bytes, "release")
    }

    fn has_static_tls(&mut self) -> Result<bool> {
        Ok(extensions(&self.exec)?.static_tls())
    }

    fn place_tls(&mut self, _arch: &dyn Arch, size: u64, align: u64) -> Result<TlsPlacement> {
        let ext = extensions(&self.exec)?;
        if !ext.static_tls() {
            let name = self.exec.borrow().name.clone();
            return Err(Error::new(format!(
                "thread-local storage needs static TLS in the executor, which {name} does not \
                 offer (run the program in rjitlink-executor, or in this process)"
            )));
        }
        let mut args = Encoder::new();
        args.u64(size).u64(align);
        let bytes = {
            let mut e = self.exec.borrow_mut();
            let started = e.session.start(ext.tls_reserve, &args.buf);
            started
                .and_then(|p| p.wait())
                .map_err(|err| lost(&mut e, err, "reserving thread-local storage"))?
        };
        let tp_offset = expected_addr(&bytes, "reserving thread-local storage")? as i64;
        self.tls = Some(RemoteTls {
            tp_offset,
            install: ext.tls_install,
            release: ext.tls_release,
        });
        Ok(TlsPlacement { tp_offset })
    }

    fn external_tls(&self) -> Option<ExternalTls> {
        // The executor gave offsets from the thread pointer; `i64::MIN` marks a variable it
        // found outside static TLS.
        self.exec.borrow().tls_as_offsets.then_some(ExternalTls {
            thread_pointer: 0,
            static_tls: (i64::MIN + 1, i64::MAX),
        })
    }

    fn finalize(&mut self, layout: &Layout) -> Result<()> {
        // Allocation actions: the eh_frame table's registration, the TLS image's install.
        let mut actions: Vec<Action> = Vec::new();
        if let Some((off, size)) = layout.eh_frame {
            let (reg, dereg) = {
                let e = self.exec.borrow();
                (
                    e.session.symbol(REGISTER_EH_FRAME)?,
                    e.session.symbol(DEREGISTER_EH_FRAME)?,
                )
            };
            let mut range = Encoder::new();
            range.u64(self.base + off).u64(self.base + off + size);
            actions.push((reg, range.buf.clone(), dereg, range.buf));
        }
        if let (Some(image), Some(tls)) = (layout.tls, self.tls) {
            let start = self.base + image.template;
            let mut install = Encoder::new();
            install
                .u64(tls.tp_offset as u64)
                .u64(start)
                .u64(start + image.init_size);
            let mut release = Encoder::new();
            release.u64(tls.tp_offset as u64);
            actions.push((tls.install, install.buf, tls.release, release.buf));
        }
        if self.view.is_some() {
            return self.finalize_shared(layout, &actions);
        }
        let inst = self.exec.borrow().session.symbol(MEM_INSTANCE)?;
        // The segments' content is written from the working memory where it lies; `fields`
        // holds the SPS fields between the pieces of content.
        let segments: Vec<_> = layout
            .segments
            .iter()
            .filter(|s| s.alloc_size > 0)
            .collect();
        let mut fields: Vec<Encoder> = Vec::new();
        let mut contents: Vec<&[u8]> = Vec::new();
        let mut head = Encoder::new();
        head.u64(inst).count(segments.len());
        for seg in segments {
            let content = &self.buf[seg.offset as usize..(seg.offset + seg.size) as usize];
            // Trailing zeros (bss) are the executor's zero fill; they need not travel.
            let used = content.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
            head.u8(wire_prot(seg.prot))
                .u64(self.base + seg.offset)
                .u64(seg.alloc_size)
                .count(used);
            fields.push(std::mem::take(&mut head));
            contents.push(&content[..used]);
        }
        encode_actions(&mut head, &actions);
        let mut parts: Vec<&[u8]> = Vec::new();
        for (f, c) in fields.iter().zip(&contents) {
            parts.push(&f.buf);
            parts.push(c);
        }
        parts.push(&head.buf);
        let bytes = {
            let mut e = self.exec.borrow_mut();
            let tag = e.session.symbol(MEM_INITIALIZE)?;
            let sent = e.session.start_parts(tag, &parts);
            sent.and_then(|p| p.wait())
                .map_err(|err| lost(&mut e, err, "initializing memory"))?
        };
        expected_addr(&bytes, "initialize").map(drop)
    }
}

/// Looks names up in the executor's process and the shared libraries opened there.
pub struct RemoteSymbols {
    exec: Shared,
    /// The process first, then each library, in command-line order.
    handles: Vec<u64>,
}

impl RemoteSymbols {
    /// Opens the process and `libraries` in the executor (all requests pipelined).
    pub fn new(exec: Shared, libraries: &[std::path::PathBuf]) -> Result<Self> {
        let mut paths: Vec<Vec<u8>> = vec![Vec::new()];
        paths.extend(
            libraries
                .iter()
                .map(|l| l.as_os_str().as_encoded_bytes().to_vec()),
        );
        let handles = {
            let mut e = exec.borrow_mut();
            let inst = e.session.symbol(DYLIB_INSTANCE)?;
            let open = e.session.symbol(DYLIB_OPEN)?;
            let mut pending = Vec::new();
            for p in &paths {
                let mut args = Encoder::new();
                args.u64(inst).bytes(p).u64(0);
                let started = e.session.start(open, &args.buf);
                pending.push(started.map_err(|err| lost(&mut e, err, "opening libraries"))?);
            }
            let mut handles = Vec::new();
            for (p, pending) in paths.iter().zip(pending) {
                let bytes = pending
                    .wait()
                    .map_err(|err| lost(&mut e, err, "opening libraries"))?;
                let what = if p.is_empty() {
                    "open (process)".to_string()
                } else {
                    format!("open {}", String::from_utf8_lossy(p))
                };
                handles.push(expected_addr(&bytes, &what)?);
            }
            handles
        };
        Ok(RemoteSymbols { exec, handles })
    }
}

impl ExternalSymbols for RemoteSymbols {
    fn lookup(&mut self, name: &[u8]) -> Option<u64> {
        self.lookup_all(&[name]).ok()?.pop().flatten()
    }

    /// With rjitlink-executor, offsets from the thread pointer (its TLS extension); other
    /// executors give addresses, which no thread-local access can use.
    fn lookup_tls_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        let resolve = extensions(&self.exec)?.tls_resolve;
        if resolve == 0 {
            return self.lookup_all(names);
        }
        let mut args = Encoder::new();
        args.count(names.len());
        for n in names {
            args.bytes(n);
        }
        let bytes = {
            let mut e = self.exec.borrow_mut();
            let started = e.session.start(resolve, &args.buf);
            started
                .and_then(|p| p.wait())
                .map_err(|err| lost(&mut e, err, "resolving thread-local symbols"))?
        };
        let what = "resolving thread-local symbols";
        let mut d = Decoder::new(&bytes);
        if d.count(1, what).map_err(|_| no_result(what))? != names.len() {
            return Err(Error::new(format!("{what}: wrong number of results")));
        }
        let mut out = Vec::with_capacity(names.len());
        for _ in names {
            out.push(if d.bool(what)? {
                Some(d.u64(what)?)
            } else {
                None
            });
        }
        self.exec.borrow_mut().tls_as_offsets = true;
        Ok(out)
    }

    fn lookup_all(&mut self, names: &[&[u8]]) -> Result<Vec<Option<u64>>> {
        // Never send an empty name (LLVM 22's executor aborts on an empty required one).
        let asked: Vec<usize> = (0..names.len()).filter(|&i| !names[i].is_empty()).collect();
        let mut out = vec![None; names.len()];
        if asked.is_empty() {
            return Ok(out);
        }
        let mut e = self.exec.borrow_mut();
        let resolve = e.session.symbol(DYLIB_RESOLVE)?;
        let mut pending = Vec::new();
        for &h in &self.handles {
            let mut args = Encoder::new();
            args.u64(h).count(asked.len());
            for &i in &asked {
                args.bytes(names[i]).bool(false);
            }
            let started = e.session.start(resolve, &args.buf);
            pending.push(started.map_err(|err| lost(&mut e, err, "resolving symbols"))?);
        }
        for pending in pending {
            let bytes = pending
                .wait()
                .map_err(|err| lost(&mut e, err, "resolving symbols"))?;
            let mut d = Decoder::new(&bytes);
            if let Some(msg) = d.expected("resolve").map_err(|_| no_result("resolve"))? {
                return Err(Error::new(format!("resolve: {msg}")));
            }
            let n = d.count(1, "resolve").map_err(|_| no_result("resolve"))?;
            if n != asked.len() {
                return Err(Error::new(format!(
                    "resolve: {n} results for {} names",
                    asked.len()
                )));
            }
            for &i in &asked {
                let addr = if d.bool("resolve")? {
                    let addr = d.u64("resolve")?;
                    let _flags = d.u8("resolve")?;
                    let _target_flags = d.u8("resolve")?;
                    addr
                } else {
                    0
                };
                if addr != 0 && out[i].is_none() {
                    out[i] = Some(addr);
                }
            }
        }
        Ok(out)
    }
}

/// A controller function JIT'd code calls (`serve(tag, arguments) -> result`): see
/// [`super::controller::Pending::wait_serving`].
pub type Server = Rc<dyn Fn(u64, &[u8]) -> Result<Vec<u8>>>;

/// Writes 64-bit words (pointer slots) in the executor's memory, in one call.
pub fn write_words(exec: &Shared, writes: &[(u64, u64)]) -> Result<()> {
    let mut args = Encoder::new();
    args.count(writes.len());
    for &(addr, value) in writes {
        args.u64(addr).u64(value);
    }
    call(exec, WRITE_UINT64S, &args.buf, "writing pointers").map(drop)
}

/// Runs the linked program in the executor, answering the program's calls to the
/// controller's functions (lazy linking's reentry) with `serve` meanwhile.
pub struct RemoteRunner {
    exec: Shared,
    argv: Vec<String>,
    serve: Option<Server>,
    /// The program called `exit(n)`: the executor is gone and later calls are skipped.
    pub exited: Option<i32>,
}

impl RemoteRunner {
    pub fn new(exec: Shared, argv: Vec<String>, serve: Option<Server>) -> Self {
        RemoteRunner {
            exec,
            argv,
            serve,
            exited: None,
        }
    }

    fn run(&mut self, name: &str, args: &[u8], doing: &str) -> Result<Option<Vec<u8>>> {
        if self.exited.is_some() {
            return Ok(None);
        }
        // The executor is not borrowed while the call runs: serving a call from the program
        // makes calls of its own.
        let started = {
            let mut e = self.exec.borrow_mut();
            e.session
                .symbol(name)
                .and_then(|tag| e.session.start(tag, args))
        };
        let result = started.and_then(|pending| match &self.serve {
            Some(serve) => pending.wait_serving(&mut |tag, args| serve(tag, args)),
            None => pending.wait(),
        });
        match result {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) => match failure(&mut self.exec.borrow_mut(), err, doing) {
                // The program called exit(): that is its result.
                Failure::Exited(code) => {
                    self.exited = Some(code);
                    Ok(None)
                }
                Failure::Error(err) => Err(err),
            },
        }
    }

    fn run_void(&mut self, f: u64, doing: &str) -> Result<()> {
        let mut args = Encoder::new();
        args.u64(f);
        if let Some(bytes) = self.run(RUN_AS_VOID, &args.buf, doing)? {
            Decoder::new(&bytes)
                .i32("run_as_void_function")
                .map_err(|_| no_result("run_as_void_function"))?;
        }
        Ok(())
    }
}

impl Runner for RemoteRunner {
    fn call_init(&mut self, f: u64) -> Result<()> {
        self.run_void(f, "running initializers")
    }

    fn call_main(&mut self, f: u64) -> Result<i32> {
        let mut args = Encoder::new();
        args.u64(f).count(self.argv.len());
        for a in &self.argv {
            args.str(a);
        }
        match self.run(RUN_AS_MAIN, &args.buf, "running main")? {
            Some(bytes) => Ok(Decoder::new(&bytes)
                .i64("run_as_main")
                .map_err(|_| no_result("run_as_main"))? as i32),
            None => Ok(self.exited.unwrap_or(0)),
        }
    }

    fn call_fini(&mut self, f: u64) -> Result<()> {
        self.run_void(f, "running finalizers")
    }
}
