//! `cbam`: CBAM embedded emissions for cement and aluminium installations.
//!
//! The pipeline: [`read`] spreadsheets → [`validate`] into [`model`] values → [`compute`] specific
//! embedded emissions → [`render`] tables, JSON, XML and PDF. [`cli`] wires it to commands.
//! [`format`] defines this project's own spreadsheet formats as data; [`tables`] holds the
//! Commission's reference tables.

pub mod compute;
pub mod format;
pub mod model;
pub mod tables;
