//! Message framing: a 32-byte header of four little-endian `u64`s (total size, opcode, sequence
//! number, tag address) and the payload. See `orc-remote-protocol.md` section 1.

use std::io::{self, Read, Write};

use crate::error::{Error, Result};

pub const HEADER_SIZE: usize = 32;
/// The largest message either side accepts. LLVM sets no limit and allocates whatever the header
/// claims; we read the payload as it arrives, so a lying header costs nothing, and refuse
/// messages beyond this (an image larger than 1 GiB does not go through one `initialize`).
pub const MAX_MESSAGE: u64 = 1 << 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opcode {
    Setup = 0,
    Hangup = 1,
    Result = 2,
    CallWrapper = 3,
}

impl Opcode {
    pub fn from_raw(raw: u64) -> Option<Opcode> {
        Some(match raw {
            0 => Opcode::Setup,
            1 => Opcode::Hangup,
            2 => Opcode::Result,
            3 => Opcode::CallWrapper,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub opcode: Opcode,
    pub seqno: u64,
    pub tag: u64,
    pub payload: Vec<u8>,
}

/// Reads one message. `Ok(None)` is end of file at a message boundary: the peer disconnected.
pub fn read_message(r: &mut impl Read) -> Result<Option<Message>> {
    let mut header = [0u8; HEADER_SIZE];
    let mut got = 0;
    while got < HEADER_SIZE {
        match r.read(&mut header[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(Error::new("unexpected end of file inside a message header")),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::new(format!("read failed: {e}"))),
        }
    }
    let field = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&header[i * 8..i * 8 + 8]);
        u64::from_le_bytes(b)
    };
    let (size, raw_opcode, seqno, tag) = (field(0), field(1), field(2), field(3));
    if size < HEADER_SIZE as u64 {
        return Err(Error::new(format!(
            "message size {size} is smaller than the 32-byte header"
        )));
    }
    if size > MAX_MESSAGE {
        return Err(Error::new(format!(
            "message size {size} exceeds the {MAX_MESSAGE}-byte limit"
        )));
    }
    let opcode = Opcode::from_raw(raw_opcode)
        .ok_or_else(|| Error::new(format!("unexpected opcode {raw_opcode}")))?;
    let len = size - HEADER_SIZE as u64;
    // The buffer grows (doubling, from at most 1 MiB) as bytes actually arrive, not to what
    // the header claims, so a lying header costs little.
    let len = len as usize;
    let mut payload = Vec::new();
    while payload.len() < len {
        let have = payload.len();
        let want = (have.max(1 << 20) * 2).min(len).max(have + 1).min(len);
        payload.resize(want, 0);
        if let Err(e) = r.read_exact(&mut payload[have..]) {
            let msg = if e.kind() == io::ErrorKind::UnexpectedEof {
                format!("unexpected end of file inside a message of {len} payload bytes")
            } else {
                format!("read failed: {e}")
            };
            return Err(Error::new(msg));
        }
    }
    Ok(Some(Message {
        opcode,
        seqno,
        tag,
        payload,
    }))
}

/// The bytes of one message, header and payload, ready for one `write_all`.
pub fn frame(opcode: Opcode, seqno: u64, tag: u64, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_SIZE + payload.len());
    out.extend_from_slice(&((HEADER_SIZE + payload.len()) as u64).to_le_bytes());
    out.extend_from_slice(&(opcode as u64).to_le_bytes());
    out.extend_from_slice(&seqno.to_le_bytes());
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Writes one message; the caller holds whatever lock keeps messages from interleaving.
pub fn write_message(
    w: &mut impl Write,
    opcode: Opcode,
    seqno: u64,
    tag: u64,
    payload: &[u8],
) -> io::Result<()> {
    write_message_parts(w, opcode, seqno, tag, &[payload])
}

/// Writes one message whose payload is `parts` back to back: an `initialize` payload is mostly
/// the image, which is then written from where it lies instead of being copied first.
pub fn write_message_parts(
    w: &mut impl Write,
    opcode: Opcode,
    seqno: u64,
    tag: u64,
    parts: &[&[u8]],
) -> io::Result<()> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut header = frame(opcode, seqno, tag, &[]);
    header[..8].copy_from_slice(&((HEADER_SIZE + len) as u64).to_le_bytes());
    // Small payloads go out with their header in one write.
    if len <= 4096 {
        for p in parts {
            header.extend_from_slice(p);
        }
        w.write_all(&header)?;
    } else {
        w.write_all(&header)?;
        for p in parts {
            w.write_all(p)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let bytes = frame(Opcode::CallWrapper, 5, 0xdead, b"abc");
        assert_eq!(bytes.len(), 35);
        assert_eq!(bytes[0], 35);
        let m = read_message(&mut &bytes[..]).unwrap().unwrap();
        assert_eq!(m.opcode, Opcode::CallWrapper);
        assert_eq!((m.seqno, m.tag), (5, 0xdead));
        assert_eq!(m.payload, b"abc");
    }

    #[test]
    fn eof_at_a_boundary_is_a_hangup_and_inside_is_an_error() {
        assert_eq!(read_message(&mut &[][..]).unwrap(), None);
        let bytes = frame(Opcode::Result, 1, 0, b"abcdef");
        for cut in 1..bytes.len() {
            assert!(read_message(&mut &bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn bad_headers_are_errors() {
        let mut small = frame(Opcode::Result, 0, 0, b"");
        small[0] = 31;
        let e = read_message(&mut &small[..]).unwrap_err();
        assert!(e.message().contains("smaller than"), "{e}");
        let mut op = frame(Opcode::Result, 0, 0, b"");
        op[8] = 4;
        let e = read_message(&mut &op[..]).unwrap_err();
        assert_eq!(e.message(), "unexpected opcode 4");
        let mut huge = frame(Opcode::Result, 0, 0, b"");
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_message(&mut &huge[..]).is_err());
    }
}
