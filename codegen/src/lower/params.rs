//! Parameters: their types, and how each is passed to the method, written on the wire and
//! checked before sending. Every such decision is made here, once, so emit only prints.

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, SchemaKind, Type};

use super::Lowerer;
use super::schema::SchemaRef;
use crate::diagnostics::pointer_push;
use crate::ir::{Check, Encoding, Param, ParamLocation, Passing, Text, Ty};
use crate::names::{self, Namespace};

/// OpenAPI's `style` and `explode` of a parameter, or `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Form { explode: bool },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Json,
}

/// A bound as the spec writes it, before it is fitted to the parameter's type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Number {
    Int(i64),
    Float(f64),
}

/// The constraints a parameter's schema sets, as the spec writes them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Constraints {
    minimum: Option<(Number, bool)>,
    maximum: Option<(Number, bool)>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    min_items: Option<usize>,
    max_items: Option<usize>,
}

impl Lowerer<'_> {
    /// Lowers one parameter; its Rust name is claimed in `names_in_scope`.
    pub(super) fn param(
        &mut self,
        param: &Parameter,
        hint: &str,
        names_in_scope: &mut Namespace,
        at: &str,
    ) -> Option<Param> {
        let data = param.parameter_data_ref();
        let (location, style) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, Style::Form { explode: false }),
            Parameter::Query { style, .. } => {
                let style = match style {
                    QueryStyle::Form => Style::Form {
                        explode: data.explode.unwrap_or(true),
                    },
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                };
                (ParamLocation::Query, style)
            }
            Parameter::Header { .. } => (ParamLocation::Header, Style::Form { explode: false }),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, Style::Form { explode: true }),
        };
        let (schema_at, schema, style) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (pointer_push(at, "schema"), Some(schema), style),
            // `content` holds one media type, whose schema describes a serialized value.
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, media_type)) => (
                    pointer_push(&pointer_push(&pointer_push(at, "content"), media), "schema"),
                    media_type.schema.as_ref(),
                    Style::Json,
                ),
                None => (pointer_push(at, "content"), None, Style::Json),
            },
        };
        let ty = match schema {
            Some(schema) => self.schema_ty(schema.into(), &format!("{hint} {}", data.name), &schema_at),
            None => Ty::Json,
        };
        // A required parameter (a path's always is) has no text for `null`: FastAPI writes
        // `int | None` for a path parameter it still requires.
        let nullable = schema.is_some_and(|schema| self.is_nullable(schema.into()));
        if (data.required || location == ParamLocation::Path) && nullable {
            self.warning(
                schema_at.clone(),
                format!(
                    "required parameter `{}` may be null by its schema, but a required parameter has no text for null: it takes a value",
                    data.name,
                ),
            );
        }
        // A parameter's items are text on the wire, where there is no `null` to send (nor a
        // file); one sent as JSON keeps null items. Its own null is its `Option` either way
        // (or, required, no null at all: warned about above).
        let ty = match (style, ty) {
            (Style::Json, Ty::Nullable(inner)) => *inner,
            (Style::Json, ty) => ty,
            (_, ty) => self.text_items(ty, &schema_at, &data.name),
        };
        // Decisions look through aliases (`PetId = i64` is an integer, not an object).
        let shape = self.resolved(&ty).clone();
        let is_object = self.is_object(&shape);
        // Outside the query string a value must be one piece of text (a list in a header is
        // joined with commas), unless it is sent as JSON; and a list's items must each be one
        // piece of text wherever it goes, and one `Display` writes correctly when joined.
        let (items_are_text, items_are_dates) = match &shape {
            Ty::Vec(item) => {
                let item = self.resolved(item);
                (self.is_text(item), matches!(item, Ty::DateTime | Ty::UnixTime))
            }
            _ => (true, false),
        };
        // `deepObject` brackets nested values (`lines[][amount]=1`), as form bodies do.
        let is_list = matches!(shape, Ty::Vec(_));
        let deep_list = location == ParamLocation::Query && style == Style::DeepObject && is_list;
        let joined = is_list && matches!(encoding(location, style, &shape, false), Encoding::Joined(_));
        let as_text = (!items_are_text && !deep_list)
            || (items_are_dates && joined)
            || match location {
                ParamLocation::Query => false,
                ParamLocation::Header => is_object,
                ParamLocation::Path | ParamLocation::Cookie => is_object || is_list,
            };
        let (ty, shape) = if as_text && style != Style::Json {
            self.warning(
                at,
                format!(
                    "parameter `{}` is not a single value; it is passed as a string the caller formats",
                    data.name
                ),
            );
            (Ty::String, Ty::String)
        } else {
            (ty, shape)
        };
        let constraints = schema.map(|s| self.constraints(s.into())).unwrap_or_default();
        let encoding = encoding(location, style, &shape, self.is_nested(&shape));
        let required = data.required || location == ParamLocation::Path;
        let mut checks = self.checks(&constraints, &shape, &schema_at);
        // An empty list in a style that writes one pair per item sends nothing, which the
        // server reads as missing: a required one is refused before sending. (Joined
        // styles send `name=`, an empty value, which is how they write an empty list.)
        let at_least_one = checks
            .iter()
            .any(|c| matches!(c, Check::Items { min: Some(n), .. } if *n > 0));
        if required && matches!(encoding, Encoding::Repeated) && !at_least_one {
            checks.push(Check::NotEmpty);
        }
        Some(Param {
            name: names_in_scope.claim(names::snake_name(&data.name)),
            wire_name: data.name.clone(),
            location,
            passing: self.passing(&shape),
            encoding,
            text: match shape {
                Ty::DateTime => Text::Rfc3339,
                Ty::UnixTime => Text::EpochSeconds,
                _ => Text::Display,
            },
            checks,
            ty,
            required,
            doc: data.description.clone(),
        })
    }

    /// How a value of `ty` is taken by a method: by value for small `Copy` types, by
    /// reference otherwise, `&str` and `&[T]` for strings and lists.
    pub(super) fn passing(&self, ty: &Ty) -> Passing {
        match self.resolved(ty) {
            // `Option<T>` is taken as `Option` of how `T` is taken (`Option<&str>`).
            Ty::Nullable(inner) => self.passing(inner),
            Ty::String => Passing::Str,
            Ty::Vec(_) => Passing::Slice,
            Ty::Named(name) if self.int_enums.contains(name) => Passing::Value,
            ty if ty.is_copy() => Passing::Value,
            _ => Passing::Ref,
        }
    }

    /// Whether values of `ty` have properties (maps, structs, unions, any JSON) rather than
    /// being one piece of text.
    fn is_object(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Map(_) | Ty::Json => true,
            Ty::Named(n) => !self.int_enums.contains(n) && !self.string_enums.contains(n),
            _ => false,
        }
    }

    /// Whether a value of `ty`, or an item of it, has properties or items of its own.
    fn is_nested(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Vec(item) => !self.is_text(self.resolved(item)),
            ty => self.is_object(ty),
        }
    }

    /// A parameter sent as text: list items and map values that may be null lose their
    /// `Option` (text has no null), with a warning, and a file is the text the caller
    /// gives.
    fn text_items(&mut self, ty: Ty, at: &str, name: &str) -> Ty {
        let ty = match ty {
            Ty::Nullable(inner) => *inner,
            ty => ty,
        };
        let (ty, stripped) = without_nullable_items(ty);
        if stripped {
            self.warning(
                at,
                format!(
                    "the items of parameter `{name}` may be null by its schema, but a parameter is text, which has \
                     no null: its items take values"
                ),
            );
        }
        ty
    }

    /// The type an alias of the `types` module stands for (through chains of aliases), or
    /// `ty` itself.
    pub(super) fn resolved<'t>(&'t self, mut ty: &'t Ty) -> &'t Ty {
        // Alias cycles are reported elsewhere; a bound keeps this from looping on one.
        for _ in 0..64 {
            match ty {
                Ty::Named(name) => match self.aliases.get(name) {
                    Some(target) => ty = target,
                    None => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// Whether a value of `ty` is one piece of text on the wire (`Display`): numbers,
    /// booleans, strings, dates and enums.
    pub(super) fn is_text(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Vec(_) | Ty::Map(_) | Ty::Json | Ty::File => false,
            Ty::Named(n) => self.int_enums.contains(n) || self.string_enums.contains(n),
            _ => true,
        }
    }

    /// The constraints a parameter's schema sets on its value (through one `$ref`).
    fn constraints(&self, schema: SchemaRef<'_>) -> Constraints {
        let schema = match schema {
            SchemaRef::Inline(schema) => Some(schema),
            SchemaRef::Ref(reference) => self.component(reference),
        };
        let Some(schema) = schema else {
            return Constraints::default();
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(i)) => Constraints {
                minimum: i.minimum.map(|m| (Number::Int(m), i.exclusive_minimum)),
                maximum: i.maximum.map(|m| (Number::Int(m), i.exclusive_maximum)),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Number(n)) => Constraints {
                minimum: n.minimum.map(|m| (Number::Float(m), n.exclusive_minimum)),
                maximum: n.maximum.map(|m| (Number::Float(m), n.exclusive_maximum)),
                ..Constraints::default()
            },
            SchemaKind::Type(Type::String(s)) => Constraints {
                min_length: s.min_length,
                max_length: s.max_length,
                ..Constraints::default()
            },
            SchemaKind::Type(Type::Array(a)) => Constraints {
                min_items: a.min_items,
                max_items: a.max_items,
                ..Constraints::default()
            },
            _ => Constraints::default(),
        }
    }

    /// The checks of `c` on a value of `ty`, with bounds fitted to the type. A bound the
    /// type cannot represent is left out with a warning at `at`.
    fn checks(&mut self, c: &Constraints, ty: &Ty, at: &str) -> Vec<Check> {
        let mut checks = Vec::new();
        match ty {
            Ty::I32 => checks.extend(self.int_range(c, i64::from(i32::MIN), i64::from(i32::MAX), "i32", at)),
            Ty::I64 | Ty::I64String => checks.extend(self.int_range(c, i64::MIN, i64::MAX, "i64", at)),
            Ty::F32 | Ty::F64 => checks.extend(self.float_checks(c, *ty == Ty::F32, at)),
            Ty::String if c.min_length.is_some() || c.max_length.is_some() => checks.push(Check::Length {
                min: c.min_length,
                max: c.max_length,
            }),
            Ty::Vec(_) if c.min_items.is_some() || c.max_items.is_some() => checks.push(Check::Items {
                min: c.min_items,
                max: c.max_items,
            }),
            _ => {}
        }
        checks
    }

    /// Integer bounds made inclusive, and left out where the type cannot cross them anyway.
    fn int_range(&mut self, c: &Constraints, lo: i64, hi: i64, type_name: &str, at: &str) -> Option<Check> {
        let mut inclusive = |bound: Option<(Number, bool)>, keyword: &str, up: bool| -> Option<i64> {
            let (number, exclusive) = bound?;
            // The least (for a minimum) or greatest (for a maximum) integer allowed.
            let value = match number {
                Number::Int(v) => match (exclusive, up) {
                    (false, _) => i128::from(v),
                    (true, true) => i128::from(v) + 1,
                    (true, false) => i128::from(v) - 1,
                },
                // `x > 1.5` allows 2 and `x >= 1.5` allows 2; `x < 1.5` and `x <= 1.5` allow 1.
                Number::Float(v) if v.is_finite() && v.abs() < 1e30 => match (exclusive, up) {
                    (true, true) => v.floor() as i128 + 1,
                    (false, true) => v.ceil() as i128,
                    (true, false) => v.ceil() as i128 - 1,
                    (false, false) => v.floor() as i128,
                },
                // Past the type's end in the direction the bound limits: never fails.
                Number::Float(v) if (up && v < 0.0) || (!up && v > 0.0) => return None,
                Number::Float(v) => {
                    self.warning(
                        pointer_push(at, keyword),
                        format!("`{keyword}: {v:e}` is beyond every {type_name}; it is not checked"),
                    );
                    return None;
                }
            };
            let fits = (i128::from(lo)..=i128::from(hi)).contains(&value);
            // A bound past the type's own end in the direction it limits never fails.
            let vacuous = if up {
                value <= i128::from(lo)
            } else {
                value >= i128::from(hi)
            };
            if vacuous {
                return None;
            }
            if !fits {
                self.warning(
                    pointer_push(at, keyword),
                    format!("`{keyword}` is beyond every {type_name}, so no value can satisfy it; it is not checked"),
                );
                return None;
            }
            i64::try_from(value).ok()
        };
        let min = inclusive(c.minimum, "minimum", true);
        let max = inclusive(c.maximum, "maximum", false);
        (min.is_some() || max.is_some()).then_some(Check::IntRange { min, max })
    }

    /// Number bounds, exclusive ones as `Above`/`Below`; each must be finite in the
    /// parameter's type (`1e300` is no `f32`).
    fn float_checks(&mut self, c: &Constraints, is_f32: bool, at: &str) -> Vec<Check> {
        let mut fitted = |bound: Option<(Number, bool)>, keyword: &str| -> Option<(f64, bool)> {
            let (number, exclusive) = bound?;
            let value = match number {
                Number::Int(v) => v as f64,
                Number::Float(v) => v,
            };
            let finite = if is_f32 {
                (value as f32).is_finite()
            } else {
                value.is_finite()
            };
            if !finite {
                let ty = if is_f32 { "f32" } else { "f64" };
                self.warning(
                    pointer_push(at, keyword),
                    format!("`{keyword}: {value:e}` cannot be represented as an {ty}; it is not checked"),
                );
                return None;
            }
            Some((value, exclusive))
        };
        let (minimum, maximum) = (fitted(c.minimum, "minimum"), fitted(c.maximum, "maximum"));
        let mut checks = Vec::new();
        if let Some((bound, true)) = minimum {
            checks.push(Check::Above(bound));
        }
        if let Some((bound, true)) = maximum {
            checks.push(Check::Below(bound));
        }
        let inclusive = |b: Option<(f64, bool)>| b.filter(|(_, exclusive)| !exclusive).map(|(v, _)| v);
        let (min, max) = (inclusive(minimum), inclusive(maximum));
        if min.is_some() || max.is_some() {
            checks.push(Check::FloatRange { min, max });
        }
        checks
    }
}

/// How a value of `ty` is written at `location` in `style`; `nested` when the value (or a
/// list's items) has properties or items of its own.
fn encoding(location: ParamLocation, style: Style, ty: &Ty, nested: bool) -> Encoding {
    let joined = |separator: &str| Encoding::Joined(separator.to_owned());
    let is_object = nested;
    match (location, style, ty) {
        (_, Style::Json, _) => Encoding::Json,
        (ParamLocation::Query, Style::DeepObject, Ty::Vec(_)) if nested => Encoding::DeepObject,
        (ParamLocation::Query, Style::Form { explode: true } | Style::DeepObject, Ty::Vec(_)) => Encoding::Repeated,
        (ParamLocation::Query, Style::SpaceDelimited, Ty::Vec(_)) => joined(" "),
        (ParamLocation::Query, Style::PipeDelimited, Ty::Vec(_)) => joined("|"),
        (ParamLocation::Query | ParamLocation::Header, _, Ty::Vec(_)) => joined(","),
        (ParamLocation::Query, Style::DeepObject, _) if is_object => Encoding::DeepObject,
        (ParamLocation::Query, Style::Form { explode: false }, _) if is_object => Encoding::ObjectJoined,
        (ParamLocation::Query, _, _) if is_object => Encoding::ObjectPairs,
        _ => Encoding::Scalar,
    }
}

/// `Vec<Option<T>>` and maps of `Option<T>` as `Vec<T>` and maps of `T`, and whether any
/// `Option` was taken off.
fn without_nullable_items(ty: Ty) -> (Ty, bool) {
    match ty {
        Ty::Vec(item) => {
            let (item, stripped) = without_nullable_items(*item);
            (Ty::Vec(Box::new(item)), stripped)
        }
        Ty::Map(value) => {
            let (value, stripped) = without_nullable_items(*value);
            (Ty::Map(Box::new(value)), stripped)
        }
        Ty::Nullable(inner) => (without_nullable_items(*inner).0, true),
        // A parameter is text; a binary string in one is the text the caller gives.
        Ty::File => (Ty::String, false),
        other => (other, false),
    }
}
