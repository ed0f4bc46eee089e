//! The executor's side of a session: send Setup, then serve the controller's CallWrappers.
//! Calls that run only the executor's own code (memory, lookups) are answered by the reader;
//! the others (JIT'd code, allocation actions) run on worker threads, one per call in flight
//! as in LLVM 22's executor, so calls can be pipelined, results can come back out of order,
//! and JIT'd code running on one call can call back to the controller (`dispatch_fn`) while
//! the reader keeps reading. Workers stay for the next call rather than ending with theirs,
//! and the first is started right after Setup, while the controller links: starting a thread
//! is a large part of a call on an emulated or small device.
//!
//! Nothing from the controller is trusted: a bad header, an opcode other than CallWrapper,
//! Result or Hangup, or a Result nobody waits for ends the session with a Hangup carrying the
//! reason; a wrapper address that is neither ours nor JIT'd code nor a resolved symbol, or
//! arguments that do not decode, get an empty result (how LLVM 22 sends an error it cannot
//! encode).

use std::collections::VecDeque;
use std::io::{BufReader, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use super::abi::{self, WrapperBuffer, WrapperFn};
use super::calls::OutstandingCalls;
use super::{memory, wrappers};
use crate::error::{Error, Result};
use crate::remote::sps::Encoder;
use crate::remote::wire::{self, Message, Opcode};

/// Calls run at once (threads); more wait in a queue, up to `MAX_QUEUED_BYTES`.
const MAX_IN_FLIGHT: usize = 64;
const MAX_QUEUED_BYTES: usize = 1 << 30;
/// Stack for each call: JIT'd `main` expects what a main thread would get.
const CALL_STACK: usize = 8 << 20;

pub struct Server {
    writer: Mutex<Box<dyn Write + Send>>,
    /// Our own CallWrappers to the controller (from `dispatch_fn`), by sequence number.
    pending: OutstandingCalls,
    next_seq: AtomicU64,
    open: AtomicBool,
    calls: Mutex<Calls>,
    /// Signalled when a call ends.
    idle: Condvar,
    /// Signalled when a call is queued or the session ends (for waiting workers).
    work: Condvar,
}

/// Calls running and waiting, and the workers that run them.
#[derive(Default)]
struct Calls {
    running: usize,
    queue: VecDeque<(WrapperFn, Message)>,
    queued_bytes: usize,
    /// Worker threads, and how many of them wait for a call.
    workers: usize,
    waiting: usize,
    /// The session is over: workers end once the queue is empty.
    closed: bool,
}

static SERVER: OnceLock<Arc<Server>> = OnceLock::new();

/// The target triple this executor reports, as LLVM's executors spell the host's.
pub fn host_triple() -> &'static str {
    if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        "x86_64-pc-linux-gnu"
    } else if cfg!(all(target_arch = "aarch64", target_os = "linux")) {
        "aarch64-unknown-linux-gnu"
    } else if cfg!(all(target_arch = "aarch64", target_vendor = "apple")) {
        "arm64-apple-darwin"
    } else if cfg!(all(target_arch = "x86_64", target_vendor = "apple")) {
        "x86_64-apple-darwin"
    } else {
        "unknown-unknown-unknown"
    }
}

/// The Setup payload: triple, page size, an empty bootstrap map, the bootstrap symbols.
pub fn setup_payload() -> Vec<u8> {
    let mut e = Encoder::new();
    e.str(host_triple()).u64(memory::page_size()).count(0);
    let symbols = wrappers::bootstrap_symbols();
    e.count(symbols.len());
    for (name, addr) in symbols {
        e.str(name).u64(addr);
    }
    e.finish()
}

impl Server {
    fn send(&self, opcode: Opcode, seqno: u64, tag: u64, payload: &[u8]) {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        // A failed write means the controller is gone; the reader sees the end of file.
        let _ = wire::write_message(&mut *w, opcode, seqno, tag, payload);
    }

    fn hangup(&self, reason: &str) {
        let mut e = Encoder::new();
        e.error(reason);
        self.send(Opcode::Hangup, 0, 0, &e.finish());
    }

    /// Waits up to `timeout` for running calls to finish; whether they all did.
    fn wait_idle(&self, timeout: Duration) -> bool {
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let (calls, _) = self
            .idle
            .wait_timeout_while(calls, timeout, |c| c.running > 0 || !c.queue.is_empty())
            .unwrap_or_else(|e| e.into_inner());
        calls.running == 0 && calls.queue.is_empty()
    }

    /// Runs a call on a thread of its own, or queues it when `MAX_IN_FLIGHT` calls already
    /// run. The reader never waits here: the calls running may be waiting for Results it
    /// has yet to read (jit-dispatch).
    fn serve_call(self: &Arc<Self>, msg: Message) -> Result<()> {
        // One of ours, or a wrapper function in JIT'd code (the ORC runtime's: its
        // `__orc_rt_*_wrapper`s are called so) or in a resolved library. Any other address:
        // LLVM would jump there; we answer with an error result.
        let Ok(f) = super::actions::callable(msg.tag) else {
            self.send(Opcode::Result, msg.seqno, 0, &[]);
            return Ok(());
        };
        if wrappers::runs_inline(f) {
            // It runs no JIT'd code and waits for nothing: answered here, without the cost of
            // a thread (which dominates such a call on an emulated executor).
            // SAFETY: `f` is one of our wrappers; it reads exactly the payload.
            let result = unsafe { abi::call(f, &msg.payload) };
            self.send(Opcode::Result, msg.seqno, 0, &result.unwrap_or_default());
            return Ok(());
        }
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        calls.queued_bytes += msg.payload.len() + wire::HEADER_SIZE;
        if calls.queued_bytes > MAX_QUEUED_BYTES {
            return Err(Error::new(format!(
                "more than {MAX_QUEUED_BYTES} bytes of calls waiting to run"
            )));
        }
        calls.queue.push_back((f, msg));
        // A waiting worker takes it; else a new one, up to `MAX_IN_FLIGHT` (beyond that, it
        // waits in the queue for the first worker to finish).
        if calls.waiting > 0 {
            self.work.notify_one();
            return Ok(());
        }
        if calls.workers >= MAX_IN_FLIGHT {
            return Ok(());
        }
        calls.workers += 1;
        drop(calls);
        self.start_worker()
    }

    fn start_worker(self: &Arc<Self>) -> Result<()> {
        let server = Arc::clone(self);
        // Read before the thread's copy of the static TLS block is made (glibc copies it from
        // the executable's image while creating the thread): an image installed meanwhile
        // makes the worker stale, never one that lacks it look fresh.
        let born = crate::static_tls::generation();
        let spawned = super::thread::spawn(CALL_STACK, move || server.work(born));
        if let Err(e) = spawned {
            let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
            calls.workers -= 1;
            self.idle.notify_all();
            return Err(Error::new(format!("cannot start a thread for a call: {e}")));
        }
        Ok(())
    }

    /// A worker: runs queued calls until the session ends.
    fn work(self: Arc<Self>, born: u64) {
        // Static TLS images installed after this thread started are not in its copy of the
        // block: a stale worker leaves its call to a new one, which starts with them.
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if crate::static_tls::generation() != born && !calls.queue.is_empty() {
                drop(calls);
                // It takes this worker's place (the count is unchanged; should it fail to
                // start, `start_worker` takes this one off the count, and the queue waits for
                // the worker the next call starts).
                let _ = self.start_worker();
                return;
            }
            let Some((f, msg)) = calls.queue.pop_front() else {
                if calls.closed {
                    calls.workers -= 1;
                    self.idle.notify_all();
                    return;
                }
                calls.waiting += 1;
                calls = self.work.wait(calls).unwrap_or_else(|e| e.into_inner());
                calls.waiting -= 1;
                continue;
            };
            calls.queued_bytes -= msg.payload.len() + wire::HEADER_SIZE;
            calls.running += 1;
            drop(calls);
            // SAFETY: `f` is one of our wrappers; it reads exactly the payload.
            let result = unsafe { abi::call(f, &msg.payload) };
            self.send(Opcode::Result, msg.seqno, 0, &result.unwrap_or_default());
            calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
            calls.running -= 1;
            self.idle.notify_all();
        }
    }

    /// Ends the session for the workers: each finishes what is queued, then ends.
    fn close_workers(&self) {
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        calls.closed = true;
        self.work.notify_all();
    }
}

/// Sends a one-way call to the controller (forwarded output): its Result is discarded.
pub fn notify(tag: u64, payload: &[u8]) {
    let Some(server) = SERVER.get() else {
        return;
    };
    let seq = server.next_seq.fetch_add(1, Ordering::SeqCst);
    // The receiver is dropped at once: the Result is discarded.
    drop(server.pending.add(seq));
    server.send(Opcode::CallWrapper, seq, tag, payload);
}

/// Serves one controller until it hangs up or closes (`Ok`) or breaks the protocol (`Err`,
/// after a Hangup with the reason). Releases all memory at the end if no call is still running
/// (the process exits next: see [`memory::release_at_exit`]).
pub fn serve(reader: impl Read, writer: impl Write + Send + 'static) -> Result<()> {
    let server = Arc::new(Server {
        writer: Mutex::new(Box::new(writer)),
        pending: OutstandingCalls::default(),
        next_seq: AtomicU64::new(0),
        open: AtomicBool::new(true),
        calls: Mutex::new(Calls::default()),
        idle: Condvar::new(),
        work: Condvar::new(),
    });
    let _ = SERVER.set(Arc::clone(&server));
    server.send(Opcode::Setup, 0, 0, &setup_payload());
    // The first worker starts while the controller links (a failure shows at the first call).
    server
        .calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .workers += 1;
    let _ = server.start_worker();
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let result = loop {
        let msg = match wire::read_message(&mut reader) {
            Ok(Some(msg)) => msg,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        match msg.opcode {
            Opcode::Hangup => break Ok(()),
            Opcode::Setup => break Err(Error::new("unexpected Setup opcode")),
            Opcode::CallWrapper => {
                if let Err(e) = server.serve_call(msg) {
                    break Err(e);
                }
            }
            Opcode::Result => {
                if msg.tag != 0 {
                    break Err(Error::new(format!(
                        "result for call {} carries tag {:#x}, not 0",
                        msg.seqno, msg.tag
                    )));
                }
                let seqno = msg.seqno;
                if !server.pending.deliver(seqno, msg.payload) {
                    break Err(Error::new(format!(
                        "result for call {seqno}, which was never made"
                    )));
                }
            }
        }
    };
    // Output still in the pipes goes out before anything else ends.
    super::forward::stop();
    if let Err(e) = &result {
        server.hangup(e.message());
    }
    // Dispatch calls still waiting get "shut down"; their senders are dropped here.
    server.open.store(false, Ordering::SeqCst);
    server.pending.clear();
    server.close_workers();
    // Memory is released only once no call runs in it; a call still running (a program that
    // never returns) is ended with the process instead.
    if server.wait_idle(Duration::from_secs(2)) {
        if let Err(e) = memory::release_at_exit() {
            eprintln!("rjitlink-executor: at shutdown: {e}");
        }
    }
    result
}

/// `__llvm_orc_SimpleRemoteEPC_dispatch_fn`: JIT'd code calling a controller-side function.
/// Sends a CallWrapper with the given tag and waits for its Result.
///
/// # Safety
/// `data` must point to `size` readable bytes (or be null with `size` 0).
pub unsafe extern "C" fn dispatch_fn(
    ctx: *mut std::ffi::c_void,
    tag: *const std::ffi::c_void,
    data: *const u8,
    size: usize,
) -> WrapperBuffer {
    let Some(server) = SERVER.get() else {
        return WrapperBuffer::error("jit_dispatch not available (no session)");
    };
    if ctx as u64 != wrappers::instance(wrappers::DISPATCH) {
        return WrapperBuffer::error("jit_dispatch: unknown context");
    }
    if !server.open.load(Ordering::SeqCst) {
        return WrapperBuffer::error("jit_dispatch not available (EPC server shut down)");
    }
    let args: &[u8] = if data.is_null() || size == 0 {
        &[]
    } else {
        // SAFETY: the caller passes `size` readable bytes.
        unsafe { std::slice::from_raw_parts(data, size) }
    };
    let seq = server.next_seq.fetch_add(1, Ordering::SeqCst);
    let rx = server.pending.add(seq);
    if !server.open.load(Ordering::SeqCst) {
        // Closed while registering: the shutdown may have cleared the table before the insert.
        server.pending.remove(seq);
        return WrapperBuffer::error("jit_dispatch not available (EPC server shut down)");
    }
    server.send(Opcode::CallWrapper, seq, tag as u64, args);
    match rx.recv() {
        Ok(bytes) => WrapperBuffer::from_bytes(&bytes),
        Err(_) => WrapperBuffer::error("jit_dispatch not available (EPC server shut down)"),
    }
}
