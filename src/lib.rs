//! `cbam`: CBAM embedded emissions for cement and aluminium installations.
//!
//! The pipeline: [`read`] spreadsheets → [`validate`] into [`model`] values → [`compute`] specific
//! embedded emissions → [`render`] tables, JSON, XML and PDF. [`cli`] wires it to commands.

pub mod format;
pub mod model;
