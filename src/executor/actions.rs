//! Allocation actions: wrapper-ABI calls the controller attaches to an `initialize` request,
//! run when the memory is finalized (e.g. register the eh_frame table) and when it is released
//! (deregister it). LLVM calls whatever address it is given; here the function must be one of
//! the executor's own wrappers, JIT'd code in an executable segment, or an address `resolve`
//! handed out, so a stray address is an error instead of a crash.

use super::abi::{self, WrapperFn};
use super::{dylib, memory, wrappers};
use crate::error::Result;
use crate::remote::sps::Decoder;

/// A `WrapperFunctionCall`: `(Addr fn, Bytes args)`; address 0 means no action.
pub struct Action {
    pub func: u64,
    pub args: Vec<u8>,
}

impl Action {
    pub fn decode(d: &mut Decoder<'_>) -> Result<Action> {
        let func = d.u64("action function")?;
        let args = d.bytes("action arguments")?.to_vec();
        Ok(Action { func, args })
    }

    /// Runs the action and decodes its SPS `Error` result.
    pub fn run(&self) -> Result<(), String> {
        if self.func == 0 {
            return Ok(());
        }
        let f = callable(self.func)?;
        // SAFETY: `f` is one of our wrappers, or code the controller linked or resolved and
        // named as an allocation action, which is the protocol's contract.
        let bytes = unsafe { abi::call(f, &self.args) }
            .map_err(|e| format!("allocation action {:#x}: {e}", self.func))?;
        match Decoder::new(&bytes).error("action result") {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(format!("allocation action {:#x}: {e}", self.func)),
        }
    }
}

/// The function at `addr` if it is one the executor may call.
pub fn callable(addr: u64) -> Result<WrapperFn, String> {
    if let Some(f) = wrappers::lookup(addr) {
        return Ok(f);
    }
    if memory::is_code(addr) || dylib::was_resolved(addr) {
        // SAFETY: a non-null code address; calling it is what the controller asked for.
        return Ok(unsafe { std::mem::transmute::<usize, WrapperFn>(addr as usize) });
    }
    Err(format!(
        "{addr:#x} is not an executor function, JIT'd code or a resolved symbol"
    ))
}

/// Runs dealloc actions last-first; reports the first failure after running them all.
pub fn run_reversed(actions: Vec<Action>) -> Result<(), String> {
    let mut first = Ok(());
    for a in actions.into_iter().rev() {
        if let Err(e) = a.run() {
            if first.is_ok() {
                first = Err(e);
            }
        }
    }
    first
}
