//! The generated code of every fixture spec in `fixtures/`, compiled.
//!
//! Warnings are errors here: generated code must compile without any.

#![deny(warnings)]
// Every public item of every fixture carries docs, from the spec or from where it comes from.
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
