//! The controller's side of a session: read the executor's Setup, then make calls. A reader
//! thread routes each Result to its caller by sequence number, so calls can be pipelined
//! ([`Session::start`] several, then [`Pending::wait`]), answers calls from the executor
//! (jit-dispatch: rjitlink has no controller-side functions, so each gets an empty result), and
//! notices when the executor goes away, failing every call still waiting.

use std::collections::HashMap;
use std::io::{BufReader, Read, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::calls::OutstandingCalls;
use super::names::{STDERR_TAG, STDOUT_TAG};
use super::sps::{Decoder, Encoder};
use super::wire::{self, Opcode};
use crate::error::{Error, Result};

/// What the executor said about itself in Setup.
#[derive(Debug, Clone)]
pub struct ExecutorInfo {
    pub triple: String,
    pub page_size: u64,
    pub bootstrap_map: HashMap<String, Vec<u8>>,
    pub symbols: HashMap<String, u64>,
}

/// Decodes a Setup payload (LLVM 22 layout). Duplicate keys are an error, as in LLVM.
pub fn decode_setup(payload: &[u8]) -> Result<ExecutorInfo> {
    let mut d = Decoder::new(payload);
    let triple = d.string("triple")?;
    let page_size = d.u64("page size")?;
    let mut bootstrap_map = HashMap::new();
    for _ in 0..d.count(16, "bootstrap map")? {
        let key = d.string("bootstrap map key")?;
        let value = d.bytes("bootstrap map value")?.to_vec();
        if bootstrap_map.insert(key.clone(), value).is_some() {
            return Err(Error::new(format!("duplicate bootstrap map key '{key}'")));
        }
    }
    let mut symbols = HashMap::new();
    for _ in 0..d.count(16, "bootstrap symbols")? {
        let name = d.string("bootstrap symbol name")?;
        let addr = d.u64("bootstrap symbol address")?;
        if symbols.insert(name.clone(), addr).is_some() {
            return Err(Error::new(format!("duplicate bootstrap symbol '{name}'")));
        }
    }
    if !page_size.is_power_of_two() || !(1024..=1 << 30).contains(&page_size) {
        return Err(Error::new(format!(
            "executor reports page size {page_size}, which is not a power of two in [1KiB, 1GiB]"
        )));
    }
    Ok(ExecutorInfo {
        triple,
        page_size,
        bootstrap_map,
        symbols,
    })
}

/// How long [`Session::close`] waits for the executor to close its side.
pub const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

struct Shared {
    /// `None` once closed.
    writer: Mutex<Option<Box<dyn Write + Send>>>,
    waiters: OutstandingCalls,
    /// Why the session ended, once it has.
    ended: Mutex<Option<String>>,
}

impl Shared {
    fn send(&self, opcode: Opcode, seqno: u64, tag: u64, payload: &[u8]) -> Result<()> {
        self.send_parts(opcode, seqno, tag, &[payload])
    }

    fn send_parts(&self, opcode: Opcode, seqno: u64, tag: u64, parts: &[&[u8]]) -> Result<()> {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let w = w
            .as_mut()
            .ok_or_else(|| Error::new("the session is closed"))?;
        wire::write_message_parts(w, opcode, seqno, tag, parts)
            .map_err(|e| Error::new(format!("cannot send to the executor: {e}")))
    }

    fn end(&self, reason: String) {
        let mut ended = self.ended.lock().unwrap_or_else(|e| e.into_inner());
        ended.get_or_insert(reason);
        // Dropping the senders wakes every waiting caller.
        self.waiters.clear();
    }
}

pub struct Session {
    pub info: ExecutorInfo,
    shared: Arc<Shared>,
    next_seq: u64,
    reader: Option<JoinHandle<()>>,
    /// Signalled when the reader thread ends.
    reader_done: mpsc::Receiver<()>,
    /// Run after our writer is dropped: a socket must also be shut down.
    close_send: Option<Box<dyn FnOnce() + Send>>,
}

/// A call in flight.
pub struct Pending {
    rx: mpsc::Receiver<Vec<u8>>,
    shared: Arc<Shared>,
}

impl Pending {
    /// The call's result bytes, or why the session ended first.
    pub fn wait(self) -> Result<Vec<u8>> {
        self.rx.recv().map_err(|_| {
            let ended = self.shared.ended.lock().unwrap_or_else(|e| e.into_inner());
            Error::new(
                ended
                    .clone()
                    .unwrap_or_else(|| "the executor disconnected".into()),
            )
        })
    }
}

impl Session {
    /// Reads Setup from `reader` and starts the reader thread. Dropping `writer` and then
    /// calling `close_send` must make the executor see end of file.
    pub fn new(
        reader: impl Read + Send + 'static,
        writer: impl Write + Send + 'static,
        close_send: Box<dyn FnOnce() + Send>,
    ) -> Result<Session> {
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let setup = wire::read_message(&mut reader)
            .map_err(|e| e.context("while waiting for the executor's Setup"))?
            .ok_or_else(|| Error::new("the executor closed the connection before its Setup"))?;
        if setup.opcode != Opcode::Setup {
            return Err(Error::new(format!(
                "the executor's first message is {:?}, not Setup",
                setup.opcode
            )));
        }
        if setup.seqno != 0 || setup.tag != 0 {
            return Err(Error::new("Setup packet SeqNo or TagAddr not zero"));
        }
        let info = decode_setup(&setup.payload).map_err(|e| e.context("executor Setup"))?;
        let shared = Arc::new(Shared {
            writer: Mutex::new(Some(Box::new(writer))),
            waiters: OutstandingCalls::default(),
            ended: Mutex::new(None),
        });
        let thread_shared = Arc::clone(&shared);
        let (done_tx, reader_done) = mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("executor reader".into())
            .spawn(move || {
                read_loop(reader, &thread_shared);
                let _ = done_tx.send(());
            })
            .map_err(|e| Error::new(format!("cannot start the reader thread: {e}")))?;
        Ok(Session {
            info,
            shared,
            next_seq: 0,
            reader: Some(handle),
            reader_done,
            close_send: Some(close_send),
        })
    }

    /// The address of a bootstrap symbol.
    pub fn symbol(&self, name: &str) -> Result<u64> {
        self.info.symbols.get(name).copied().ok_or_else(|| {
            Error::new(format!(
                "Symbol \"{name}\" not found in bootstrap symbols map"
            ))
        })
    }

    /// Sends a call to the wrapper at `tag`; its result comes with [`Pending::wait`].
    pub fn start(&mut self, tag: u64, args: &[u8]) -> Result<Pending> {
        self.start_parts(tag, &[args])
    }

    /// Like [`Session::start`], with the arguments given as pieces written back to back.
    pub fn start_parts(&mut self, tag: u64, args: &[&[u8]]) -> Result<Pending> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let rx = self.shared.waiters.add(seq);
        if let Some(reason) = self.ended() {
            return Err(Error::new(reason));
        }
        self.shared
            .send_parts(Opcode::CallWrapper, seq, tag, args)?;
        Ok(Pending {
            rx,
            shared: Arc::clone(&self.shared),
        })
    }

    /// Calls the bootstrap wrapper `name` and waits for its result.
    pub fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>> {
        let tag = self.symbol(name)?;
        self.start(tag, args)?.wait()
    }

    /// Why the session ended, if it has.
    pub fn ended(&self) -> Option<String> {
        self.shared
            .ended
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Ends the session: Hangup (with an SPS success `Error`, which LLVM 22 ignores and newer
    /// executors expect), then closes our side and waits (up to `CLOSE_WAIT`) for the executor
    /// to close its side.
    pub fn close(&mut self) {
        if self.ended().is_none() {
            let _ = self
                .shared
                .send(Opcode::Hangup, 0, 0, Encoder::new().ok().buf.as_slice());
        }
        drop(
            self.shared
                .writer
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take(),
        );
        if let Some(close) = self.close_send.take() {
            close();
        }
        if let Some(reader) = self.reader.take() {
            if self.reader_done.recv_timeout(CLOSE_WAIT).is_ok() {
                let _ = reader.join();
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

fn read_loop(mut reader: impl Read, shared: &Shared) {
    let reason = loop {
        let msg = match wire::read_message(&mut reader) {
            Ok(Some(msg)) => msg,
            Ok(None) => break "the executor closed the connection".to_string(),
            Err(e) => break format!("bad message from the executor: {e}"),
        };
        match msg.opcode {
            Opcode::Result => {
                if msg.tag != 0 {
                    break "Unexpected TagAddr in result message".into();
                }
                let seqno = msg.seqno;
                if !shared.waiters.deliver(seqno, msg.payload) {
                    break format!("the executor answered call {seqno}, which was never made");
                }
            }
            Opcode::CallWrapper => {
                // Forwarded program output (rjitlink's executor, TCP sessions) goes to ours.
                // Any other tag is JIT'd code calling a controller function: there are none,
                // so the answer is an empty result (an error, as LLVM encodes one).
                let written = match msg.tag {
                    STDOUT_TAG => {
                        let mut out = std::io::stdout().lock();
                        out.write_all(&msg.payload).and_then(|()| out.flush())
                    }
                    STDERR_TAG => std::io::stderr().write_all(&msg.payload),
                    _ => Ok(()),
                };
                let _ = written;
                if shared.send(Opcode::Result, msg.seqno, 0, &[]).is_err() {
                    break "cannot answer the executor".into();
                }
            }
            Opcode::Hangup => {
                let why = match Decoder::new(&msg.payload).error("hangup") {
                    Ok(Err(e)) => format!("the executor hung up: {e}"),
                    Ok(Ok(())) => "the executor hung up".into(),
                    Err(_) => "Could not deserialize hangup info".into(),
                };
                break why;
            }
            Opcode::Setup => break "the executor sent a second Setup".into(),
        }
    };
    shared.end(reason);
}
