#!/usr/bin/env bash
# Cargo for the wasm32-unknown-unknown target, the way scripts/build-wasm.sh builds journey-wasm; sourced by
# build-wasm.sh (wasm_cargo, wasm_target_dir) and run by scripts/test.sh for clippy:
#
#   bash scripts/wasm-cargo.sh clippy -p journey-wasm --all-targets -- -D warnings
#
# Route 1: the wasm32-unknown-unknown target is installed in rustup -> rustup's cargo with `--target ...`.
# Route 2: it is not (rustup cannot download it on the project's machines) -> Debian's Rust, which ships the
#          standard library's sources, builds std for wasm32 itself (-Z build-std), linked with wasm-ld-19;
#          its clippy is Debian's too (rust-web-clippy), of the same compiler.
# The packages route 2 needs are installed with apt-get when they are missing.

wasm_target=wasm32-unknown-unknown
wasm_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

wasm_log() { printf 'wasm-cargo: %s\n' "$*" >&2; }

wasm_sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1 or 2, as above.
wasm_route() {
    if command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$wasm_target"; then
        echo 1
    else
        echo 2
    fi
}

# Where the route's artefacts go: route 2 keeps its own (built by another compiler) apart from rustup's.
wasm_target_dir() {
    if [ "$(wasm_route)" = 1 ]; then echo "$wasm_root/target"; else echo "$wasm_root/target/wasm"; fi
}

# wasm_cargo SUBCOMMAND ARGS...: `cargo SUBCOMMAND --target wasm32-unknown-unknown ARGS...` by the route.
wasm_cargo() {
    local subcommand=$1
    shift
    if [ "$(wasm_route)" = 1 ]; then
        wasm_log "route 1: rustup's cargo with the installed $wasm_target target"
        cargo "$subcommand" --target "$wasm_target" "$@"
        return
    fi
    wasm_log "route 2: $wasm_target is not installed in rustup; Debian's Rust builds std from source (-Z build-std)"
    local missing=()
    [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || missing+=(rustc-web cargo-web)
    [ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] || missing+=(rust-web-src)
    command -v wasm-ld-19 >/dev/null 2>&1 || missing+=(lld-19)
    if [ "$subcommand" = clippy ] && [ ! -x /usr/bin/cargo-clippy ]; then missing+=(rust-web-clippy); fi
    if [ "${#missing[@]}" -gt 0 ]; then
        wasm_log "installing ${missing[*]} with apt-get"
        wasm_sudo_if_needed apt-get update
        wasm_sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    fi
    # RUSTC: rustup's rustc proxy comes first on PATH and has no std sources; use Debian's compiler. Clippy
    # is run as Debian's cargo-clippy (`cargo clippy` would find rustup's first), with Debian's cargo.
    local run=(/usr/bin/cargo "$subcommand")
    if [ "$subcommand" = clippy ]; then run=(env CARGO=/usr/bin/cargo /usr/bin/cargo-clippy clippy); fi
    RUSTC=/usr/bin/rustc \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
        RUSTC_BOOTSTRAP=1 \
        "${run[@]}" --target "$wasm_target" -Z build-std=std,panic_abort --target-dir "$(wasm_target_dir)" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cd "$wasm_root"
    if [ $# -eq 0 ]; then
        echo "usage: bash scripts/wasm-cargo.sh SUBCOMMAND [ARGS...]" >&2
        exit 2
    fi
    wasm_cargo "$@"
fi
