//! The three places a session's code goes: this process, an executor, or nowhere (`-noexec`).
//! Each supplies memory for every unit, the symbols outside the session, a way to run code
//! and to rewrite pointer slots, and the function lazy reentry calls. The session never asks
//! which one it has.

use std::any::Any;
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::exec::{FrameRegistration, InProcess, ProcessSymbols, Runner, StandInSymbols};
use crate::jitdump::{CodeLoad, DebugInfo, JitDump, Unwind, DEBUG_ROW_BIAS};
use crate::link::debug_lines::LineTables;
use crate::link::memory::{InProcessMemory, MemoryManager, SlabMemory};
use crate::link::resolve::ExternalSymbols;
use crate::link::Linked;
use crate::remote::names::{DISPATCH_CTX, DISPATCH_FN, LAZY_REENTRY_TAG};
use crate::remote::target::{self as remote, RemoteMemory, RemoteRunner, RemoteSymbols, Server};

/// Where the code of a session goes.
pub trait Target {
    /// Memory for one more unit (each unit has a reservation of its own).
    fn memory(&mut self) -> Box<dyn MemoryManager>;
    /// Symbols outside the session: the process's, or the executor's.
    fn externals(&mut self) -> Option<&mut dyn ExternalSymbols>;
    /// After a unit is linked, before any of its code runs: what must live as long as the
    /// unit (in this process, its eh_frame registration with the unwinder).
    fn linked(&mut self, linked: &Linked<'_>) -> Option<Box<dyn Any>>;
    /// The `dispatch_fn` and its `ctx` that lazy reentry code calls with
    /// [`LAZY_REENTRY_TAG`]; `session` is the context of the in-process one. From now on, a
    /// remote target answers those calls with the server given to [`Target::runner`].
    fn reentry(&mut self, session: u64) -> Result<(u64, u64)>;
    /// Writes 64-bit words (stub pointer slots) where the code runs.
    fn write_words(&mut self, writes: &[(u64, u64)]) -> Result<()>;
    /// Runs code. A remote runner answers the program's reentry calls with `serve`.
    fn runner(&mut self, argv: &[String], serve: Option<Server>) -> Result<Box<dyn Runner>>;
    /// The program ran: in this process, flush C's buffered output; remotely, end the
    /// executor's session.
    fn end(&mut self) {}
    /// The program cannot go on (running it failed): remotely, stop the executor now.
    fn abort(&mut self) {}
}

/// The code runs in this process.
pub struct InProcessTarget {
    pub slab_size: Option<u64>,
    pub process: Option<ProcessSymbols>,
    /// `-perf-support`: each unit's functions are recorded as they are linked.
    pub perf: Option<JitDump>,
}

impl Target for InProcessTarget {
    fn memory(&mut self) -> Box<dyn MemoryManager> {
        Box::new(InProcessMemory::new(self.slab_size))
    }
    fn externals(&mut self) -> Option<&mut dyn ExternalSymbols> {
        self.process.as_mut().map(|p| p as &mut dyn ExternalSymbols)
    }
    fn linked(&mut self, linked: &Linked<'_>) -> Option<Box<dyn Any>> {
        if let Some(dump) = &mut self.perf {
            if let Err(e) = record_for_perf(dump, linked) {
                eprintln!("rjitlink: warning: {e}");
            }
        }
        Some(Box::new(FrameRegistration::new(linked.eh_frame)))
    }
    fn reentry(&mut self, session: u64) -> Result<(u64, u64)> {
        Ok((
            super::reentry::in_process_dispatch as *const () as u64,
            session,
        ))
    }
    fn write_words(&mut self, writes: &[(u64, u64)]) -> Result<()> {
        for &(addr, value) in writes {
            // SAFETY: `addr` is a pointer slot of a lazy stub, in a read-write segment of a
            // unit of this session that stays mapped; other threads may be reading it, hence
            // the atomic store.
            unsafe {
                (*(addr as *const std::sync::atomic::AtomicU64))
                    .store(value, std::sync::atomic::Ordering::Release)
            };
        }
        Ok(())
    }
    fn runner(&mut self, argv: &[String], _serve: Option<Server>) -> Result<Box<dyn Runner>> {
        Ok(Box::new(InProcess::new(argv)?))
    }
    fn end(&mut self) {
        // SAFETY: flushing every C stdio stream has no preconditions.
        unsafe { libc::fflush(std::ptr::null_mut()) };
        if let Some(Err(e)) = self.perf.take().map(JitDump::close) {
            eprintln!("rjitlink: warning: {e}");
        }
    }
}

/// A unit's functions, their source lines and (x86_64, as llvm-jitlink) its unwind table,
/// into the jitdump.
fn record_for_perf(dump: &mut JitDump, linked: &Linked<'_>) -> Result<()> {
    // SAFETY (both slices): linked memory of this process, finalized and readable, that stays
    // mapped as long as the unit.
    let bytes = |addr: u64, size: u64| unsafe {
        std::slice::from_raw_parts(addr as *const u8, size as usize)
    };
    let functions = linked.functions();
    let tables = LineTables::of(&linked.graph);
    let lines: Vec<DebugInfo<'_>> = functions
        .iter()
        .map(|&(_, addr, size)| DebugInfo {
            addr,
            rows: tables
                .for_range(addr, size)
                .into_iter()
                .map(|l| {
                    (
                        l.addr + DEBUG_ROW_BIAS,
                        l.line,
                        l.discriminator,
                        l.file.as_str(),
                    )
                })
                .collect(),
        })
        .filter(|d| !d.rows.is_empty())
        .collect();
    let functions: Vec<CodeLoad<'_>> = functions
        .into_iter()
        .map(|(name, addr, size)| CodeLoad {
            name,
            addr,
            code: bytes(addr, size),
        })
        .collect();
    let unwind = match (linked.graph.arch.name(), linked.eh_frame) {
        ("x86_64", Some((addr, size))) => Some(Unwind {
            addr,
            table: bytes(addr, size),
        }),
        _ => None,
    };
    dump.unit(unwind, &lines, &functions)
}

/// The code runs in an executor.
pub struct RemoteTarget {
    pub exec: remote::Shared,
    pub slab_size: Option<u64>,
    pub shared: remote::SharedMemory,
    pub symbols: Option<RemoteSymbols>,
}

impl Target for RemoteTarget {
    fn memory(&mut self) -> Box<dyn MemoryManager> {
        Box::new(RemoteMemory::new(
            Rc::clone(&self.exec),
            self.slab_size,
            self.shared,
        ))
    }
    fn externals(&mut self) -> Option<&mut dyn ExternalSymbols> {
        self.symbols.as_mut().map(|s| s as &mut dyn ExternalSymbols)
    }
    fn linked(&mut self, _linked: &Linked<'_>) -> Option<Box<dyn Any>> {
        // The eh_frame table was registered by `initialize`'s actions.
        None
    }
    fn reentry(&mut self, _session: u64) -> Result<(u64, u64)> {
        let mut e = self.exec.borrow_mut();
        let dispatch = e.session.symbol(DISPATCH_FN)?;
        let ctx = e.session.symbol(DISPATCH_CTX)?;
        e.session.serve(LAZY_REENTRY_TAG);
        Ok((dispatch, ctx))
    }
    fn write_words(&mut self, writes: &[(u64, u64)]) -> Result<()> {
        remote::write_words(&self.exec, writes)
    }
    fn runner(&mut self, argv: &[String], serve: Option<Server>) -> Result<Box<dyn Runner>> {
        Ok(Box::new(RemoteRunner::new(
            Rc::clone(&self.exec),
            argv.to_vec(),
            serve,
        )))
    }
    fn end(&mut self) {
        self.exec.borrow_mut().finish();
    }
    fn abort(&mut self) {
        self.exec.borrow_mut().abort();
    }
}

/// `-noexec`: nothing runs. Units are laid out one after the other from `-slab-address`
/// (when given), so a layout is the same on every run.
pub struct NoExecTarget {
    pub next_address: Option<u64>,
    pub slab_size: Option<u64>,
    pub page_size: u64,
    pub symbols: NoExecSymbols,
}

/// Host symbols in a `-noexec` link: as they are, at stand-in addresses, or none.
pub enum NoExecSymbols {
    None,
    Process(ProcessSymbols),
    StandIn(StandInSymbols<ProcessSymbols>),
}

impl Target for NoExecTarget {
    fn memory(&mut self) -> Box<dyn MemoryManager> {
        Box::new(SlabMemory::new(self.next_address, self.slab_size))
    }
    fn externals(&mut self) -> Option<&mut dyn ExternalSymbols> {
        match &mut self.symbols {
            NoExecSymbols::None => None,
            NoExecSymbols::Process(p) => Some(p),
            NoExecSymbols::StandIn(s) => Some(s),
        }
    }
    fn linked(&mut self, linked: &Linked<'_>) -> Option<Box<dyn Any>> {
        if let Some(next) = &mut self.next_address {
            let end = linked.graph.base.wrapping_add(linked.layout.size);
            let page = self.page_size;
            *next = end.wrapping_add(page - 1) & !(page - 1);
        }
        None
    }
    fn reentry(&mut self, _session: u64) -> Result<(u64, u64)> {
        Ok((0, 0))
    }
    fn write_words(&mut self, _writes: &[(u64, u64)]) -> Result<()> {
        Ok(())
    }
    fn runner(&mut self, _argv: &[String], _serve: Option<Server>) -> Result<Box<dyn Runner>> {
        Err(Error::new("nothing runs with -noexec"))
    }
}
