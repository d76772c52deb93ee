//! The generated code of every fixture spec in `fixtures/`, compiled.
//!
//! Warnings are errors here: generated code must compile without any.

#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
