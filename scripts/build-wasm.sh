#!/usr/bin/env bash
# Builds the WebAssembly package: journey-wasm/pkg/{node,web} and journey-wasm/pkg/package.json, the npm
# package journey-maps (`npm pack journey-wasm/pkg` packs it).
#
# Cargo builds for wasm32-unknown-unknown by one of two routes (see scripts/wasm-cargo.sh, which clippy uses
# too): rustup's target when it is installed, else Debian's Rust building std from source.
# Then wasm-bindgen (exactly the version of the wasm-bindgen crate in Cargo.lock) writes the JS glue twice.
# Idempotent: run it again after any change; cargo and wasm-bindgen only redo what changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pkg="$root/journey-wasm/pkg"
# shellcheck source=scripts/wasm-cargo.sh
. "$root/scripts/wasm-cargo.sh"

log() { printf 'build-wasm: %s\n' "$*" >&2; }

route="$(wasm_route)"
wasm_cargo build --release -p journey-wasm
wasm="$(wasm_target_dir)/$wasm_target/release/journey_wasm.wasm"

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
        '  Object.assign(module.exports, __journeyGuard(classes, { diff: module.exports.diff, mergePartials: module.exports.mergePartials }));' \
        '}'
} >>"$pkg/node/journey_wasm.js"
{
    printf '\n'
    cat "$root/journey-wasm/js/guard.js"
    printf '%s\n' '{' \
        '  const guarded = __journeyGuard([Journey, JourneyBuilder, EventLog, JourneyPartial, CompareInputs], { diff, mergePartials });' \
        '  diff = guarded.diff;' \
        '  mergePartials = guarded.mergePartials;' \
        '}'
} >>"$pkg/web/journey_wasm.js"
# Journey, EventLog, JourneyPartial and CompareInputs are not made by calling them: their constructors only
# throw the core's error saying how one is made (journey-wasm/src/constructors.rs, partial.rs). TypeScript is
# told so: wasm-bindgen declares them public.
for dts in "$pkg/node/journey_wasm.d.ts" "$pkg/web/journey_wasm.d.ts"; do
    sed -i 's/^    constructor();$/    private constructor();/' "$dts"
    found="$(grep -c '^    private constructor();$' "$dts" || true)"
    if [ "$found" != 4 ]; then
        log "expected the 4 constructors that only throw (Journey, EventLog, JourneyPartial, CompareInputs) in $dts, found $found"
        exit 1
    fi
done
# The nodejs glue is CommonJS and the web glue an ES module; say so, so Node and bundlers read each right.
printf '{ "type": "commonjs" }\n' >"$pkg/node/package.json"
printf '{ "type": "module" }\n' >"$pkg/web/package.json"

version="$(awk -F'"' '/^version = / { print $2; exit }' "$root/Cargo.toml")"
repository="$(awk -F'"' '/^repository = / { print $2; exit }' "$root/Cargo.toml")"
cat >"$pkg/package.json" <<JSON
{
  "name": "journey-maps",
  "version": "$version",
  "description": "Customer journey maps as data, in the browser and in Node (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "keywords": ["customer journey", "journey map", "service blueprint", "funnel", "attribution", "wasm"],
  "repository": { "type": "git", "url": "$repository" },
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
  "files": ["node", "web", "README.md"],
  "sideEffects": false
}
JSON

cp "$root/journey-wasm/README.md" "$pkg/README.md"

size="$(wc -c <"$pkg/web/journey_wasm_bg.wasm")"
log "done (route $route): $pkg/node, $pkg/web ($size bytes of wasm)"
