//! CSV sheets (placeholder)
