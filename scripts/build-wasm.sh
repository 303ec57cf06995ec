#!/usr/bin/env bash
# Builds the WebAssembly package: journey-wasm/pkg/{node,web} and journey-wasm/pkg/package.json.
#
# Route 1: the wasm32-unknown-unknown target is installed in rustup -> plain `cargo build --target ...`.
# Route 2: it is not (rustup cannot download it on the project's machines) -> Debian's Rust, which ships the
#          standard library's sources, builds std for wasm32 itself (-Z build-std), linked with wasm-ld-19.
# Then wasm-bindgen (exactly the version of the wasm-bindgen crate in Cargo.lock) writes the JS glue twice.
# Idempotent: run it again after any change; cargo and wasm-bindgen only redo what changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target=wasm32-unknown-unknown
pkg="$root/journey-wasm/pkg"

log() { printf 'build-wasm: %s\n' "$*" >&2; }

sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    route=1
    log "route 1: rustup's cargo with the installed $target target"
    cargo build --release --target "$target" -p journey-wasm
    wasm="$root/target/$target/release/journey_wasm.wasm"
else
    route=2
    log "route 2: $target is not installed in rustup; Debian's Rust builds std from source (-Z build-std)"
    missing=()
    [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] || missing+=(rustc-web cargo-web)
    [ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] || missing+=(rust-web-src)
    command -v wasm-ld-19 >/dev/null 2>&1 || missing+=(lld-19)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]} with apt-get"
        sudo_if_needed apt-get update
        sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y rustc-web cargo-web rust-web-src lld-19
    fi
    # RUSTC: rustup's rustc proxy comes first on PATH and has no std sources; use Debian's compiler.
    # The own target dir keeps these artefacts (built by another compiler) apart from rustup's.
    RUSTC=/usr/bin/rustc \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
        RUSTC_BOOTSTRAP=1 \
        /usr/bin/cargo build --release --target "$target" -Z build-std=std,panic_abort \
        -p journey-wasm --target-dir "$root/target/wasm"
    wasm="$root/target/wasm/$target/release/journey_wasm.wasm"
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate the build used.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if [ -z "$want" ]; then
    log "cannot find the wasm-bindgen version in Cargo.lock"
    exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (found '${have:-none}')"
    cargo install wasm-bindgen-cli --version "$want"
fi

rm -rf "$pkg/node" "$pkg/web"
wasm-bindgen --target nodejs --out-dir "$pkg/node" "$wasm"
wasm-bindgen --target web --out-dir "$pkg/web" "$wasm"
# The guard (journey-wasm/js/guard.js) makes the glue's own argument checks throw JourneyErrors with a kind.
{
    printf '\n'
    cat "$root/journey-wasm/js/guard.js"
    printf '%s\n' '{' \
        '  const classes = Object.values(module.exports).filter((v) => typeof v === "function" && /^class /.test(String(v)));' \
        '  Object.assign(module.exports, __journeyGuard(classes, { diff: module.exports.diff }));' \
        '}'
} >>"$pkg/node/journey_wasm.js"
{
    printf '\n'
    cat "$root/journey-wasm/js/guard.js"
    printf '%s\n' '{' \
        '  const guarded = __journeyGuard([Journey, JourneyBuilder, EventLog], { diff });' \
        '  diff = guarded.diff;' \
        '}'
} >>"$pkg/web/journey_wasm.js"
# The nodejs glue is CommonJS and the web glue an ES module; say so, so Node and bundlers read each right.
printf '{ "type": "commonjs" }\n' >"$pkg/node/package.json"
printf '{ "type": "module" }\n' >"$pkg/web/package.json"

version="$(awk -F'"' '/^version = / { print $2; exit }' "$root/Cargo.toml")"
cat >"$pkg/package.json" <<JSON
{
  "name": "journey-wasm",
  "version": "$version",
  "description": "Customer journey maps as data, in the browser and in Node (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "main": "./node/journey_wasm.js",
  "module": "./web/journey_wasm.js",
  "browser": "./web/journey_wasm.js",
  "types": "./node/journey_wasm.d.ts",
  "exports": {
    ".": {
      "node": {
        "types": "./node/journey_wasm.d.ts",
        "default": "./node/journey_wasm.js"
      },
      "browser": {
        "types": "./web/journey_wasm.d.ts",
        "default": "./web/journey_wasm.js"
      },
      "types": "./web/journey_wasm.d.ts",
      "default": "./web/journey_wasm.js"
    },
    "./node": {
      "types": "./node/journey_wasm.d.ts",
      "default": "./node/journey_wasm.js"
    },
    "./web": {
      "types": "./web/journey_wasm.d.ts",
      "default": "./web/journey_wasm.js"
    },
    "./package.json": "./package.json"
  },
  "files": ["node", "web"],
  "sideEffects": false
}
JSON

size="$(wc -c <"$pkg/web/journey_wasm_bg.wasm")"
log "done (route $route): $pkg/node, $pkg/web ($size bytes of wasm)"
