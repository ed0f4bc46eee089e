//! SPS (Simple Packed Serialization), the encoding of every ORC wire payload: little-endian
//! integers, `u64`-counted sequences and strings, tuples as their fields back to back. See
//! `orc-remote-protocol.md` section 3.
//!
//! The decoder never trusts a count: a sequence of N elements must have at least N times the
//! smallest element size left before anything is allocated, and every read is bounds-checked.
//! Trailing bytes are ignored, as LLVM ignores them.

use crate::error::{Error, Result};

/// Builds an SPS payload.
#[derive(Debug, Default, Clone)]
pub struct Encoder {
    pub buf: Vec<u8>,
}

impl Encoder {
    pub fn new() -> Self {
        Encoder::default()
    }
    pub fn with_capacity(n: usize) -> Self {
        Encoder {
            buf: Vec::with_capacity(n),
        }
    }
    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }
    pub fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(v as u8)
    }
    pub fn i32(&mut self, v: i32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(&mut self, v: u64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn i64(&mut self, v: i64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    /// A `Sequence<char>` / `String`: the length, then the bytes.
    pub fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.u64(v.len() as u64);
        self.buf.extend_from_slice(v);
        self
    }
    pub fn str(&mut self, v: &str) -> &mut Self {
        self.bytes(v.as_bytes())
    }
    /// The count of a sequence whose elements the caller writes next.
    pub fn count(&mut self, n: usize) -> &mut Self {
        self.u64(n as u64)
    }
    /// An SPS `Error` success (`00`).
    pub fn ok(&mut self) -> &mut Self {
        self.bool(false)
    }
    /// An SPS `Error` failure, or the failure case of an `Expected` is written with
    /// [`Encoder::expected_err`].
    pub fn error(&mut self, msg: &str) -> &mut Self {
        self.bool(true).str(msg)
    }
    /// The failure case of an SPS `Expected<T>`.
    pub fn expected_err(&mut self, msg: &str) -> &mut Self {
        self.bool(false).str(msg)
    }
}

/// An SPS `Error` result: `00` for success, `01` and the message for a failure.
pub fn error_payload(r: std::result::Result<(), String>) -> Vec<u8> {
    let mut e = Encoder::new();
    match r {
        Ok(()) => e.ok(),
        Err(msg) => e.error(&msg),
    };
    e.finish()
}

/// An SPS `Expected<Addr>` result.
pub fn expected_addr_payload(r: std::result::Result<u64, String>) -> Vec<u8> {
    let mut e = Encoder::new();
    match r {
        Ok(a) => e.bool(true).u64(a),
        Err(msg) => e.expected_err(&msg),
    };
    e.finish()
}

/// Reads an SPS payload; every method fails with a message naming what was being read.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Decoder { data, pos: 0 }
    }
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::new(format!(
                "truncated {what}: needs {n} bytes, {} left",
                self.remaining()
            )));
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    pub fn u8(&mut self, what: &str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }
    /// Any non-zero byte is true, as LLVM reads it.
    pub fn bool(&mut self, what: &str) -> Result<bool> {
        Ok(self.u8(what)? != 0)
    }
    pub fn u16(&mut self, what: &str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }
    pub fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }
    pub fn i32(&mut self, what: &str) -> Result<i32> {
        Ok(i32::from_le_bytes(self.array(what)?))
    }
    pub fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }
    pub fn i64(&mut self, what: &str) -> Result<i64> {
        Ok(i64::from_le_bytes(self.array(what)?))
    }
    /// A sequence count, checked against what is left: each element takes at least
    /// `min_elem_size` bytes (0-byte elements are capped at a million).
    pub fn count(&mut self, min_elem_size: usize, what: &str) -> Result<usize> {
        let n = self.u64(what)?;
        let fits = match min_elem_size {
            0 => n <= 1 << 20,
            size => n <= (self.remaining() / size) as u64,
        };
        if !fits {
            return Err(Error::new(format!(
                "{what}: count {n} exceeds the {} bytes left",
                self.remaining()
            )));
        }
        Ok(n as usize)
    }
    pub fn bytes(&mut self, what: &str) -> Result<&'a [u8]> {
        let n = self.count(1, what)?;
        self.take(n, what)
    }
    /// A string as bytes: SPS strings need not be UTF-8.
    pub fn str_bytes(&mut self, what: &str) -> Result<&'a [u8]> {
        self.bytes(what)
    }
    /// A string, with invalid UTF-8 replaced (for names and messages).
    pub fn string(&mut self, what: &str) -> Result<String> {
        Ok(String::from_utf8_lossy(self.bytes(what)?).into_owned())
    }
    /// An SPS `Error`: `Ok(Ok(()))` for success, `Ok(Err(msg))` for a carried error.
    pub fn error(&mut self, what: &str) -> Result<Result<()>> {
        if self.bool(what)? {
            Ok(Err(Error::new(self.string(what)?)))
        } else {
            Ok(Ok(()))
        }
    }
    /// The tag of an SPS `Expected<T>`: `Ok(None)` when a value follows, `Ok(Some(msg))` for a
    /// carried error.
    pub fn expected(&mut self, what: &str) -> Result<Option<String>> {
        if self.bool(what)? {
            Ok(None)
        } else {
            Ok(Some(self.string(what)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut e = Encoder::new();
        e.u8(7).bool(true).u16(0x1234).u32(5).u64(u64::MAX).i64(-2);
        e.str("héllo").count(2).u64(1).u64(2).i32(-9);
        let buf = e.finish();
        let mut d = Decoder::new(&buf);
        assert_eq!(d.u8("a").unwrap(), 7);
        assert!(d.bool("b").unwrap());
        assert_eq!(d.u16("c").unwrap(), 0x1234);
        assert_eq!(d.u32("d").unwrap(), 5);
        assert_eq!(d.u64("e").unwrap(), u64::MAX);
        assert_eq!(d.i64("f").unwrap(), -2);
        assert_eq!(d.string("g").unwrap(), "héllo");
        assert_eq!(d.count(8, "h").unwrap(), 2);
        assert_eq!((d.u64("i").unwrap(), d.u64("j").unwrap()), (1, 2));
        assert_eq!(d.i32("k").unwrap(), -9);
        assert_eq!(d.remaining(), 0);
    }

    #[test]
    fn counts_are_checked_against_the_bytes_left() {
        let mut e = Encoder::new();
        e.u64(1 << 40).u64(0);
        let buf = e.finish();
        let err = Decoder::new(&buf).count(8, "segments").unwrap_err();
        assert!(
            err.message().contains("count 1099511627776 exceeds"),
            "{err}"
        );
        let err = Decoder::new(&buf).bytes("content").unwrap_err();
        assert!(err.message().contains("content"), "{err}");
        assert!(Decoder::new(&[1, 2]).u64("x").is_err());
    }

    #[test]
    fn error_and_expected() {
        let mut e = Encoder::new();
        e.ok().error("bad").expected_err("worse").bool(true).u64(9);
        let buf = e.finish();
        let mut d = Decoder::new(&buf);
        assert!(d.error("a").unwrap().is_ok());
        assert_eq!(d.error("b").unwrap().unwrap_err().message(), "bad");
        assert_eq!(d.expected("c").unwrap().as_deref(), Some("worse"));
        assert_eq!(d.expected("d").unwrap(), None);
        assert_eq!(d.u64("e").unwrap(), 9);
    }
}
