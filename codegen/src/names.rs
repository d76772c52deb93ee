//! Every Rust name the generator emits is decided here, once.
//!
//! Spec names are arbitrary strings (`onwer_id`, `ConnectOA`, `$ref`, `3dSecure`, `>=`); Rust
//! names must be legal, idiomatic and unique in their scope. `heck` does the casing; this
//! module adds what casing alone cannot: keywords, leading digits, symbols, names the
//! generated code itself relies on, and collisions, which a `Namespace` resolves
//! deterministically, in the order names are claimed.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield", "Self",
];

/// Type names the generated `types` module uses unqualified (the prelude's, and serde's
/// derives it imports); a schema must not shadow them.
pub const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "From",
    "Default",
    "Serialize",
    "Deserialize",
];

// The names the generated code introduces itself. Each list is reserved in its scope's
// `Namespace` before any name from the spec is claimed there, so a spec name equal to one of
// them gets a numbered name instead of colliding (the name sweep that `tests/build.rs` writes and compiles takes every one of them).

/// Methods of the generated `Client` besides operations and credential setters; and
/// `client`, the contract tests' helper beside the tests named after the methods.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "client",
    "base_url",
    "with_base_url",
    "with_http_client",
    "with_middleware",
    "with_timeout",
    "with_retry",
    "with_max_response_bytes",
];

/// Fields of the generated `Client` besides one per credential, and arguments of its
/// constructor besides one per credential (a credential's field is also its argument).
pub const CLIENT_FIELDS: &[&str] = &["core", "base_url"];

/// Items of a service module besides the error aliases (`...Error`), response enums
/// (`...Response`), error enums (`...ErrorBody`) and header structs (`...Headers`) claimed
/// for its operations; `Types` keeps a type from reading like the
/// `types` module.
pub const MODULE_ITEMS: &[&str] = &["Call", "Client", "Error", "File", "Secret", "Types"];

/// Every name of the lists above, in their order (a name may appear in several): what a
/// spec must be able to use anywhere without a collision. The name sweep of `tests/build.rs`
/// and the property test draw on it.
pub fn generated_names() -> impl Iterator<Item = &'static str> {
    [
        CLIENT_METHODS,
        CLIENT_FIELDS,
        MODULE_ITEMS,
        OPERATION_LOCALS,
        BUILDER_METHODS,
        SERVICE_MODULES,
        RESERVED_TYPES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// Methods of the struct an operation with optional inputs returns, besides one setter per
/// optional parameter: a parameter is never named like them. The call's own methods are
/// there so that code written against a `Call` keeps compiling when the operation gains its
/// first optional parameter.
pub const BUILDER_METHODS: &[&str] = &["send", "header", "timeout", "retry", "options", "idempotent", "stream"];

/// Modules of a service module besides one per group of operations: a tag is never named
/// like them (`full` and `default` are Cargo features of a standalone crate, whose group
/// features are named after the modules).
pub const SERVICE_MODULES: &[&str] = &["types", "contract_tests", "full", "default", OTHER_TYPES, SERDE_BOTH];

/// The Cargo feature of a standalone crate that derives both serde traits on every type,
/// not only the one its direction needs.
pub const SERDE_BOTH: &str = "serde_both";

/// The Cargo feature of a standalone crate that compiles the types no operation uses
/// (webhook payloads, unused schemas).
pub const OTHER_TYPES: &str = "other_types";

/// Items of the contract tests' module besides one test per operation.
pub const CONTRACT_ITEMS: &[&str] = &["client"];

/// Locals of a generated operation method's body and the bindings of its `match` arms,
/// which a parameter must not shadow (`body` is also the request body's argument); and the
/// locals of its contract test (`client`, `outcome`), where each parameter is a local.
pub const OPERATION_LOCALS: &[&str] = &[
    "body",
    "request",
    "response",
    "value",
    "credential",
    "client",
    "outcome",
];

/// Symbols that make up whole enum values in real specs (`=`, `!=`, `>=`), spelled out so
/// such values still get readable variant names.
const SYMBOLS: &[(char, &str)] = &[
    ('=', "eq"),
    ('!', "not"),
    ('<', "lt"),
    ('>', "gt"),
    ('~', "tilde"),
    ('+', "plus"),
    ('-', "minus"),
    ('*', "star"),
    ('/', "slash"),
    ('%', "percent"),
    ('&', "and"),
    ('|', "or"),
    ('@', "at"),
    ('#', "hash"),
    ('$', "dollar"),
    ('^', "caret"),
    ('.', "dot"),
    (',', "comma"),
    (':', "colon"),
    (';', "semicolon"),
    ('?', "question"),
    ('_', "underscore"),
];

/// The name of a type (struct or enum): `UpperCamelCase`.
pub fn type_name(raw: &str) -> String {
    let name = legal(words(raw).to_upper_camel_case(), "Type", "Schema");
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Schema")
    } else {
        name
    }
}

/// The name of an enum variant: `UpperCamelCase`; a value made only of symbols (`>=`) is
/// spelled out (`GtEq`).
pub fn variant_name(raw: &str) -> String {
    let cased = words(raw).to_upper_camel_case();
    let cased = if cased.is_empty() {
        spelled_out(raw).to_upper_camel_case()
    } else {
        cased
    };
    legal(cased, "Value", "Value")
}

/// The name of a field, parameter, function or module: `snake_case`; keywords get a
/// trailing underscore (`type_`), as `r#` cannot be used for `self`, `super` and `crate`.
pub fn snake_name(raw: &str) -> String {
    let cased = words(raw).to_snake_case();
    let cased = if cased.is_empty() {
        spelled_out(raw).to_snake_case()
    } else {
        cased
    };
    legal(cased, "value", "_")
}

/// Variant name for an integer enum value without an `x-enum-varnames` entry: `Value1`,
/// `ValueMinus1`.
pub fn int_variant_name(value: i64) -> String {
    if value < 0 {
        format!("ValueMinus{}", value.unsigned_abs())
    } else {
        format!("Value{value}")
    }
}

/// Keeps the characters an identifier may contain (letters and digits, by Unicode's XID
/// rules, so `²` or `½` cannot reach `Ident::new`); every other character separates words.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| {
            if c != '_' && unicode_ident::is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

fn spelled_out(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        if let Some((_, word)) = SYMBOLS.iter().find(|(s, _)| *s == c) {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// Makes a cased name a legal identifier: not empty, not starting with a digit, not a
/// keyword (which gets `keyword_suffix`: `type_`, `SelfSchema`).
fn legal(name: String, empty: &str, keyword_suffix: &str) -> String {
    let name = if name.is_empty() { empty.to_owned() } else { name };
    let name = if name.starts_with(|c: char| !unicode_ident::is_xid_start(c)) {
        format!("_{name}")
    } else {
        name
    };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}{keyword_suffix}")
    } else {
        name
    }
}

/// A scope in which every name is unique. The first to claim a name gets it; later ones get
/// a numeric suffix (`Status`, `Status2`). Names the generated code needs in that scope are
/// reserved up front.
#[derive(Debug, Default, Clone)]
pub(crate) struct Namespace {
    used: HashSet<String>,
    /// Between the name and the number: `""` for types (`Status2`), `"_"` for snake-case
    /// names (`status_2`).
    separator: &'static str,
}

impl Namespace {
    /// A namespace for `UpperCamelCase` names.
    pub fn types() -> Self {
        Self {
            used: HashSet::new(),
            separator: "",
        }
    }

    /// A namespace for `snake_case` names.
    pub fn snake() -> Self {
        Self {
            used: HashSet::new(),
            separator: "_",
        }
    }

    /// Reserves names the generated code uses itself.
    pub fn reserve(mut self, names: &[&str]) -> Self {
        self.used.extend(names.iter().map(|n| (*n).to_owned()));
        self
    }

    /// Claims `name` if it is free.
    pub fn try_claim(&mut self, name: String) -> Option<String> {
        self.used.insert(name.clone()).then_some(name)
    }

    /// Claims `name`, or the first free `name{sep}N` for N = 2, 3, ... (no separator after
    /// a trailing `_`, since `type__2` is not snake case).
    pub fn claim(&mut self, name: String) -> String {
        if self.used.insert(name.clone()) {
            return name;
        }
        let separator = if name.ends_with('_') { "" } else { self.separator };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| !self.used.contains(candidate))
            .inspect(|candidate| {
                self.used.insert(candidate.clone());
            })
            .unwrap_or(name) // `(2..)` never ends before finding a free name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for (raw, expected) in [
            ("ZaloOA", "ZaloOa"),
            ("connect_oa_request", "ConnectOaRequest"),
            ("pet-store.Item", "PetStoreItem"),
            ("3dSecure", "_3dSecure"),
            ("", "Type"),
            ("String", "StringSchema"),
            ("Option", "OptionSchema"),
            ("Serialize", "SerializeSchema"),
            ("Self", "SelfSchema"),
            ("self", "SelfSchema"),
            ("Ünïcode", "Ünïcode"),
            ("x²", "X"),
            ("\u{301}a", "A"),
        ] {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn snake_names() {
        for (raw, expected) in [
            ("onwer_id", "onwer_id"),
            ("templateId", "template_id"),
            ("ConnectOA", "connect_oa"),
            ("type", "type_"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("$ref", "ref_"),
            ("X-Request-ID", "x_request_id"),
            ("1st", "_1st"),
            ("__", "underscore_underscore"),
            ("", "value"),
        ] {
            assert_eq!(snake_name(raw), expected, "snake_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        for (raw, expected) in [
            ("HIGH", "High"),
            ("PENDING_REVIEW", "PendingReview"),
            ("in-progress", "InProgress"),
            ("=", "Eq"),
            ("!=", "NotEq"),
            (">=", "GtEq"),
            ("~", "Tilde"),
            ("Self", "SelfValue"),
            ("1", "_1"),
            ("", "Value"),
        ] {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
        assert_eq!(int_variant_name(-100), "ValueMinus100");
        assert_eq!(int_variant_name(2), "Value2");
    }

    #[test]
    fn every_name_is_a_legal_identifier() {
        let odd = [
            "",
            "_",
            "__",
            "9",
            "٣x",
            "x²",
            "½",
            "\u{301}",
            "a\u{200d}b",
            "🦀",
            "self",
            "Self",
            "super",
            "crate",
            "r#type",
            "a b",
            "-1",
            "::",
            "\"",
            "\u{0}",
            "ǅemo",
            "ﬁle",
            "İstanbul",
            "ß",
            "日本語",
            "𝒳",
            "x\u{FE0F}",
        ];
        for raw in odd {
            for name in [type_name(raw), variant_name(raw), snake_name(raw)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{raw:?} gave the illegal identifier {name:?}"
                );
            }
        }
    }

    #[test]
    fn collisions_get_numbers_in_claim_order() {
        let mut ns = Namespace::types().reserve(&["Other"]);
        assert_eq!(ns.claim(variant_name("asc")), "Asc");
        assert_eq!(ns.claim(variant_name("ASC")), "Asc2");
        assert_eq!(ns.claim(variant_name("other")), "Other2");
        let mut ns = Namespace::snake();
        assert_eq!(ns.claim(snake_name("fooBar")), "foo_bar");
        assert_eq!(ns.claim(snake_name("foo_bar")), "foo_bar_2");
        assert_eq!(ns.claim(snake_name("foo-bar")), "foo_bar_3");
        assert_eq!(ns.claim(snake_name("type")), "type_");
        assert_eq!(ns.claim(snake_name("type")), "type_2");
    }
}
