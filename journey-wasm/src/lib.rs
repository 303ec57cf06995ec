//! WebAssembly bindings (to be written).
