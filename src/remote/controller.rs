//! The controller's side of a session: read the executor's Setup, then make calls. There is no
//! reader thread: a caller waiting for its result reads the executor's messages itself, one
//! caller at a time. It files each Result for its caller by sequence number, so calls can be
//! pipelined ([`Session::start`] several, then [`Pending::wait`]), answers calls from the
//! executor (forwarded output; jit-dispatch: rjitlink has no controller-side functions, so each
//! gets an empty result), and notices when the executor goes away, failing every call still
//! waiting. Reading in the waiting thread saves a thread hop on every round trip.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

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
    /// The executor's messages, read by one waiting caller at a time (see [`State::reading`]).
    input: Mutex<Input>,
    state: Mutex<State>,
    /// Signalled when a result is filed, the reader steps down, or the session ends.
    turn: Condvar,
}

struct Input {
    reader: BufReader<Box<dyn Read + Send>>,
    fd: RawFd,
}

#[derive(Default)]
struct State {
    /// Calls made and not yet collected.
    outstanding: HashSet<u64>,
    /// Calls made whose caller stopped waiting: their results are discarded.
    abandoned: HashSet<u64>,
    /// Results read for callers other than the reader.
    results: HashMap<u64, Vec<u8>>,
    /// A caller is reading.
    reading: bool,
    /// Tags of controller functions JIT'd code may call (see [`Session::serve`]).
    served: HashSet<u64>,
    /// Their calls, as (seqno, tag, argument bytes), waiting for a caller that serves them.
    incoming: std::collections::VecDeque<(u64, u64, Vec<u8>)>,
    /// Why the session ended, once it has.
    ended: Option<String>,
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

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads and handles one message from the executor (the caller holds the reader's turn).
    /// With a deadline, gives up (false) if nothing arrives by then.
    fn read_one(&self, deadline: Option<Instant>) -> bool {
        let mut input = self.input.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(deadline) = deadline {
            if input.reader.buffer().is_empty() && !readable_by(input.fd, deadline) {
                return false;
            }
        }
        let msg = match wire::read_message(&mut input.reader) {
            Ok(Some(msg)) => msg,
            Ok(None) => return self.end("the executor closed the connection".into()),
            Err(e) => return self.end(format!("bad message from the executor: {e}")),
        };
        drop(input);
        match msg.opcode {
            Opcode::Result => {
                if msg.tag != 0 {
                    return self.end("Unexpected TagAddr in result message".into());
                }
                let seqno = msg.seqno;
                let mut st = self.state();
                if st.abandoned.remove(&seqno) {
                    return true;
                }
                if !st.outstanding.contains(&seqno) || st.results.contains_key(&seqno) {
                    drop(st);
                    return self.end(format!(
                        "the executor answered call {seqno}, which was never made"
                    ));
                }
                st.results.insert(seqno, msg.payload);
            }
            Opcode::CallWrapper => {
                // A controller function JIT'd code calls waits for a caller that serves it
                // (see `Pending::wait_serving`).
                {
                    let mut st = self.state();
                    if st.served.contains(&msg.tag) {
                        st.incoming.push_back((msg.seqno, msg.tag, msg.payload));
                        drop(st);
                        self.turn.notify_all();
                        return true;
                    }
                }
                // Forwarded program output (rjitlink's executor, TCP sessions) goes to ours.
                // Any other tag names no controller function, so the answer is an empty
                // result (an error, as LLVM encodes one).
                let written = match msg.tag {
                    STDOUT_TAG => {
                        let mut out = std::io::stdout().lock();
                        out.write_all(&msg.payload).and_then(|()| out.flush())
                    }
                    STDERR_TAG => std::io::stderr().write_all(&msg.payload),
                    _ => Ok(()),
                };
                let _ = written;
                if self.send(Opcode::Result, msg.seqno, 0, &[]).is_err() {
                    return self.end("cannot answer the executor".into());
                }
            }
            Opcode::Hangup => {
                let why = match Decoder::new(&msg.payload).error("hangup") {
                    Ok(Err(e)) => format!("the executor hung up: {e}"),
                    Ok(Ok(())) => "the executor hung up".into(),
                    Err(_) => "Could not deserialize hangup info".into(),
                };
                return self.end(why);
            }
            Opcode::Setup => return self.end("the executor sent a second Setup".into()),
        }
        true
    }

    /// Records why the session ended (the first reason stays); every waiting call fails.
    fn end(&self, reason: String) -> bool {
        self.state().ended.get_or_insert(reason);
        self.turn.notify_all();
        true
    }

    /// Takes the reader's turn (waiting while another caller reads); `false` if `done` says
    /// the caller needs none any more.
    fn take_turn(&self, mut done: impl FnMut(&mut State) -> bool) -> bool {
        let mut st = self.state();
        loop {
            if done(&mut st) {
                return false;
            }
            if !st.reading {
                st.reading = true;
                return true;
            }
            st = self.turn.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn give_turn(&self) {
        self.state().reading = false;
        self.turn.notify_all();
    }
}

/// Whether `fd` has something to read before `deadline`.
fn readable_by(fd: RawFd, deadline: Instant) -> bool {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = left.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: polling one descriptor of ours.
        match unsafe { libc::poll(&mut p, 1, ms) } {
            n if n > 0 => return true,
            0 => return false,
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
            _ => return true, // let the read report it
        }
    }
}

pub struct Session {
    pub info: ExecutorInfo,
    shared: Arc<Shared>,
    next_seq: u64,
    /// Run after our writer is dropped: a socket must also be shut down.
    close_send: Option<Box<dyn FnOnce() + Send>>,
}

/// A controller function JIT'd code calls: `serve(tag, arguments) -> result`.
pub type Serve<'a> = dyn FnMut(u64, &[u8]) -> Result<Vec<u8>> + 'a;

/// A call in flight.
pub struct Pending {
    seq: u64,
    shared: Arc<Shared>,
}

impl Pending {
    /// The call's result bytes, or why the session ended first. Reads the executor's
    /// messages itself while no other caller does. Calls from JIT'd code to controller
    /// functions wait meanwhile (for [`Pending::wait_serving`]).
    pub fn wait(self) -> Result<Vec<u8>> {
        self.wait_inner(None)
    }

    /// Like [`Pending::wait`], and meanwhile answers the calls JIT'd code makes to the
    /// controller's functions with `serve(tag, arguments)`. `serve` may make calls of its own
    /// (and wait serving again: a function it runs may call the controller too). An error
    /// from `serve` ends the wait with that error.
    pub fn wait_serving(self, serve: &mut Serve<'_>) -> Result<Vec<u8>> {
        self.wait_inner(Some(serve))
    }

    fn wait_inner(self, mut serve: Option<&mut Serve<'_>>) -> Result<Vec<u8>> {
        let shared = Arc::clone(&self.shared);
        let seq = self.seq;
        let serving = serve.is_some();
        loop {
            let mut got: Option<Result<Vec<u8>>> = None;
            let mut call = None;
            let reader = shared.take_turn(|st| {
                if let Some(r) = st.results.remove(&seq) {
                    st.outstanding.remove(&seq);
                    got = Some(Ok(r));
                    return true;
                }
                if let Some(why) = &st.ended {
                    st.outstanding.remove(&seq);
                    got = Some(Err(Error::new(why.clone())));
                    return true;
                }
                if serving {
                    call = st.incoming.pop_front();
                }
                call.is_some()
            });
            if let (Some((call_seq, tag, args)), Some(serve)) = (call, serve.as_mut()) {
                let result = serve(tag, &args)?;
                if shared.send(Opcode::Result, call_seq, 0, &result).is_err() {
                    shared.end("cannot answer the executor".into());
                }
                continue;
            }
            if !reader {
                return got.unwrap_or_else(|| Err(Error::new("the executor disconnected")));
            }
            shared.read_one(None);
            shared.give_turn();
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // A call nobody waits for any more: its result, if it comes, is discarded.
        let mut st = self.shared.state();
        if st.outstanding.remove(&self.seq) && st.results.remove(&self.seq).is_none() {
            st.abandoned.insert(self.seq);
        }
    }
}

impl Session {
    /// Reads Setup from `reader`. Dropping `writer` and then calling `close_send` must make the
    /// executor see end of file.
    pub fn new(
        reader: impl Read + AsRawFd + Send + 'static,
        writer: impl Write + Send + 'static,
        close_send: Box<dyn FnOnce() + Send>,
    ) -> Result<Session> {
        let fd = reader.as_raw_fd();
        let mut reader: BufReader<Box<dyn Read + Send>> =
            BufReader::with_capacity(1 << 16, Box::new(reader));
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
            input: Mutex::new(Input { reader, fd }),
            state: Mutex::new(State::default()),
            turn: Condvar::new(),
        });
        Ok(Session {
            info,
            shared,
            next_seq: 0,
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
        self.shared.state().outstanding.insert(seq);
        let pending = Pending {
            seq,
            shared: Arc::clone(&self.shared),
        };
        if let Some(reason) = self.ended() {
            return Err(Error::new(reason));
        }
        if let Err(e) = self.shared.send_parts(Opcode::CallWrapper, seq, tag, args) {
            // The executor is gone, or going: what it said last, or how it ended, says more
            // than the failed write.
            return Err(match self.learn_why_ended() {
                Some(reason) => Error::new(reason),
                None => e,
            });
        }
        Ok(pending)
    }

    /// Reads what the executor still sends, up to its end (or `CLOSE_WAIT`); why it ended.
    fn learn_why_ended(&self) -> Option<String> {
        let deadline = Instant::now() + CLOSE_WAIT;
        while self.shared.take_turn(|st| st.ended.is_some()) {
            let read = self.shared.read_one(Some(deadline));
            self.shared.give_turn();
            if !read {
                break;
            }
        }
        self.ended()
    }

    /// Makes `tag` a controller function JIT'd code may call (through the executor's
    /// `dispatch_fn`): its calls are answered by callers waiting with
    /// [`Pending::wait_serving`].
    pub fn serve(&mut self, tag: u64) {
        self.shared.state().served.insert(tag);
    }

    /// Calls the bootstrap wrapper `name` and waits for its result.
    pub fn call(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>> {
        let tag = self.symbol(name)?;
        self.start(tag, args)?.wait()
    }

    /// Why the session ended, if it has.
    pub fn ended(&self) -> Option<String> {
        self.shared.state().ended.clone()
    }

    /// Ends the session: Hangup (with an SPS success `Error`, which LLVM 22 ignores and newer
    /// executors expect), then closes our side and reads (up to `CLOSE_WAIT`) until the
    /// executor closes its side, handling what it still sends (forwarded output).
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
        let Some(close) = self.close_send.take() else {
            return;
        };
        close();
        self.learn_why_ended();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;

    /// A session with a scripted executor on the other end of a socket pair: `script` gets
    /// the executor's end after Setup has been sent.
    fn session(script: impl FnOnce(UnixStream) + Send + 'static) -> Session {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let executor = std::thread::spawn(move || {
            let mut e = Encoder::new();
            e.str("x86_64-pc-linux-gnu").u64(4096).count(0).count(0);
            let mut theirs = theirs;
            wire::write_message(&mut theirs, Opcode::Setup, 0, 0, &e.finish()).unwrap();
            script(theirs);
        });
        let session = Session::new(
            ours.try_clone().unwrap(),
            ours.try_clone().unwrap(),
            Box::new(move || {
                let _ = ours.shutdown(std::net::Shutdown::Write);
            }),
        )
        .unwrap();
        drop(executor);
        session
    }

    fn calls(r: &mut UnixStream, n: usize) -> Vec<u64> {
        (0..n)
            .map(|_| {
                let m = wire::read_message(r).unwrap().unwrap();
                assert_eq!(m.opcode, Opcode::CallWrapper);
                m.seqno
            })
            .collect()
    }

    fn answer(w: &mut UnixStream, seq: u64, payload: &[u8]) {
        wire::write_message(w, Opcode::Result, seq, 0, payload).unwrap();
    }

    /// Results in any order reach their callers; the result of a call nobody waits for any
    /// more is dropped without ending the session.
    #[test]
    fn results_reach_their_callers_in_any_order() {
        let mut s = session(|mut x| {
            let seqs = calls(&mut x, 3);
            assert_eq!(seqs, [0, 1, 2]);
            for seq in [2, 1, 0] {
                answer(&mut x, seq, &[seq as u8; 3]);
            }
            let more = calls(&mut x, 1);
            answer(&mut x, more[0], b"late");
        });
        let a = s.start(0x10, b"a").unwrap();
        let b = s.start(0x10, b"b").unwrap();
        drop(s.start(0x10, b"c").unwrap());
        assert_eq!(a.wait().unwrap(), [0, 0, 0]);
        assert_eq!(b.wait().unwrap(), [1, 1, 1]);
        assert_eq!(s.start(0x10, b"d").unwrap().wait().unwrap(), b"late");
        assert_eq!(s.ended(), None);
    }

    #[test]
    fn a_result_for_a_call_never_made_ends_the_session() {
        let mut s = session(|mut x| {
            calls(&mut x, 1);
            answer(&mut x, 7, b"");
            let _ = calls(&mut x, 1);
        });
        let e = s.start(0x10, b"").unwrap().wait().unwrap_err();
        assert_eq!(
            e.to_string(),
            "the executor answered call 7, which was never made"
        );
        // Every later call fails with the same reason.
        let e = s.start(0x10, b"").err().unwrap();
        assert_eq!(
            e.to_string(),
            "the executor answered call 7, which was never made"
        );
    }

    /// The executor going away fails the call waiting; a call made afterwards reports the
    /// same end, not the broken pipe of its send.
    #[test]
    fn the_end_of_the_connection_fails_waiting_and_later_calls() {
        let mut s = session(|mut x| {
            calls(&mut x, 1);
            drop(x);
        });
        let e = s.start(0x10, b"").unwrap().wait().unwrap_err();
        assert_eq!(e.to_string(), "the executor closed the connection");
        let e = s.start(0x10, b"").err().unwrap();
        assert_eq!(e.to_string(), "the executor closed the connection");

        // Gone before we wait: the failed send reads the end of the connection for its reason.
        let (gone_tx, gone) = std::sync::mpsc::channel();
        let mut s = session(move |mut x| {
            calls(&mut x, 1);
            // Shut down, not only dropped: a child another test is starting holds a copy of
            // every descriptor until it execs, which would keep the socket open meanwhile.
            x.shutdown(std::net::Shutdown::Both).unwrap();
            drop(x);
            gone_tx.send(()).unwrap();
        });
        let first = s.start(0x10, b"").unwrap();
        gone.recv().unwrap();
        let e = s.start(0x10, b"").err().unwrap();
        assert_eq!(e.to_string(), "the executor closed the connection");
        assert_eq!(
            first.wait().unwrap_err().to_string(),
            "the executor closed the connection"
        );
    }

    /// The executor's own calls (here: an unknown tag) are answered with an empty result
    /// while we wait for ours.
    #[test]
    fn calls_from_the_executor_are_answered_while_waiting() {
        let mut s = session(|mut x| {
            let ours = calls(&mut x, 1)[0];
            wire::write_message(&mut x, Opcode::CallWrapper, 41, 0x1234, b"hi").unwrap();
            let m = wire::read_message(&mut x).unwrap().unwrap();
            assert_eq!(
                (m.opcode, m.seqno, m.payload.len()),
                (Opcode::Result, 41, 0)
            );
            answer(&mut x, ours, b"ok");
        });
        assert_eq!(s.start(0x10, b"").unwrap().wait().unwrap(), b"ok");
    }

    /// A call from JIT'd code to a served tag waits for a serving wait. `serve` may make
    /// calls of its own; a second served call arriving meanwhile is queued (a plain wait does
    /// not serve it) and answered once `serve` has returned.
    #[test]
    fn served_calls_are_answered_by_a_serving_wait_one_at_a_time() {
        let mut s = session(|mut x| {
            let main = calls(&mut x, 1)[0];
            wire::write_message(&mut x, Opcode::CallWrapper, 50, 3, b"first").unwrap();
            // serve("first") makes a call of its own; a second served call comes meanwhile.
            let nested = calls(&mut x, 1)[0];
            wire::write_message(&mut x, Opcode::CallWrapper, 51, 3, b"second").unwrap();
            answer(&mut x, nested, b"nested");
            for (seq, result) in [(50, &b"r:first"[..]), (51, b"r:second")] {
                let m = wire::read_message(&mut x).unwrap().unwrap();
                assert_eq!(
                    (m.opcode, m.seqno, &m.payload[..]),
                    (Opcode::Result, seq, result)
                );
            }
            answer(&mut x, main, b"main");
        });
        s.serve(3);
        let main = s.start(0x10, b"").unwrap();
        let mut served = Vec::new();
        let result = main.wait_serving(&mut |tag, args| {
            assert_eq!(tag, 3);
            served.push(args.to_vec());
            if args == b"first" {
                assert_eq!(s.start(0x20, b"").unwrap().wait().unwrap(), b"nested");
                // The second call came during that wait, and was not served by it.
                assert_eq!(served.len(), 1);
            }
            Ok([b"r:", args].concat())
        });
        assert_eq!(result.unwrap(), b"main");
        assert_eq!(served, [b"first".to_vec(), b"second".to_vec()]);
    }

    /// An error from `serve` ends the serving wait with that error.
    #[test]
    fn an_error_serving_a_call_ends_the_wait() {
        let mut s = session(|mut x| {
            calls(&mut x, 1);
            wire::write_message(&mut x, Opcode::CallWrapper, 50, 3, b"").unwrap();
            let _ = wire::read_message(&mut x);
        });
        s.serve(3);
        let main = s.start(0x10, b"").unwrap();
        let e = main
            .wait_serving(&mut |_, _| Err(Error::new("cannot link")))
            .unwrap_err();
        assert_eq!(e.to_string(), "cannot link");
    }
}
