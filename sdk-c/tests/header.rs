//! The committed header agrees with the code it documents: the version
//! macros equal Cargo.toml's version, every exported function is declared,
//! and every status has its number. (`cargo xtask cheader --check` compares
//! the whole file with cbindgen's output; this test needs no cbindgen.)

use ncblink_c::status::ncb_status;

fn header() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/ncblink.h")).expect("ncblink.h")
}

fn define(header: &str, name: &str) -> String {
    header
        .lines()
        .find_map(|l| l.strip_prefix(&format!("#define {name} ")))
        .unwrap_or_else(|| panic!("no #define {name}"))
        .trim()
        .to_string()
}

#[test]
fn version_macros_equal_the_package_version() {
    let h = header();
    assert_eq!(define(&h, "NCBLINK_VERSION_MAJOR"), env!("CARGO_PKG_VERSION_MAJOR"));
    assert_eq!(define(&h, "NCBLINK_VERSION_MINOR"), env!("CARGO_PKG_VERSION_MINOR"));
    assert_eq!(define(&h, "NCBLINK_VERSION_PATCH"), env!("CARGO_PKG_VERSION_PATCH"));
    assert_eq!(
        define(&h, "NCBLINK_VERSION_STRING"),
        format!("\"{}\"", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn every_exported_function_is_declared() {
    let h = header();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for l in text.lines() {
            if let Some(rest) = l
                .strip_prefix("pub unsafe extern \"C\" fn ")
                .or_else(|| l.strip_prefix("pub extern \"C\" fn "))
            {
                names.push(rest.split('(').next().unwrap().to_string());
            }
        }
    }
    assert!(names.len() >= 25, "{names:?}");
    for name in names {
        let declared = h.contains(&format!(" {name}(")) || h.contains(&format!("*{name}("));
        assert!(declared, "{name} is not declared in ncblink.h");
        assert!(name.starts_with("ncb_"), "{name}: exported names start with ncb_");
    }
}

#[test]
fn every_status_has_its_number() {
    let h = header();
    for s in ncb_status::all() {
        let name = format!("{s:?}");
        // CamelCase to SCREAMING_SNAKE_CASE, as cbindgen renames.
        let mut screaming = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                screaming.push('_');
            }
            screaming.push(c.to_ascii_uppercase());
        }
        let line = format!("NCB_STATUS_{screaming} = {},", s as u32);
        assert!(h.contains(&line), "missing `{line}`");
    }
}
