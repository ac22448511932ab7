//! Gives the shared library its SONAME, so that programs linked against
//! `libncblink.so` record `libncblink.so.0` and keep working across 0.x
//! updates that `cargo xtask c-install` puts behind that name.

fn main() {
    // Only ELF linkers know -soname; macOS uses install_name, Windows none.
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if target_os != "macos" && target_os != "ios" && target_os != "windows" && target_env != "msvc" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libncblink.so.0");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
