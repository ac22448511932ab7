//! `cargo xtask codelists [--check]`: writes `sdk-core/src/model/codes/tables.rs`.
//!
//! Country and language names come from the iso-codes project as a Linux
//! distribution installs it (Debian: `apt-get install iso-codes`): the JSON
//! data in `$PREFIX/share/iso-codes/json` and the gettext catalogs in
//! `$PREFIX/share/locale/{ar,fr,es}/LC_MESSAGES`, where `$PREFIX` is
//! `ISO_CODES_PREFIX` or `/usr`. The ICAO Doc 9303 codes that are not
//! countries come from `xtask/data/icao-specials.json`.
//!
//! `--check` regenerates in memory and fails when the committed file differs:
//! CI's drift check.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};
use gettext::Catalog;
use serde::Deserialize;

/// The generated file, from the workspace root.
const OUTPUT: &str = "sdk-core/src/model/codes/tables.rs";
/// The ICAO specials, from the workspace root.
const SPECIALS: &str = "xtask/data/icao-specials.json";
/// The languages that iso-codes' catalogs translate into (English is the msgid).
const TRANSLATED: [&str; 3] = ["ar", "fr", "es"];
/// States whose ICAO Doc 9303 code is not their ISO 3166-1 alpha-3 code
/// (Doc 9303 Part 3, section 5: Germany is `D`).
const ICAO_EXCEPTIONS: &[(&str, &str)] = &[("DE", "D")];

pub fn run(args: &[String]) -> Result<()> {
    let mut check = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other => bail!("codelists: unknown option `{other}` (usage: cargo xtask codelists [--check])"),
        }
    }
    let root = workspace_root();
    let prefix = PathBuf::from(std::env::var_os("ISO_CODES_PREFIX").unwrap_or_else(|| "/usr".into()));
    let tables = Tables::load(&root, &prefix)?;
    tables.report();
    let generated = tables.render(&root)?;
    let path = root.join(OUTPUT);
    if check {
        let committed = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        if committed != generated {
            bail!(
                "{OUTPUT} does not match what `cargo xtask codelists` generates from iso-codes {} and {SPECIALS}\n{}\n\
                 run `cargo xtask codelists` and commit the result (or install the iso-codes version named in the file)",
                tables.iso_codes_version,
                first_difference(&committed, &generated),
            );
        }
        eprintln!("{OUTPUT} is up to date (iso-codes {})", tables.iso_codes_version);
    } else {
        fs::write(&path, generated).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {OUTPUT} (iso-codes {})", tables.iso_codes_version);
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// A label in ar, en, fr and es.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    ar: String,
    en: String,
    fr: String,
    es: String,
}

struct Country {
    alpha2: String,
    alpha3: String,
    numeric: String,
    icao: String,
    labels: Labels,
}

struct Language {
    bibliographic: String,
    terminology: String,
    alpha2: String,
    labels: Labels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecialsFile {
    source: String,
    codes: Vec<Special>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Special {
    code: String,
    /// Where Doc 9303 lets the code stand: `issuer`, `nationality` or `both`.
    #[serde(rename = "use")]
    usage: String,
    labels: Labels,
    /// Why the code is listed, when that needs saying; not generated.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Iso3166File {
    #[serde(rename = "3166-1")]
    entries: Vec<Iso3166Entry>,
}

#[derive(Deserialize)]
struct Iso3166Entry {
    alpha_2: String,
    alpha_3: String,
    numeric: String,
    name: String,
}

#[derive(Deserialize)]
struct Iso6392File {
    #[serde(rename = "639-2")]
    entries: Vec<Iso6392Entry>,
}

#[derive(Deserialize)]
struct Iso6392Entry {
    alpha_3: String,
    alpha_2: Option<String>,
    bibliographic: Option<String>,
    name: String,
}

/// The ar, fr and es catalogs of one iso-codes gettext domain.
struct Translator {
    domain: &'static str,
    catalogs: Vec<(&'static str, Catalog)>,
    /// Per language, the msgids that had no translation.
    fallbacks: BTreeMap<&'static str, Vec<String>>,
}

impl Translator {
    fn load(prefix: &Path, domain: &'static str) -> Result<Self> {
        let mut catalogs = Vec::new();
        for lang in TRANSLATED {
            let path = prefix.join(format!("share/locale/{lang}/LC_MESSAGES/{domain}.mo"));
            let file = fs::File::open(&path).with_context(|| {
                format!(
                    "opening {}: is iso-codes installed with its translations \
                     (a dpkg path-exclude on /usr/share/locale drops them)?",
                    path.display()
                )
            })?;
            let catalog = Catalog::parse(std::io::BufReader::new(file))
                .map_err(|e| anyhow::anyhow!("parsing {}: {e}", path.display()))?;
            catalogs.push((lang, catalog));
        }
        Ok(Translator {
            domain,
            catalogs,
            fallbacks: BTreeMap::new(),
        })
    }

    /// The English msgid and its translations, English standing in for a missing one.
    fn labels(&mut self, msgid: &str) -> Labels {
        let mut translated = [String::new(), String::new(), String::new()];
        for (slot, (lang, catalog)) in translated.iter_mut().zip(&self.catalogs) {
            let text = catalog.gettext(msgid);
            // `gettext` hands back the msgid itself when the catalog has no entry.
            if std::ptr::eq(text, msgid) || text.trim().is_empty() {
                self.fallbacks.entry(lang).or_default().push(msgid.to_owned());
                *slot = msgid.to_owned();
            } else {
                *slot = text.to_owned();
            }
        }
        let [ar, fr, es] = translated;
        Labels {
            ar,
            en: msgid.to_owned(),
            fr,
            es,
        }
    }

    fn report(&self, rows: usize) {
        let total: usize = self.fallbacks.values().map(Vec::len).sum();
        eprintln!("{}: {rows} entries, {total} labels fell back to English", self.domain);
        for (lang, msgids) in &self.fallbacks {
            let shown: Vec<&str> = msgids.iter().take(8).map(String::as_str).collect();
            let more = if msgids.len() > shown.len() { ", …" } else { "" };
            eprintln!("  {lang}: {} ({}{more})", msgids.len(), shown.join(", "));
        }
    }

    fn fallback_count(&self) -> usize {
        self.fallbacks.values().map(Vec::len).sum()
    }
}

struct Tables {
    iso_codes_version: String,
    countries: Vec<Country>,
    languages: Vec<Language>,
    specials: Vec<Special>,
    country_translator: Translator,
    language_translator: Translator,
}

impl Tables {
    fn load(root: &Path, prefix: &Path) -> Result<Self> {
        let iso_codes_version = iso_codes_version(prefix)?;
        let json_dir = prefix.join("share/iso-codes/json");

        let mut country_translator = Translator::load(prefix, "iso_3166-1")?;
        let iso3166: Iso3166File = read_json(&json_dir.join("iso_3166-1.json"))?;
        let mut countries = Vec::with_capacity(iso3166.entries.len());
        for e in iso3166.entries {
            ensure!(
                is_code(&e.alpha_2, 2, 2, u8::is_ascii_uppercase),
                "bad ISO 3166-1 alpha-2 `{}`",
                e.alpha_2
            );
            ensure!(
                is_code(&e.alpha_3, 3, 3, u8::is_ascii_uppercase),
                "bad ISO 3166-1 alpha-3 `{}`",
                e.alpha_3
            );
            ensure!(
                is_code(&e.numeric, 3, 3, u8::is_ascii_digit),
                "bad ISO 3166-1 numeric `{}`",
                e.numeric
            );
            let icao = ICAO_EXCEPTIONS
                .iter()
                .find(|(alpha2, _)| *alpha2 == e.alpha_2)
                .map_or_else(|| e.alpha_3.clone(), |(_, icao)| (*icao).to_owned());
            let labels = country_translator.labels(&e.name);
            countries.push(Country {
                alpha2: e.alpha_2,
                alpha3: e.alpha_3,
                numeric: e.numeric,
                icao,
                labels,
            });
        }
        countries.sort_by(|a, b| a.alpha2.cmp(&b.alpha2));
        ensure_unique("ISO 3166-1 alpha-2", countries.iter().map(|c| c.alpha2.as_str()))?;
        ensure_unique("ICAO country", countries.iter().map(|c| c.icao.as_str()))?;
        for (alpha2, _) in ICAO_EXCEPTIONS {
            ensure!(
                countries.iter().any(|c| c.alpha2 == *alpha2),
                "ICAO exception for unknown country {alpha2}"
            );
        }

        let mut language_translator = Translator::load(prefix, "iso_639-2")?;
        let iso6392: Iso6392File = read_json(&json_dir.join("iso_639-2.json"))?;
        let mut languages = Vec::with_capacity(iso6392.entries.len());
        for e in iso6392.entries {
            // Skips the reserved range, which iso-codes lists as one `qaa-qtz` entry.
            if !is_code(&e.alpha_3, 3, 3, u8::is_ascii_lowercase) || ("qaa"..="qtz").contains(&e.alpha_3.as_str()) {
                continue;
            }
            let bibliographic = e.bibliographic.as_deref().unwrap_or(&e.alpha_3).to_ascii_uppercase();
            ensure!(
                is_code(&bibliographic, 3, 3, u8::is_ascii_uppercase),
                "bad ISO 639-2/B `{bibliographic}`"
            );
            let alpha2 = e.alpha_2.unwrap_or_default();
            ensure!(
                alpha2.is_empty() || is_code(&alpha2, 2, 2, u8::is_ascii_lowercase),
                "bad ISO 639-1 `{alpha2}`"
            );
            let labels = language_translator.labels(&e.name);
            languages.push(Language {
                bibliographic,
                terminology: e.alpha_3.to_ascii_uppercase(),
                alpha2,
                labels,
            });
        }
        languages.sort_by(|a, b| a.bibliographic.cmp(&b.bibliographic));
        ensure_unique("ISO 639-2/B", languages.iter().map(|l| l.bibliographic.as_str()))?;

        let specials_file: SpecialsFile = read_json(&root.join(SPECIALS))?;
        let mut specials = specials_file.codes;
        specials.sort_by(|a, b| a.code.cmp(&b.code));
        ensure!(!specials_file.source.trim().is_empty(), "{SPECIALS}: empty `source`");
        ensure_unique("ICAO special", specials.iter().map(|s| s.code.as_str()))?;
        for s in &specials {
            ensure!(
                is_code(&s.code, 1, 3, u8::is_ascii_uppercase),
                "{SPECIALS}: bad ICAO code `{}`",
                s.code
            );
            ensure!(
                !countries.iter().any(|c| c.icao == s.code),
                "{SPECIALS}: `{}` is already a country's ICAO code",
                s.code
            );
            ensure!(
                matches!(s.usage.as_str(), "issuer" | "nationality" | "both"),
                "{SPECIALS}: `{}` has use `{}` (issuer, nationality or both)",
                s.code,
                s.usage
            );
            let l = &s.labels;
            ensure!(
                [&l.ar, &l.en, &l.fr, &l.es].iter().all(|t| !t.trim().is_empty()),
                "{SPECIALS}: `{}` lacks a label",
                s.code
            );
        }

        Ok(Tables {
            iso_codes_version,
            countries,
            languages,
            specials,
            country_translator,
            language_translator,
        })
    }

    fn report(&self) {
        self.country_translator.report(self.countries.len());
        self.language_translator.report(self.languages.len());
        eprintln!("{SPECIALS}: {} ICAO specials", self.specials.len());
        eprintln!(
            "total: {} labels fell back to English",
            self.country_translator.fallback_count() + self.language_translator.fallback_count()
        );
    }

    /// The file's text: a header, then the tables as rustfmt lays them out.
    fn render(&self, root: &Path) -> Result<String> {
        let mut body = String::new();
        let w = &mut body;
        writeln!(
            w,
            "use super::{{CountryEntry, IcaoSpecialEntry, IcaoUse, LanguageEntry, Labels}};\n"
        )?;
        writeln!(
            w,
            "/// The {} ISO 3166-1 countries, sorted by alpha-2 (binary-searched).",
            self.countries.len()
        )?;
        writeln!(w, "pub static COUNTRIES: &[CountryEntry] = &[")?;
        for c in &self.countries {
            writeln!(
                w,
                "CountryEntry {{ alpha2: {}, alpha3: {}, numeric: {}, icao: {}, labels: {} }},",
                lit(&c.alpha2),
                lit(&c.alpha3),
                lit(&c.numeric),
                lit(&c.icao),
                labels(&c.labels)
            )?;
        }
        writeln!(w, "];\n")?;
        writeln!(
            w,
            "/// The {} ICAO Doc 9303 codes that are not countries, sorted by code.",
            self.specials.len()
        )?;
        writeln!(w, "pub static ICAO_SPECIALS: &[IcaoSpecialEntry] = &[")?;
        for s in &self.specials {
            writeln!(
                w,
                "IcaoSpecialEntry {{ code: {}, usage: IcaoUse::{}, labels: {} }},",
                lit(&s.code),
                match s.usage.as_str() {
                    "issuer" => "Issuer",
                    "nationality" => "Nationality",
                    _ => "Both",
                },
                labels(&s.labels)
            )?;
        }
        writeln!(w, "];\n")?;
        writeln!(
            w,
            "/// The {} ISO 639-2 languages, sorted by bibliographic code (binary-searched).",
            self.languages.len()
        )?;
        writeln!(w, "pub static LANGUAGES: &[LanguageEntry] = &[")?;
        for l in &self.languages {
            writeln!(
                w,
                "LanguageEntry {{ bibliographic: {}, terminology: {}, alpha2: {}, labels: {} }},",
                lit(&l.bibliographic),
                lit(&l.terminology),
                lit(&l.alpha2),
                labels(&l.labels)
            )?;
        }
        writeln!(w, "];")?;

        let mut out = String::new();
        let w = &mut out;
        writeln!(w, "//! Country, ICAO special and language code tables.")?;
        writeln!(w, "//!")?;
        writeln!(
            w,
            "//! Generated by `cargo xtask codelists`: never edit by hand. `cargo xtask codelists --check`,"
        )?;
        writeln!(w, "//! run by CI, fails when this file no longer matches its sources:")?;
        writeln!(w, "//!")?;
        writeln!(
            w,
            "//! - `COUNTRIES` and `LANGUAGES`: iso-codes {} (ISO 3166-1 and ISO 639-2), with the",
            self.iso_codes_version
        )?;
        writeln!(
            w,
            "//!   Arabic, French and Spanish names of its gettext catalogs (English where one is missing);"
        )?;
        writeln!(
            w,
            "//! - `ICAO_SPECIALS`: `{SPECIALS}`, from ICAO Doc 9303 Part 3, section 5;"
        )?;
        writeln!(w, "//!   its Arabic, French and Spanish labels are the project's own.")?;
        writeln!(w, "//!")?;
        writeln!(w, "//! ICAO codes equal the ISO alpha-3 codes except Germany's (`D`).")?;
        writeln!(w, "// @generated")?;
        writeln!(w)?;
        out.push_str(&rustfmt(root, &body)?);
        Ok(out)
    }
}

fn labels(l: &Labels) -> String {
    format!(
        "Labels {{ ar: {}, en: {}, fr: {}, es: {} }}",
        lit(&l.ar),
        lit(&l.en),
        lit(&l.fr),
        lit(&l.es)
    )
}

/// A Rust string literal. Unlike `{:?}` it leaves combining marks (Arabic
/// shadda…) as they are, so the labels stay readable; it escapes controls
/// and the invisible formatting characters (bidi overrides included).
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Unicode format characters (Cf) and separators that render as nothing.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

fn is_code(s: &str, min: usize, max: usize, class: fn(&u8) -> bool) -> bool {
    (min..=max).contains(&s.len()) && s.as_bytes().iter().all(class)
}

fn ensure_unique<'a>(what: &str, codes: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = BTreeSet::new();
    for code in codes {
        ensure!(seen.insert(code), "duplicate {what} code `{code}`");
    }
    Ok(())
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// The upstream iso-codes version: from its pkg-config file, else from dpkg.
fn iso_codes_version(prefix: &Path) -> Result<String> {
    let pc = prefix.join("share/pkgconfig/iso-codes.pc");
    if let Ok(text) = fs::read_to_string(&pc)
        && let Some(v) = text.lines().find_map(|l| l.strip_prefix("Version:"))
        && !v.trim().is_empty()
    {
        return Ok(v.trim().to_owned());
    }
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Version}", "iso-codes"])
        .output()
        .with_context(|| format!("no {} and no dpkg-query: is iso-codes installed?", pc.display()))?;
    ensure!(
        out.status.success(),
        "dpkg-query finds no iso-codes package: apt-get install iso-codes"
    );
    let version = String::from_utf8(out.stdout)?;
    // 4.15.0-1 → 4.15.0 (no epoch, no Debian revision): the data is upstream's.
    let upstream = version.trim().rsplit_once(':').map_or(version.trim(), |(_, v)| v);
    let upstream = upstream.rsplit_once('-').map_or(upstream, |(v, _)| v);
    ensure!(!upstream.is_empty(), "dpkg-query gives no iso-codes version");
    Ok(upstream.to_owned())
}

/// Formats `source` with the workspace's rustfmt settings.
fn rustfmt(root: &Path, source: &str) -> Result<String> {
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(&rustfmt)
        .args(["--edition", "2024", "--emit", "stdout", "--config-path"])
        .arg(root.join("rustfmt.toml"))
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!(
                "running {}: is rustfmt installed (rustup component add rustfmt)?",
                rustfmt.display()
            )
        })?;
    let mut stdin = child.stdin.take().context("rustfmt stdin")?;
    let input = source.to_owned();
    // Written from a thread so that a large output cannot block the pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().context("waiting for rustfmt")?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("rustfmt writer panicked"))??;
    ensure!(
        out.status.success(),
        "rustfmt failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

/// Where two texts first differ, for the drift message.
fn first_difference(committed: &str, generated: &str) -> String {
    let (mut a, mut b) = (committed.lines(), generated.lines());
    let mut line = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return "the files differ only in their line endings".to_owned(),
            (x, y) => {
                let show = |s: Option<&str>| s.map_or("<end of file>".to_owned(), |s| s.chars().take(100).collect());
                return format!(
                    "first difference at line {line}:\n  committed: {}\n  generated: {}",
                    show(x),
                    show(y)
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_only_what_they_must() {
        assert_eq!(lit("Côte d'Ivoire"), "\"Côte d'Ivoire\"");
        assert_eq!(lit("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(lit("الصّين"), "\"الصّين\""); // shadda kept
        assert_eq!(lit("a\u{202e}b\u{200f}"), "\"a\\u{202e}b\\u{200f}\"");
        assert_eq!(lit("x\ny\u{7}"), "\"x\\ny\\u{7}\"");
    }

    #[test]
    fn first_difference_names_the_line() {
        assert!(first_difference("a\nb\n", "a\nc\n").contains("line 2"));
        assert!(first_difference("a\n", "a\nb\n").contains("<end of file>"));
    }
}
