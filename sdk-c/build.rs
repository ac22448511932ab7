//! Gives the shared library its SONAME, `libncblink.so.0.MINOR` before 1.0
//! and `libncblink.so.MAJOR` after (cargo-c's convention): a 0.x minor
//! release may break the ABI, so a program linked against 0.1 must not load
//! 0.2's library under the same name.

fn main() {
    // Only ELF linkers know -soname; macOS uses install_name, Windows none.
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if target_os != "macos" && target_os != "ios" && target_os != "windows" && target_env != "msvc" {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
        let abi = if major == "0" { format!("0.{minor}") } else { major };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libncblink.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
