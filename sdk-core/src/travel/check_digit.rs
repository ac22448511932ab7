//! The ICAO Doc 9303 check digit (Part 3, 4.9): weights 7, 3, 1 repeating,
//! digits worth their value, `A`–`Z` worth 10–35, the filler `<` worth 0,
//! the sum taken modulo 10.
//!
//! The functions work over bytes so that the MRZ parser can call them on
//! its line buffers without allocating.

/// The value of one MRZ character in the check-digit sum: `0`–`9` → 0–9,
/// `A`–`Z` → 10–35, `<` → 0; `None` for anything outside the MRZ alphabet
/// (lower case included).
///
/// ```
/// use ncblink::travel::check_digit::char_value;
/// assert_eq!(char_value(b'7'), Some(7));
/// assert_eq!(char_value(b'B'), Some(11));
/// assert_eq!(char_value(b'<'), Some(0));
/// assert_eq!(char_value(b'b'), None);
/// ```
pub const fn char_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some((b - b'0') as u32),
        b'A'..=b'Z' => Some((b - b'A') as u32 + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The value of every byte in the check-digit sum, `u8::MAX` for bytes
/// outside the MRZ alphabet: a table lookup per character in the hot path.
const VALUES: [u8; 256] = {
    let mut t = [u8::MAX; 256];
    let mut b = 0;
    while b < 256 {
        if let Some(v) = char_value(b as u8) {
            t[b] = v as u8;
        }
        b += 1;
    }
    t
};

/// Accumulates a check digit over several pieces, as the composite check
/// digit of TD1, TD2 and TD3 needs (the weights 7, 3, 1 run on across
/// pieces).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CheckDigitSum {
    sum: u32,
    /// Where in the 7-3-1 cycle the next character is (0, 1 or 2).
    phase: u8,
}

impl CheckDigitSum {
    /// Adds the characters of one piece; `None` if one is outside the MRZ
    /// alphabet.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Option<()> {
        for &b in bytes {
            let v = u32::from(VALUES[usize::from(b)]);
            if v == u32::from(u8::MAX) {
                return None;
            }
            let (w, next) = match self.phase {
                0 => (7, 1),
                1 => (3, 2),
                _ => (1, 0),
            };
            // At most 35 × 7 per character: no overflow below 10⁸ characters.
            self.sum = self.sum.wrapping_add(v * w);
            self.phase = next;
        }
        Some(())
    }

    /// The check digit as an ASCII digit (`b'0'`–`b'9'`).
    pub(crate) fn digit(&self) -> u8 {
        // `sum % 10` is below 10, so this is always an ASCII digit.
        b'0' + (self.sum % 10) as u8
    }
}

/// The check digit of a sequence of MRZ characters, as an ASCII digit;
/// `None` if a byte is outside the MRZ alphabet (`A`–`Z`, `0`–`9`, `<`).
///
/// ```
/// use ncblink::travel::check_digit::check_digit_bytes;
/// assert_eq!(check_digit_bytes(b"L898902C3"), Some(b'6'));
/// ```
pub fn check_digit_bytes(bytes: &[u8]) -> Option<u8> {
    let mut s = CheckDigitSum::default();
    s.push(bytes)?;
    Some(s.digit())
}

/// The check digit of a field as printed in an MRZ; `None` if a character
/// is outside the MRZ alphabet.
///
/// ```
/// use ncblink::travel::check_digit::check_digit;
/// assert_eq!(check_digit("123456BB"), Some('5')); // Doc 9303 Part 3's example
/// assert_eq!(check_digit("740812"), Some('2'));
/// assert_eq!(check_digit("74-08-12"), None);
/// ```
pub fn check_digit(field: &str) -> Option<char> {
    check_digit_bytes(field.as_bytes()).map(char::from)
}
