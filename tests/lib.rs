//! The generated code of every fixture spec in `fixtures/`, compiled.
//!
//! Warnings are errors here: generated code must compile without any.

#![deny(warnings)]
// Every public item of every fixture carries docs, from the spec or from where it comes from.
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
include!(concat!(env!("OUT_DIR"), "/github.rs"));

/// The README's examples, compiled as doc tests so they cannot drift from the code. They
/// live here, where both the seed clients (a dev-dependency) and the fixtures' clients are
/// in reach.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
