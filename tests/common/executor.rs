//! A harness that drives `rjitlink-executor` directly over a pipe pair, as a controller would:
//! it starts the executor with `filedescs=R,W`, reads its Setup, sends raw messages and reads
//! whatever comes back, with a time limit on every wait.
//!
//! Nothing here can hang a test: every read waits at most a bounded time (a reader thread feeds
//! a channel that is read with `recv_timeout`), a watchdog thread kills the executor when its
//! time limit runs out (which also unblocks a write into a full pipe), and `Drop` kills and
//! reaps the process, so none is left behind.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rjitlink::remote::controller::{decode_setup, ExecutorInfo};
use rjitlink::remote::names::*;
use rjitlink::remote::sps::{Decoder, Encoder};
use rjitlink::remote::wire::{self, Message, Opcode};

/// How long one wait for a message may take before the test fails.
pub const RECV_TIMEOUT: Duration = Duration::from_secs(20);
/// How long an executor may live at most; the watchdog kills it then.
pub const LIFETIME: Duration = Duration::from_secs(60);

/// What the reader thread saw.
#[derive(Debug)]
pub enum Event {
    Msg(Message),
    /// End of file at a message boundary: the executor closed its side.
    Eof,
    /// A read error or end of file inside a message.
    Broken(String),
}

/// How a session's executor should be started.
pub struct Options {
    /// Arguments before `filedescs=R,W`.
    pub prefix: Vec<String>,
    pub lifetime: Duration,
    /// Capture stderr (else it goes to /dev/null).
    pub capture_stderr: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prefix: Vec::new(),
            lifetime: LIFETIME,
            capture_stderr: true,
        }
    }
}

/// Kills the child when its time is up, unless told it is done first. The flag is checked and
/// the kill sent under the mutex, and `Exec` sets the flag under the same mutex before reaping,
/// so the watchdog never signals a reused process id.
struct Watchdog {
    state: Arc<(Mutex<bool>, Condvar)>,
}

impl Watchdog {
    fn start(pid: u32, lifetime: Duration) -> Watchdog {
        let state = Arc::new((Mutex::new(false), Condvar::new()));
        let st = Arc::clone(&state);
        std::thread::spawn(move || {
            let (lock, cv) = &*st;
            let done = lock.lock().unwrap();
            let (done, _) = cv
                .wait_timeout_while(done, lifetime, |done| !*done)
                .unwrap();
            if !*done {
                // SAFETY: the child has not been reaped (Exec sets `done` before it reaps).
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            }
        });
        Watchdog { state }
    }

    fn disarm(&self) {
        let (lock, cv) = &*self.state;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two fresh descriptors, which we then own.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are fresh and ours.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// One running executor and our ends of its pipes.
pub struct Exec {
    child: Option<Child>,
    watchdog: Watchdog,
    to: Option<File>,
    events: mpsc::Receiver<Event>,
    stderr: Option<JoinHandle<String>>,
    /// The Setup message, once read.
    pub setup: Option<Message>,
    pub info: Option<ExecutorInfo>,
    pub next_seq: u64,
}

/// The path of the executor built by this `cargo test`.
pub fn executor_path() -> &'static str {
    env!("CARGO_BIN_EXE_rjitlink-executor")
}

impl Exec {
    /// Starts an executor and reads its Setup.
    pub fn start() -> Exec {
        Exec::start_with(Options::default())
    }

    pub fn start_with(opts: Options) -> Exec {
        let mut e = Exec::spawn(opts);
        e.read_setup();
        e
    }

    /// Starts an executor without reading anything.
    pub fn spawn(opts: Options) -> Exec {
        let (to_exec_r, to_exec_w) = pipe();
        let (from_exec_r, from_exec_w) = pipe();
        let (r, w) = (to_exec_r.as_raw_fd(), from_exec_w.as_raw_fd());
        let mut cmd = Command::new(executor_path());
        cmd.args(&opts.prefix)
            .arg(format!("filedescs={r},{w}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(if opts.capture_stderr {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                for fd in [r, w] {
                    if libc::fcntl(fd, libc::F_SETFD, 0) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                // Dies with the test, whatever happens to it. (The signal comes when the
                // spawning *thread* ends: an `Exec` lives and dies on the thread that made it.)
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = cmd.spawn().expect("cannot start rjitlink-executor");
        drop(to_exec_r);
        drop(from_exec_w);
        let watchdog = Watchdog::start(child.id(), opts.lifetime);
        let stderr = child.stderr.take().map(|mut s| {
            std::thread::spawn(move || {
                let mut out = Vec::new();
                let _ = s.read_to_end(&mut out);
                String::from_utf8_lossy(&out).into_owned()
            })
        });
        let (tx, events) = mpsc::channel();
        let from = File::from(from_exec_r);
        std::thread::spawn(move || {
            let mut r = BufReader::new(from);
            loop {
                let ev = match wire::read_message(&mut r) {
                    Ok(Some(m)) => Event::Msg(m),
                    Ok(None) => Event::Eof,
                    Err(e) => Event::Broken(e.to_string()),
                };
                let last = !matches!(ev, Event::Msg(_));
                if tx.send(ev).is_err() || last {
                    break;
                }
            }
        });
        Exec {
            child: Some(child),
            watchdog,
            to: Some(File::from(to_exec_w)),
            events,
            stderr,
            setup: None,
            info: None,
            next_seq: 0,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("child already reaped").id()
    }

    /// Reads and decodes the Setup message, which must be the first message.
    pub fn read_setup(&mut self) {
        let m = self.recv_msg();
        assert_eq!(m.opcode, Opcode::Setup, "first message is not Setup: {m:?}");
        assert_eq!((m.seqno, m.tag), (0, 0), "Setup seqno/tag not zero");
        let info = decode_setup(&m.payload).expect("Setup payload does not decode");
        self.setup = Some(m);
        self.info = Some(info);
    }

    pub fn info(&self) -> &ExecutorInfo {
        self.info.as_ref().expect("no Setup read")
    }

    /// The address of a bootstrap symbol (which must be advertised).
    pub fn sym(&self, name: &str) -> u64 {
        *self
            .info()
            .symbols
            .get(name)
            .unwrap_or_else(|| panic!("{name} not advertised"))
    }

    /// The next event, within `timeout`.
    pub fn recv_within(&self, timeout: Duration) -> Event {
        match self.events.recv_timeout(timeout) {
            Ok(ev) => ev,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("no message from the executor within {timeout:?}")
            }
            // The reader thread ended after reporting its last event.
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Event::Broken("reader already ended".into())
            }
        }
    }

    pub fn recv(&self) -> Event {
        self.recv_within(RECV_TIMEOUT)
    }

    /// The next event, which must be a message.
    pub fn recv_msg(&self) -> Message {
        match self.recv() {
            Event::Msg(m) => m,
            other => panic!(
                "expected a message, got {other:?}; the executor {}",
                self.how_ended()
            ),
        }
    }

    /// Whether the executor has ended, as `(si_code, si_status)`, without reaping it (so
    /// the watchdog can never signal a reused process id).
    fn peek_exit(&self) -> Option<(i32, i32)> {
        let child = self.child.as_ref()?;
        // SAFETY: WNOHANG|WNOWAIT only looks at the child's state; it stays to be reaped.
        unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            let r = libc::waitid(
                libc::P_PID,
                child.id(),
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            );
            (r == 0 && info.si_pid() != 0).then(|| (info.si_code, info.si_status()))
        }
    }

    /// How the executor ended (waiting a moment for it), for messages.
    pub fn how_ended(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match self.peek_exit() {
                Some((libc::CLD_EXITED, code)) => return format!("exited with status {code}"),
                Some((_, sig)) => return format!("was killed by signal {sig}"),
                None if self.child.is_none() => return "was already reaped".into(),
                None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                None => return "is still running".into(),
            }
        }
    }

    /// Writes raw bytes to the executor; a failed write (the executor is gone) is returned.
    pub fn write_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let to = self.to.as_mut().expect("input already closed");
        to.write_all(bytes)?;
        to.flush()
    }

    pub fn send(&mut self, opcode: Opcode, seqno: u64, tag: u64, payload: &[u8]) {
        let bytes = wire::frame(opcode, seqno, tag, payload);
        self.write_raw(&bytes)
            .expect("cannot write to the executor");
    }

    /// Sends a CallWrapper with the next sequence number; returns that number.
    pub fn send_call(&mut self, tag: u64, payload: &[u8]) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.send(Opcode::CallWrapper, seq, tag, payload);
        seq
    }

    /// Calls the wrapper at `tag` and returns its Result payload, checking the Result's
    /// header (opcode Result, the call's seqno, tag 0).
    pub fn call_tag(&mut self, tag: u64, payload: &[u8]) -> Vec<u8> {
        let seq = self.send_call(tag, payload);
        let m = self.recv_msg();
        assert_eq!(m.opcode, Opcode::Result, "expected a Result, got {m:?}");
        assert_eq!(m.seqno, seq, "Result for the wrong call");
        assert_eq!(m.tag, 0, "Result tag not 0");
        m.payload
    }

    /// Calls the bootstrap wrapper `name`.
    pub fn call(&mut self, name: &str, payload: &[u8]) -> Vec<u8> {
        let tag = self.sym(name);
        self.call_tag(tag, payload)
    }

    /// Closes our end of the executor's input (end of file at a message boundary, if the
    /// last message was complete).
    pub fn close_input(&mut self) {
        self.to = None;
    }

    /// Waits up to `timeout` for the executor to exit, and reaps it. Panics (the process is
    /// then killed by `Drop`) if it does not.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        assert!(self.child.is_some(), "child already reaped");
        let deadline = Instant::now() + timeout;
        while self.peek_exit().is_none() {
            if Instant::now() >= deadline {
                panic!("the executor did not exit within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // It has ended: stop the watchdog, then reap.
        self.watchdog.disarm();
        let mut child = self.child.take().expect("child already reaped");
        child.wait().expect("wait for the executor")
    }

    /// After the executor exited: what it wrote to stderr (if captured).
    pub fn stderr_text(&mut self) -> String {
        match self.stderr.take() {
            Some(h) => h.join().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// Drains events until end of file (or a broken stream), within `timeout`; returns the
    /// messages seen on the way.
    pub fn drain(&self, timeout: Duration) -> (Vec<Message>, Event) {
        let deadline = Instant::now() + timeout;
        let mut msgs = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Event::Msg(m)) => msgs.push(m),
                Ok(ev) => return (msgs, ev),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return (msgs, Event::Broken("reader already ended".into()))
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("the executor did not close its output within {timeout:?}")
                }
            }
        }
    }
}

impl Drop for Exec {
    fn drop(&mut self) {
        self.to = None;
        if let Some(mut child) = self.child.take() {
            self.watchdog.disarm();
            let _ = child.kill();
            let _ = child.wait();
        } else {
            self.watchdog.disarm();
        }
    }
}

// ---- SPS payloads and results ----

/// A segment of an `initialize` request.
#[derive(Clone, Debug)]
pub struct Seg {
    pub prot: u8,
    pub addr: u64,
    pub size: u64,
    pub content: Vec<u8>,
}

pub fn seg(prot: u8, addr: u64, size: u64, content: &[u8]) -> Seg {
    Seg {
        prot,
        addr,
        size,
        content: content.to_vec(),
    }
}

/// A `WrapperFunctionCall` (function 0 is "no action").
#[derive(Clone, Debug, Default)]
pub struct Call {
    pub func: u64,
    pub args: Vec<u8>,
}

pub fn no_call() -> Call {
    Call::default()
}

pub const R: u8 = PROT_READ;
pub const RW: u8 = PROT_READ | PROT_WRITE;
pub const RX: u8 = PROT_READ | PROT_EXEC;

/// An SPS `Range` argument list.
pub fn range_args(start: u64, end: u64) -> Vec<u8> {
    let mut e = Encoder::new();
    e.u64(start).u64(end);
    e.finish()
}

pub fn initialize_payload(inst: u64, segs: &[Seg], actions: &[(Call, Call)]) -> Vec<u8> {
    let mut e = Encoder::new();
    e.u64(inst).count(segs.len());
    for s in segs {
        e.u8(s.prot).u64(s.addr).u64(s.size).bytes(&s.content);
    }
    e.count(actions.len());
    for (f, d) in actions {
        e.u64(f.func).bytes(&f.args).u64(d.func).bytes(&d.args);
    }
    e.finish()
}

/// Decodes an `Expected<Addr>` result (which must be the whole payload).
pub fn expected_addr(payload: &[u8]) -> Result<u64, String> {
    assert!(
        !payload.is_empty(),
        "empty result (out-of-band error) where Expected<Addr> was due"
    );
    let mut d = Decoder::new(payload);
    let r = match d.expected("Expected<Addr>").unwrap() {
        None => Ok(d.u64("address").unwrap()),
        Some(msg) => Err(msg),
    };
    assert_eq!(d.remaining(), 0, "trailing bytes in {payload:02x?}");
    r
}

/// Decodes an SPS `Error` result (which must be the whole payload).
pub fn error_result(payload: &[u8]) -> Result<(), String> {
    assert!(
        !payload.is_empty(),
        "empty result (out-of-band error) where Error was due"
    );
    let mut d = Decoder::new(payload);
    let r = d
        .error("Error")
        .unwrap()
        .map_err(|e| e.message().to_string());
    assert_eq!(d.remaining(), 0, "trailing bytes in {payload:02x?}");
    r
}

/// A symbol resolution result: `Some((addr, flags, target_flags))` or `None`.
pub type Resolved = Option<(u64, u8, u8)>;

pub fn resolve_result(payload: &[u8]) -> Result<Vec<Resolved>, String> {
    assert!(!payload.is_empty(), "empty result for resolve");
    let mut d = Decoder::new(payload);
    if let Some(msg) = d.expected("resolve").unwrap() {
        assert_eq!(d.remaining(), 0);
        return Err(msg);
    }
    let n = d.count(1, "count").unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        if d.bool("some").unwrap() {
            out.push(Some((
                d.u64("addr").unwrap(),
                d.u8("flags").unwrap(),
                d.u8("target flags").unwrap(),
            )));
        } else {
            out.push(None);
        }
    }
    assert_eq!(d.remaining(), 0, "trailing bytes in {payload:02x?}");
    Ok(out)
}

/// Typed calls to the bootstrap wrappers.
impl Exec {
    pub fn mem_inst(&self) -> u64 {
        self.sym(MEM_INSTANCE)
    }

    pub fn dylib_inst(&self) -> u64 {
        self.sym(DYLIB_INSTANCE)
    }

    pub fn reserve(&mut self, size: u64) -> Result<u64, String> {
        let mut e = Encoder::new();
        e.u64(self.mem_inst()).u64(size);
        let p = self.call(MEM_RESERVE, &e.finish());
        expected_addr(&p)
    }

    pub fn initialize(&mut self, segs: &[Seg], actions: &[(Call, Call)]) -> Result<u64, String> {
        let p = initialize_payload(self.mem_inst(), segs, actions);
        let p = self.call(MEM_INITIALIZE, &p);
        expected_addr(&p)
    }

    pub fn deinitialize(&mut self, keys: &[u64]) -> Result<(), String> {
        let p = self.addr_list_call(MEM_DEINITIALIZE, keys);
        error_result(&p)
    }

    pub fn release(&mut self, bases: &[u64]) -> Result<(), String> {
        let p = self.addr_list_call(MEM_RELEASE, bases);
        error_result(&p)
    }

    fn addr_list_call(&mut self, name: &str, addrs: &[u64]) -> Vec<u8> {
        let mut e = Encoder::new();
        e.u64(self.mem_inst()).count(addrs.len());
        for &a in addrs {
            e.u64(a);
        }
        self.call(name, &e.finish())
    }

    /// `read_uint8s`: `None` for an empty (out-of-band error) result.
    pub fn read_u8s(&mut self, addrs: &[u64]) -> Option<Vec<u8>> {
        let mut e = Encoder::new();
        e.count(addrs.len());
        for &a in addrs {
            e.u64(a);
        }
        let p = self.call(READ_UINT8S, &e.finish());
        if p.is_empty() {
            return None;
        }
        let mut d = Decoder::new(&p);
        let n = d.count(1, "count").unwrap();
        assert_eq!(n, addrs.len());
        let v = (0..n).map(|_| d.u8("value").unwrap()).collect();
        assert_eq!(d.remaining(), 0);
        Some(v)
    }

    /// `read_buffers`: `None` for an empty (out-of-band error) result.
    pub fn read_buffers(&mut self, ranges: &[(u64, u64)]) -> Option<Vec<Vec<u8>>> {
        let mut e = Encoder::new();
        e.count(ranges.len());
        for &(s, end) in ranges {
            e.u64(s).u64(end);
        }
        let p = self.call(READ_BUFFERS, &e.finish());
        if p.is_empty() {
            return None;
        }
        let mut d = Decoder::new(&p);
        let n = d.count(8, "count").unwrap();
        assert_eq!(n, ranges.len());
        let v = (0..n)
            .map(|_| d.bytes("buffer").unwrap().to_vec())
            .collect();
        assert_eq!(d.remaining(), 0);
        Some(v)
    }

    /// `write_uint8s`; writes return nothing either way (a refused write is an empty
    /// out-of-band error, which looks the same on the wire), so the payload must be empty.
    pub fn write_u8s(&mut self, writes: &[(u64, u8)]) {
        let mut e = Encoder::new();
        e.count(writes.len());
        for &(a, v) in writes {
            e.u64(a).u8(v);
        }
        let p = self.call(WRITE_UINT8S, &e.finish());
        assert!(p.is_empty(), "write_uint8s returned {p:02x?}");
    }

    pub fn write_buffers(&mut self, writes: &[(u64, &[u8])]) {
        let mut e = Encoder::new();
        e.count(writes.len());
        for &(a, v) in writes {
            e.u64(a).bytes(v);
        }
        let p = self.call(WRITE_BUFFERS, &e.finish());
        assert!(p.is_empty(), "write_buffers returned {p:02x?}");
    }

    pub fn open(&mut self, path: &[u8], mode: u64) -> Result<u64, String> {
        let mut e = Encoder::new();
        e.u64(self.dylib_inst()).bytes(path).u64(mode);
        let p = self.call(DYLIB_OPEN, &e.finish());
        expected_addr(&p)
    }

    pub fn resolve(
        &mut self,
        handle: u64,
        names: &[(&str, bool)],
    ) -> Result<Vec<Resolved>, String> {
        let mut e = Encoder::new();
        e.u64(handle).count(names.len());
        for &(n, req) in names {
            e.str(n).bool(req);
        }
        let p = self.call(DYLIB_RESOLVE, &e.finish());
        resolve_result(&p)
    }

    /// `run_as_void_function`: `None` for an empty (out-of-band error) result.
    pub fn run_void(&mut self, f: u64) -> Option<i32> {
        let mut e = Encoder::new();
        e.u64(f);
        let p = self.call(RUN_AS_VOID, &e.finish());
        i32_result(&p)
    }

    pub fn run_int(&mut self, f: u64, arg: i32) -> Option<i32> {
        let mut e = Encoder::new();
        e.u64(f).i32(arg);
        let p = self.call(RUN_AS_INT, &e.finish());
        i32_result(&p)
    }

    pub fn run_main(&mut self, f: u64, args: &[&str]) -> Option<i64> {
        let mut e = Encoder::new();
        e.u64(f).count(args.len());
        for a in args {
            e.str(a);
        }
        let p = self.call(RUN_AS_MAIN, &e.finish());
        if p.is_empty() {
            return None;
        }
        assert_eq!(p.len(), 8, "run_as_main result {p:02x?}");
        Some(i64::from_le_bytes(p.try_into().unwrap()))
    }

    /// Ends the session cleanly (end of file) and checks the executor exits 0 without
    /// sending anything more.
    pub fn finish_clean(&mut self) {
        self.close_input();
        let (msgs, end) = self.drain(RECV_TIMEOUT);
        assert!(msgs.is_empty(), "messages after the end: {msgs:?}");
        assert!(
            matches!(end, Event::Eof),
            "executor output ended with {end:?}"
        );
        let status = self.wait_exit(RECV_TIMEOUT);
        assert_eq!(status.code(), Some(0), "executor exit: {status:?}");
    }
}

pub fn i32_result(p: &[u8]) -> Option<i32> {
    if p.is_empty() {
        return None;
    }
    assert_eq!(p.len(), 4, "i32 result {p:02x?}");
    Some(i32::from_le_bytes(p.try_into().unwrap()))
}

/// Decodes a Hangup payload from the executor: an SPS `Error` carrying a reason.
pub fn hangup_reason(m: &Message) -> String {
    assert_eq!(m.opcode, Opcode::Hangup, "expected a Hangup, got {m:?}");
    assert_eq!((m.seqno, m.tag), (0, 0), "Hangup seqno/tag not zero");
    let mut d = Decoder::new(&m.payload);
    let reason = match d
        .error("hangup")
        .expect("Hangup payload is not an SPS Error")
    {
        Ok(()) => panic!("Hangup carries success, not a reason"),
        Err(e) => e.message().to_string(),
    };
    assert_eq!(d.remaining(), 0);
    assert!(!reason.is_empty(), "Hangup reason is empty");
    reason
}

/// The signal that ended a process, if one did.
pub fn signal_of(s: &ExitStatus) -> Option<i32> {
    s.signal()
}
