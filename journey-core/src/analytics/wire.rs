//! The pieces of the partial results' binary form shared by the analyses: exact sums as their parts,
//! dictionaries as their names, and the error of bytes that do not hold together.
//! See `docs/partials.md` for the format.

use super::log::Dictionary;
use super::sum::ExactSum;
use crate::error::{Error, Result};

/// The error of a partial whose bytes decode but do not hold together (a count that does not add up, a
/// code past its dictionary): `what` says which.
pub(crate) fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Partial { message: format!("corrupted: {what}") }
}

/// `Ok` when `ok`, else the error of a corrupted partial saying `what`.
pub(crate) fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<()> {
    if ok { Ok(()) } else { Err(corrupt(what())) }
}

/// A dictionary from its names, in code order; refused when a name repeats.
pub(crate) fn dictionary(names: Vec<String>, what: &str) -> Result<Dictionary> {
    Dictionary::from_names(names).ok_or_else(|| corrupt(format!("a name repeats in the {what}")))
}

/// Whether every code is within a dictionary of `len` names.
pub(crate) fn codes_within(codes: impl IntoIterator<Item = u32>, len: usize, what: &str) -> Result<()> {
    for c in codes {
        ensure((c as usize) < len, || format!("{what} code {c} is past the {len} names"))?;
    }
    Ok(())
}

/// An exact sum from its parts, each finite, made canonical again by adding them one by one.
pub(crate) fn exact_sum(parts: &[f64], what: &str) -> Result<ExactSum> {
    let mut s = ExactSum::default();
    for &p in parts {
        ensure(p.is_finite(), || format!("{what}: a part of a sum is {p}, expected a finite number"))?;
        s.add(p);
    }
    Ok(s)
}

/// Implements serde's `Serialize` for a partial type through its wire form (`to_wire(&self)`, sorted so
/// that one partial gives one sequence of bytes) and `Deserialize` through the wire form's `check`, which
/// refuses what does not hold together.
macro_rules! through_wire {
    ($t:ty, $wire:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                self.to_wire().serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                <$wire>::deserialize(d)?.check().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use through_wire;
