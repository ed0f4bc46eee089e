//! One error type for the whole tool: a single line of text that already carries its context
//! (file, section, offset, relocation, symbol), so the binary only has to print it.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }

    /// Prefixes the message with `ctx: `, e.g. the input file's name.
    pub fn context(self, ctx: impl fmt::Display) -> Self {
        Error(format!("{ctx}: {}", self.0))
    }

    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<object::Error> for Error {
    fn from(e: object::Error) -> Self {
        Error(format!("malformed object: {e}"))
    }
}

/// A name from an input file (bytes: names need not be UTF-8), made safe for a one-line
/// message: control characters (a newline in a hostile symbol name) and bytes that are not
/// UTF-8 are shown escaped (`\n`, `\xff`).
pub fn printable<T: AsRef<[u8]> + ?Sized>(name: &T) -> std::borrow::Cow<'_, str> {
    let bytes = name.as_ref();
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.chars().any(char::is_control) => std::borrow::Cow::Borrowed(s),
        _ => {
            let mut out = String::new();
            for chunk in bytes.utf8_chunks() {
                out.extend(chunk.valid().chars().flat_map(char::escape_default));
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            std::borrow::Cow::Owned(out)
        }
    }
}

/// `bail!("...")` returns an `Error` built with `format!`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::error::Error::new(format!($($arg)*))) };
}

/// Adds context to any `Result<T, Error>`.
pub trait ResultExt<T> {
    fn context(self, ctx: impl fmt::Display) -> Result<T>;
}

impl<T, E: Into<Error>> ResultExt<T> for std::result::Result<T, E> {
    fn context(self, ctx: impl fmt::Display) -> Result<T> {
        self.map_err(|e| e.into().context(ctx))
    }
}
