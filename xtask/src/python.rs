//! The Python package's tasks:
//!
//! - `py-types [--check]`: writes `sdk-python/python/ncblink/types.py`, the
//!   `TypedDict` form of `schemas/*.schema.json`, or checks that it is current;
//! - `py-test`: builds the wheel, installs it in a fresh venv and runs pytest,
//!   `mypy --strict` over the typing check and the examples, and
//!   `mypy.stubtest`, all against the installed wheel (never the source
//!   tree); the client's tests start the real hub binary, built first;
//! - `py-bench`: the validation benchmark against jsonschema, fastjsonschema
//!   and pydantic, and the checks benchmark against httpx (tables, not
//!   tests).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

use crate::test::{run, venv};

/// Test tools, pinned so that a run is reproducible.
/// `cryptography` and `rfc8785`: examples/python/sign_without_ncblink.py,
/// the program that joins the network with standard libraries only.
const TEST_PACKAGES: &[&str] = &[
    "pytest==9.2.0",
    "pytest-timeout==2.4.0",
    "mypy==2.4.1",
    "cryptography==46.0.3",
    "rfc8785==0.1.4",
];
/// What the benchmark compares against.
const BENCH_PACKAGES: &[&str] = &[
    "jsonschema==4.26.0",
    "fastjsonschema==2.22.3",
    "pydantic==2.14.3",
    "datamodel-code-generator==0.89.0",
    "httpx==0.28.1",
];
const MATURIN: &str = "maturin>=1.9.4,<2";

const TYPES_FILE: &str = "sdk-python/python/ncblink/types.py";

// ---------------------------------------------------------------------------
// py-types

/// Writes or checks `types.py`.
pub fn types(root: &Path, check: bool) -> Result<()> {
    let text = generate_types(&root.join("schemas"))?;
    let path = root.join(TYPES_FILE);
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            bail!("{TYPES_FILE} drifts from schemas/\nrun: cargo xtask py-types");
        }
    } else {
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// One Python definition.
enum Item {
    /// A `TypedDict`.
    Class {
        name: String,
        doc: String,
        fields: Vec<Field>,
    },
    /// A type alias (`Sex = Literal["F", "M", "U"]`).
    Alias { name: String, doc: String, expr: String },
}

struct Field {
    name: String,
    ty: String,
    required: bool,
    doc: String,
}

/// Generates `types.py` from every schema in `dir`: one `TypedDict` per
/// object schema, `Literal` unions for enums, `Union` for tagged enums.
/// Python 3.9 has no `Required`/`NotRequired`, so a class with both kinds
/// of field inherits its required ones from a `total=True` base
/// (`_EnvelopeRequired`), which keeps the package free of dependencies.
pub fn generate_types(dir: &Path) -> Result<String> {
    let defs = collect_defs(dir)?;
    let mut items = Vec::new();
    for (name, schema) in &defs {
        items.extend(items_of(name, schema)?);
    }
    let mut names = BTreeSet::new();
    for item in &items {
        let name = match item {
            Item::Class { name, .. } | Item::Alias { name, .. } => name,
        };
        if !names.insert(name.clone()) {
            bail!("two definitions would be named {name}");
        }
    }
    render(items, &names)
}

/// Every named schema: each file's root (by its `title`) and its `$defs`,
/// which must agree where files share a name.
fn collect_defs(dir: &Path) -> Result<BTreeMap<String, Value>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".schema.json"))
        .collect();
    files.sort();
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    let mut add = |name: String, schema: Value, file: &Path| -> Result<()> {
        match defs.get(&name) {
            Some(existing) if *existing != schema => {
                bail!("{name} differs between schemas ({})", file.display())
            }
            _ => {
                defs.insert(name, schema);
                Ok(())
            }
        }
    };
    for file in &files {
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let mut root: Map<String, Value> = serde_json::from_str(&text)?;
        let sub = root.remove("$defs");
        let title = root
            .remove("title")
            .and_then(|t| t.as_str().map(str::to_string))
            .with_context(|| format!("{} has no title", file.display()))?;
        root.remove("$id");
        root.remove("$schema");
        add(title, Value::Object(root), file)?;
        if let Some(Value::Object(sub)) = sub {
            for (name, schema) in sub {
                add(name, schema, file)?;
            }
        }
    }
    Ok(defs)
}

fn description(schema: &Value) -> String {
    schema["description"].as_str().unwrap_or_default().to_string()
}

/// The first paragraph of a description (later ones hold Rust examples).
fn first_paragraph(text: &str) -> String {
    text.split("\n\n").next().unwrap_or_default().trim().to_string()
}

fn pascal(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn is_object(schema: &Value) -> bool {
    schema["type"] == "object" && schema.get("properties").is_some()
}

fn items_of(name: &str, schema: &Value) -> Result<Vec<Item>> {
    let doc = first_paragraph(&description(schema));
    if is_object(schema) {
        return Ok(vec![class_of(name, doc, schema)?]);
    }
    if let Some(variants) = schema["oneOf"].as_array() {
        let mut consts = Vec::new();
        let mut classes = Vec::new();
        let mut open_objects = false;
        for v in variants {
            if let Some(c) = v.get("const") {
                consts.push(serde_json::to_string(c)?);
            } else if is_object(v) {
                let props = v["properties"].as_object().context("properties")?;
                let suffix: String = props.keys().map(|k| pascal(k)).collect();
                let class_name = format!("{name}{suffix}");
                classes.push(class_of(&class_name, first_paragraph(&description(v)), v)?);
            } else if v["type"] == "object" {
                // A kind of a later minor version (`Body`): any one member.
                open_objects = true;
            } else {
                bail!("{name}: a oneOf variant that is neither a const nor an object: {v}");
            }
        }
        let mut members = Vec::new();
        if !consts.is_empty() {
            members.push(format!("Literal[{}]", consts.join(", ")));
        }
        for c in &classes {
            if let Item::Class { name, .. } = c {
                members.push(format!("\"{name}\""));
            }
        }
        if open_objects {
            members.push("Dict[str, Any]".into());
        }
        let expr = if members.len() == 1 {
            members.remove(0)
        } else {
            format!("Union[{}]", members.join(", "))
        };
        let mut out = vec![Item::Alias {
            name: name.to_string(),
            doc,
            expr,
        }];
        out.extend(classes);
        return Ok(out);
    }
    // A bare reference (`NcbCode = CountryCode`) must not be quoted: a
    // quoted name alone is a string, not an alias. `render` orders it after
    // its target.
    let bare_ref = schema.get("$ref").is_some();
    Ok(vec![Item::Alias {
        name: name.to_string(),
        doc,
        expr: type_expr(schema, !bare_ref)?,
    }])
}

fn class_of(name: &str, doc: String, schema: &Value) -> Result<Item> {
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields = Vec::new();
    for (field, s) in schema["properties"].as_object().context("properties")? {
        if !is_identifier(field) {
            bail!("{name}.{field} is not a Python identifier: the class syntax cannot name it");
        }
        fields.push(Field {
            name: field.clone(),
            // Class bodies are never evaluated (`from __future__ import
            // annotations`), so names need no quotes there.
            ty: type_expr(s, false)?,
            required: required.contains(field.as_str()),
            doc: first_paragraph(&description(s)),
        });
    }
    Ok(Item::Class {
        name: name.to_string(),
        doc,
        fields,
    })
}

const PY_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !PY_KEYWORDS.contains(&s)
}

/// The Python type of a schema. `quote` writes references as strings, for
/// expressions that are evaluated (aliases) and may name a later class.
fn type_expr(s: &Value, quote: bool) -> Result<String> {
    if let Some(r) = s["$ref"].as_str() {
        let name = r
            .strip_prefix("#/$defs/")
            .with_context(|| format!("unexpected $ref {r}"))?;
        return Ok(if quote { format!("\"{name}\"") } else { name.to_string() });
    }
    if let Some(any) = s["anyOf"].as_array() {
        // The known values of an open list make one `Literal`.
        let consts = any
            .iter()
            .filter_map(|m| m.get("const").map(serde_json::to_string))
            .collect::<Result<Vec<_>, _>>()?;
        let mut members = Vec::new();
        if !consts.is_empty() {
            members.push(format!("Literal[{}]", consts.join(", ")));
        }
        for m in any.iter().filter(|m| m.get("const").is_none()) {
            members.push(type_expr(m, quote)?);
        }
        return Ok(optional_union(members));
    }
    if let Some(c) = s.get("const") {
        return Ok(format!("Literal[{}]", serde_json::to_string(c)?));
    }
    if s.get("oneOf").is_some() || s.get("allOf").is_some() {
        bail!("an inline oneOf/allOf has no name to give it a class: {s}");
    }
    match &s["type"] {
        Value::String(t) => single_type(t, s, quote),
        Value::Array(types) => {
            let members = types
                .iter()
                .map(|t| single_type(t.as_str().context("type name")?, s, quote))
                .collect::<Result<Vec<_>>>()?;
            Ok(optional_union(members))
        }
        Value::Null => Ok("Any".into()),
        other => bail!("unexpected type {other}"),
    }
}

fn single_type(t: &str, s: &Value, quote: bool) -> Result<String> {
    Ok(match t {
        "string" => "str".into(),
        "integer" => "int".into(),
        "number" => "float".into(),
        "boolean" => "bool".into(),
        "null" => "None".into(),
        "array" => {
            if let Some(prefix) = s["prefixItems"].as_array() {
                let items = prefix.iter().map(|p| type_expr(p, quote)).collect::<Result<Vec<_>>>()?;
                format!("Tuple[{}]", items.join(", "))
            } else if s.get("items").is_some() {
                format!("List[{}]", type_expr(&s["items"], quote)?)
            } else {
                "List[Any]".into()
            }
        }
        "object" => {
            if s.get("properties").is_some() {
                bail!("an inline object has no name to give it a class: {s}");
            }
            match s.get("additionalProperties") {
                Some(v @ Value::Object(_)) => format!("Dict[str, {}]", type_expr(v, quote)?),
                _ => "Dict[str, Any]".into(),
            }
        }
        other => bail!("unexpected type {other}"),
    })
}

/// `Optional[X]` when one member is `None`, else a `Union`.
fn optional_union(members: Vec<String>) -> String {
    let has_none = members.iter().any(|m| m == "None");
    let rest: Vec<String> = members.into_iter().filter(|m| m != "None").collect();
    let inner = if rest.len() == 1 {
        rest[0].clone()
    } else {
        format!("Union[{}]", rest.join(", "))
    };
    if has_none { format!("Optional[{inner}]") } else { inner }
}

/// Writes a docstring body, indented.
fn docstring(out: &mut String, doc: &str, indent: &str) {
    if doc.is_empty() {
        return;
    }
    let doc = doc.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let mut lines = doc.lines();
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        let _ = writeln!(out, "{indent}\"\"\"{first}\"\"\"");
    } else {
        let _ = writeln!(out, "{indent}\"\"\"{first}");
        for l in rest {
            if l.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}{}", l.trim_end());
            }
        }
        let _ = writeln!(out, "{indent}\"\"\"");
    }
}

fn comment(out: &mut String, doc: &str, indent: &str) {
    for line in doc.lines() {
        let _ = writeln!(out, "{indent}# {}", line.trim());
    }
}

/// Whether an alias names other definitions (and so must follow them).
fn references(expr: &str, names: &BTreeSet<String>) -> Vec<String> {
    expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| names.contains(*w))
        .map(str::to_string)
        .collect()
}

/// `Head[a, b, c]` → `("Head", ["a", "b", "c"])`, splitting at the top level
/// only, to write long unions one member a line.
fn split_top(expr: &str) -> Option<(&str, Vec<String>)> {
    let open = expr.find('[')?;
    let inner = expr.get(open + 1..)?.strip_suffix(']')?;
    let (mut members, mut current, mut depth) = (Vec::new(), String::new(), 0);
    for c in inner.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                members.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    members.push(current.trim().to_string());
    Some((&expr[..open], members))
}

fn render(items: Vec<Item>, names: &BTreeSet<String>) -> Result<String> {
    // Aliases are evaluated at import: one whose expression names another
    // definition without quotes (`NcbCode = CountryCode`) must follow it.
    // Other references are quoted, and class bodies are never evaluated, so
    // everything else keeps the sorted order.
    let (aliases, classes): (Vec<Item>, Vec<Item>) = items.into_iter().partition(|i| matches!(i, Item::Alias { .. }));
    let mut ordered: Vec<Item> = Vec::new();
    let mut emitted: BTreeSet<String> = BTreeSet::new();
    let mut pending = aliases;
    while !pending.is_empty() {
        let before = pending.len();
        let mut next = Vec::new();
        for item in pending {
            let Item::Alias { name, expr, .. } = &item else {
                continue;
            };
            let unquoted: String = expr.split('"').step_by(2).collect::<Vec<_>>().join(" ");
            if references(&unquoted, names).iter().all(|r| emitted.contains(r)) {
                emitted.insert(name.clone());
                ordered.push(item);
            } else {
                next.push(item);
            }
        }
        if next.len() == before {
            bail!("aliases refer to each other in a cycle");
        }
        pending = next;
    }
    ordered.extend(classes);

    let mut body = String::new();
    for item in &ordered {
        body.push_str("\n\n");
        match item {
            Item::Alias { name, doc, expr } => {
                let line = format!("{name} = {expr}");
                match split_top(expr) {
                    Some((head, members)) if line.len() > 100 => {
                        let _ = writeln!(body, "{name} = {head}[");
                        for m in members {
                            let _ = writeln!(body, "    {m},");
                        }
                        body.push_str("]\n");
                    }
                    _ => {
                        let _ = writeln!(body, "{line}");
                    }
                }
                docstring(&mut body, doc, "");
            }
            Item::Class { name, doc, fields } => {
                let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
                let optional: Vec<&Field> = fields.iter().filter(|f| !f.required).collect();
                let write_fields = |out: &mut String, fs: &[&Field]| {
                    for f in fs {
                        comment(out, &f.doc, "    ");
                        let _ = writeln!(out, "    {}: {}", f.name, f.ty);
                    }
                };
                if optional.is_empty() || required.is_empty() {
                    let total = if required.is_empty() && !fields.is_empty() {
                        ", total=False"
                    } else {
                        ""
                    };
                    let _ = writeln!(body, "class {name}(TypedDict{total}):");
                    docstring(&mut body, doc, "    ");
                    write_fields(&mut body, &fields.iter().collect::<Vec<_>>());
                    if fields.is_empty() && doc.is_empty() {
                        body.push_str("    pass\n");
                    }
                } else {
                    let _ = writeln!(body, "class _{name}Required(TypedDict):");
                    let _ = writeln!(body, "    \"\"\"The required fields of :class:`{name}`.\"\"\"");
                    write_fields(&mut body, &required);
                    let _ = writeln!(body, "\n\nclass {name}(_{name}Required, total=False):");
                    docstring(&mut body, doc, "    ");
                    write_fields(&mut body, &optional);
                }
            }
        }
    }

    let mut out = String::new();
    out.push_str(
        "\"\"\"The documents of the network as `TypedDict`s, for type checkers.\n\
         \n\
         Generated by `cargo xtask py-types` from `schemas/*.schema.json`: never edit by\n\
         hand; `cargo xtask test` fails when this file no longer matches the schemas.\n\
         \n\
         A required field is declared in a `_<Name>Required` base class and the\n\
         optional ones in `<Name>` itself (`total=False`), which says the same as\n\
         `Required[...]` on Python 3.9 without `typing_extensions`.\n\
         \"\"\"\n\
         # @generated\n\
         \n\
         from __future__ import annotations\n\n",
    );
    out.push_str("from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union\n");
    out.push_str("\n__all__ = [\n");
    for name in names {
        let _ = writeln!(out, "    \"{name}\",");
    }
    out.push_str("]\n");
    out.push_str(&body);
    Ok(out)
}

// ---------------------------------------------------------------------------
// Building and installing the wheel

/// Builds the wheel into `target/wheels` (after removing older ncblink
/// wheels there, so that pip cannot pick a stale one) and returns its path.
fn build_wheel(root: &Path, release: bool) -> Result<PathBuf> {
    let python = venv(root, &[MATURIN])?;
    let out = root.join("target/wheels");
    if out.exists() {
        for e in std::fs::read_dir(&out)? {
            let p = e?.path();
            if p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("ncblink-"))
            {
                std::fs::remove_file(&p)?;
            }
        }
    }
    let mut cmd = Command::new(python);
    cmd.args(["-m", "maturin", "build", "--quiet", "-m"])
        .arg(root.join("sdk-python/Cargo.toml"))
        .arg("--out")
        .arg(&out)
        .current_dir(root);
    if release {
        cmd.arg("--release");
    }
    run(&mut cmd)?;
    let wheel = std::fs::read_dir(&out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("ncblink-"))
        })
        .context("maturin built no ncblink wheel")?;
    Ok(wheel)
}

/// A venv at `dir` with the wheel just built and `packages` installed;
/// made anew when `fresh`, else reused (the wheel is reinstalled).
fn wheel_venv(root: &Path, dir: &Path, packages: &[&str], fresh: bool) -> Result<PathBuf> {
    if fresh && dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    if !dir.join("bin/python").exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(dir))?;
    }
    let python = dir.join("bin/python");
    let pip = |args: &[&str]| -> Result<()> {
        run(Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(args)
            .current_dir(root))
    };
    // Only the wheel just built: --no-index keeps PyPI's ncblink out.
    pip(&[
        "--no-index",
        "--find-links",
        "target/wheels",
        "--force-reinstall",
        "--no-deps",
        "ncblink",
    ])?;
    pip(packages)?;
    Ok(python)
}

// ---------------------------------------------------------------------------
// py-test

/// Builds the hub binary the client's tests and benchmark run, and returns
/// its path.
fn build_hub(root: &Path, release: bool) -> Result<PathBuf> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(["build", "--quiet", "-p", "ncblink-hub"]).current_dir(root);
    if release {
        cmd.arg("--release");
    }
    run(&mut cmd)?;
    let bin = root
        .join("target")
        .join(if release { "release" } else { "debug" })
        .join("ncblink-hub");
    if !bin.exists() {
        bail!("cargo built no {}", bin.display());
    }
    Ok(bin)
}

/// Builds, installs and tests the wheel.
pub fn test(root: &Path, release: bool) -> Result<()> {
    build_wheel(root, release)?;
    // A debug hub: the tests measure behaviour, not speed, and the debug
    // build is the one `cargo test` keeps warm.
    let hub = build_hub(root, false)?;
    let venv_dir = root.join("target/py-test-venv");
    let python = wheel_venv(root, &venv_dir, TEST_PACKAGES, true)?;
    let sdk = root.join("sdk-python");
    // From target/, with the venv's `pytest` script (which, unlike
    // `python -m pytest`, puts no directory on sys.path), so that only the
    // installed wheel can be imported.
    let cwd = root.join("target");
    run(Command::new(venv_dir.join("bin/pytest"))
        .env("NCBLINK_HUB_BIN", &hub)
        .arg("-c")
        .arg(sdk.join("pyproject.toml"))
        .arg("--rootdir")
        .arg(&sdk)
        .arg(sdk.join("tests"))
        .current_dir(&cwd))?;
    // The package's own modules, then the public API as a user writes it
    // (mypy takes a package or files, not both); the cache in the fresh venv
    // lets the second run reuse the first's.
    let mypy = |target: &[&std::ffi::OsStr]| -> Result<()> {
        run(Command::new(&python)
            .args(["-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir"])
            .arg(venv_dir.join("mypy-cache"))
            .args(target)
            .current_dir(&cwd))
    };
    mypy(&["-p".as_ref(), "ncblink".as_ref()])?;
    let mut checked = vec![sdk.join("tests/typing_check.py")];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root.join("examples/python"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    examples.sort();
    checked.extend(examples);
    mypy(&checked.iter().map(|p| p.as_os_str()).collect::<Vec<_>>())?;
    run(Command::new(&python)
        .args(["-m", "mypy.stubtest", "ncblink", "--allowlist"])
        .arg(sdk.join("stubtest-allowlist.txt"))
        .current_dir(&cwd))?;
    eprintln!("py-test: pytest, mypy --strict and stubtest passed on the installed wheel");
    Ok(())
}

// ---------------------------------------------------------------------------
// py-bench

/// Builds the release wheel and runs the benchmarks: validation (`args`
/// is its document count), then the checks against a release hub.
pub fn bench(root: &Path, args: &[String]) -> Result<()> {
    build_wheel(root, true)?;
    let hub = build_hub(root, true)?;
    let venv_dir = root.join("target/py-bench-venv");
    // Reused: the competitors take a while to install and are pinned.
    let python = wheel_venv(root, &venv_dir, BENCH_PACKAGES, false)?;
    let models = root.join("target/py-bench");
    std::fs::create_dir_all(&models)?;
    // pydantic v2 models generated from the same schemas, one module each.
    for kind in ["envelope", "check", "record"] {
        run(Command::new(venv_dir.join("bin/datamodel-codegen"))
            .arg("--input")
            .arg(root.join(format!("schemas/{kind}.schema.json")))
            .args(["--input-file-type", "jsonschema"])
            .args(["--output-model-type", "pydantic_v2.BaseModel"])
            .args(["--target-python-version", "3.11", "--disable-timestamp"])
            .arg("--output")
            .arg(models.join(format!("models_{kind}.py")))
            .current_dir(root))?;
    }
    run(crate::figures::with_out(&mut Command::new(&python))
        .arg(root.join("sdk-python/bench/validate_bench.py"))
        .arg("--models")
        .arg(&models)
        .args(args)
        .current_dir(root.join("target")))?;
    run(crate::figures::with_out(&mut Command::new(&python))
        .arg(root.join("sdk-python/bench/checks_bench.py"))
        .arg("--hub")
        .arg(&hub)
        .current_dir(root.join("target")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_expressions() {
        let t = |s: Value| type_expr(&s, true).unwrap();
        assert_eq!(t(json!({"type": "string", "format": "uuid"})), "str");
        assert_eq!(t(json!({"type": ["integer", "null"]})), "Optional[int]");
        assert_eq!(t(json!({"$ref": "#/$defs/Person"})), "\"Person\"");
        assert_eq!(type_expr(&json!({"$ref": "#/$defs/Person"}), false).unwrap(), "Person");
        assert_eq!(
            t(json!({"anyOf": [{"$ref": "#/$defs/Person"}, {"type": "null"}]})),
            "Optional[\"Person\"]"
        );
        assert_eq!(
            t(json!({"type": "array", "items": {"$ref": "#/$defs/X"}})),
            "List[\"X\"]"
        );
        assert_eq!(
            t(json!({"type": ["array", "null"], "prefixItems": [{"type": "integer"}, {"type": "integer"}]})),
            "Optional[Tuple[int, int]]"
        );
        assert_eq!(
            t(json!({"type": "object", "additionalProperties": {"$ref": "#/$defs/T"}})),
            "Dict[str, \"T\"]"
        );
        assert!(type_expr(&json!({"type": "object", "properties": {}}), true).is_err());
    }

    #[test]
    fn enums_become_literals_and_tagged_enums_unions_of_classes() {
        let items = items_of(
            "Recipients",
            &json!({"oneOf": [
                {"const": "all", "type": "string"},
                {"type": "object", "properties": {"ncbs": {"type": "array", "items": {"type": "string"}}}, "required": ["ncbs"]}
            ]}),
        )
        .unwrap();
        let Item::Alias { expr, .. } = &items[0] else {
            panic!("alias first")
        };
        assert_eq!(expr, "Union[Literal[\"all\"], \"RecipientsNcbs\"]");
        let Item::Class { name, fields, .. } = &items[1] else {
            panic!("then the class")
        };
        assert_eq!(name, "RecipientsNcbs");
        assert!(fields[0].required && fields[0].ty == "List[str]");
    }

    #[test]
    fn long_unions_split_at_the_top_level_only() {
        let (head, members) = split_top("Union[Literal[\"a\", \"b\"], \"C\"]").unwrap();
        assert_eq!(head, "Union");
        assert_eq!(members, ["Literal[\"a\", \"b\"]", "\"C\""]);
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("date_of_birth"));
        assert!(!is_identifier("class") && !is_identifier("a-b") && !is_identifier("1a") && !is_identifier(""));
    }

    #[test]
    fn the_committed_schemas_generate_the_committed_file() {
        let root = crate::root();
        let text = generate_types(&root.join("schemas")).unwrap();
        assert!(text.contains("class Envelope(_EnvelopeRequired, total=False):"));
        assert!(text.contains("NcbCode = CountryCode\n"));
    }
}
