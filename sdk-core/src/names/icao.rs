//! The ICAO Doc 9303 Part 3 transliteration of names into the Latin
//! letters of a machine-readable zone: Latin letters with diacritics
//! (`Ä`→`AE`, `Ø`→`OE`, `ß`→`SS`…) and Cyrillic, so that a key built
//! from it matches what border systems read (`MÜLLER` is `MUELLER`,
//! `Щербаков` is `SHCHERBAKOV`).
//!
//! Letters outside these tables are left to the caller's general folding.
//! The Ukrainian exceptions of the 2016 amendment (`Г`→`H`) need to know
//! the language, which a name alone does not say: `Г` is always `G` here,
//! and the ASCII-folding key covers the other spelling only partly.

/// The ICAO transliteration of one letter, upper case, if ICAO defines one
/// that differs from dropping the diacritic.
pub(super) fn transliterate(c: char) -> Option<&'static str> {
    // `ß` upper-cases to two letters: look it up as it is first.
    let upper = c.to_uppercase().next().unwrap_or(c);
    latin(c).or_else(|| latin(upper)).or_else(|| cyrillic(upper))
}

fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'Ä' | 'Æ' => "AE",
        'Å' => "AA",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ü' => "UE",
        'ß' | 'ẞ' => "SS",
        'Þ' => "TH",
        'Ð' | 'Đ' => "D",
        'Ł' => "L",
        'Ħ' => "H",
        'Ĳ' => "IJ",
        'ı' => "I",
        _ => return None,
    })
}

fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' | 'Ґ' | 'Ѓ' => "G",
        'Д' | 'Ђ' => "D",
        'Е' | 'Ё' | 'Э' => "E",
        'Є' => "IE",
        'Ж' => "ZH",
        'З' => "Z",
        'Ѕ' | 'Џ' => "DZ",
        'И' | 'І' | 'Ї' | 'Й' => "I",
        'Ј' => "J",
        'К' | 'Ќ' => "K",
        'Л' => "L",
        'Љ' => "LJ",
        'М' => "M",
        'Н' => "N",
        'Њ' => "NJ",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'Ћ' => "C",
        'У' | 'Ў' => "U",
        'Ф' => "F",
        'Х' => "KH",
        'Ц' => "TS",
        'Ч' => "CH",
        'Ш' => "SH",
        'Щ' => "SHCH",
        'Ъ' => "IE",
        'Ы' => "Y",
        'Ь' => "",
        'Ю' => "IU",
        'Я' => "IA",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::transliterate;

    fn word(s: &str) -> String {
        s.chars()
            .map(|c| transliterate(c).map(str::to_string).unwrap_or_else(|| c.to_string()))
            .collect()
    }

    #[test]
    fn doc_9303_examples() {
        assert_eq!(word("MÜLLER"), "MUELLER");
        assert_eq!(word("Strauß"), "StrauSS");
        assert_eq!(word("ÅSTRÖM"), "AASTROEM");
        assert_eq!(word("Щербаков"), "SHCHERBAKOV");
        assert_eq!(word("Юлия"), "IULIIA");
        assert_eq!(word("Сергей"), "SERGEI");
        assert_eq!(word("Хрущёв"), "KHRUSHCHEV");
        assert_eq!(word("Њего"), "NJEGO");
    }
}
