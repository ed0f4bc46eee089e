//! Calls the executor has made (JIT'd code calling the controller through jit-dispatch) and
//! not yet had answered, by sequence number: each caller waits on its own channel, and the
//! reader hands each Result to its caller.

use std::collections::HashMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

#[derive(Default)]
pub struct OutstandingCalls(Mutex<HashMap<u64, Sender<Vec<u8>>>>);

impl OutstandingCalls {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Sender<Vec<u8>>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers call `seq`; its Result arrives on the receiver (which fails once the session
    /// ends). Dropping the receiver makes the Result be discarded.
    pub fn add(&self, seq: u64) -> Receiver<Vec<u8>> {
        let (tx, rx) = channel();
        self.map().insert(seq, tx);
        rx
    }

    pub fn remove(&self, seq: u64) {
        self.map().remove(&seq);
    }

    /// Hands a Result to its caller; false when no call `seq` is outstanding.
    pub fn deliver(&self, seq: u64, payload: Vec<u8>) -> bool {
        match self.map().remove(&seq) {
            Some(tx) => {
                let _ = tx.send(payload);
                true
            }
            None => false,
        }
    }

    /// Fails every outstanding call (the session is over).
    pub fn clear(&self) {
        self.map().clear();
    }
}
