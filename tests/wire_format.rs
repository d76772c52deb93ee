//! The generated models decode what the real servers send, and write it back unchanged.
//!
//! Inputs are the vendor pages' examples (`shared/seeds/`) and the quirks listed in
//! `shared/api-facts.md`: int64 as strings, the misspelled `onwer_id`, enum values the docs
//! do not list, the zero time, epoch-second decimals, envelopes failing on HTTP 200.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use openapi_client_runtime::Envelope;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use zalo_api_clients::gobysend::types::{
    Template, TemplateListResponse, TemplateQuality, TemplateStatus, TemplateStatusFilter, TemplateTag,
};
use zalo_api_clients::sencloud::types::{
    ConnectOaRequest, ConnectionMethod, ConnectionStatus, TwirpError, TwirpErrorCode, ZaloOa, ZnsQuality,
};

/// Decodes `json`, encodes the value again, and checks that decoding that gives the same
/// value: nothing is lost either way.
#[track_caller]
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(json: &str) -> (T, Value) {
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("does not decode: {e}\n{json}"));
    let written = serde_json::to_value(&value).expect("encodes");
    let again: T = serde_json::from_value(written.clone()).expect("re-decodes");
    assert_eq!(value, again, "the value changed in a round trip");
    (value, written)
}

/// The example response of `GET /api/template/all`, exactly as the vendor page prints it.
const GOBYSEND_SEED_EXAMPLE: &str = r#"{
"error": 0,
"message": "Success",
"data": [
{
"createdAt": 1634720490.000000000,
"updatedAt": 1634720490.000000000,
"price": 300.0,
"oaId": 5,
"zaloOaId": "3409209006176399066",
"templateId": 214430,
"templateName": "OTP Xác nhận giao dịch",
"status": "ENABLE",
"templateQuality": "HIGH",
"listParams": [
{
"name": "otp",
"require": true,
"type": "STRING",
"maxLength": 10,
"minLength": 0,
"acceptNull": false
}
],
"timeout": 15000,
"previewUrl": "https://zns.oa.zalo.me/znspreview/BISvOFghnw9uv3XOU6iz3g==",
"templateTag": "OTP",
"applyTemplateQuota": false,
"templateDailyQuota": 0,
"templateRemainingQuota": 0
}
],
"metadata": {
"total": 1,
"page": 0,
"size": 10
}
}"#;

#[test]
fn gobysend_seed_example_decodes_and_round_trips() {
    let (page, written) = round_trip::<TemplateListResponse>(GOBYSEND_SEED_EXAMPLE);
    assert_eq!(page.error, 0);
    assert_eq!(page.message.as_deref(), Some("Success"));
    assert_eq!(page.failure(), None, "error 0 is success");
    let metadata = page.metadata.as_ref().expect("metadata");
    assert_eq!(
        (metadata.total, metadata.page, metadata.size),
        (Some(1), Some(0), Some(10))
    );

    let data = page.data.as_ref().expect("data");
    assert_eq!(data.len(), 1);
    let t = &data[0];
    assert_eq!(t.template_id, 214430);
    assert_eq!(t.template_name, "OTP Xác nhận giao dịch");
    assert_eq!(
        t.created_at,
        Some(DateTime::<Utc>::from_timestamp(1634720490, 0).expect("valid"))
    );
    assert_eq!(t.updated_at, t.created_at);
    assert_eq!(t.price, Some(300.0));
    assert_eq!(t.oa_id, Some(5));
    assert_eq!(t.zalo_oa_id.as_deref(), Some("3409209006176399066"));
    assert_eq!(t.status, Some(TemplateStatus::Enable));
    assert_eq!(t.template_quality, Some(TemplateQuality::High));
    assert_eq!(t.template_tag, Some(TemplateTag::Otp));
    assert_eq!(t.timeout, Some(15000));
    assert_eq!(t.apply_template_quota, Some(false));
    assert_eq!(
        (t.template_daily_quota, t.template_remaining_quota),
        (Some(Some(0)), Some(Some(0)))
    );
    let param = &t.list_params.as_ref().expect("listParams")[0];
    assert_eq!(param.name.as_deref(), Some("otp"));
    assert_eq!(param.require, Some(true));
    assert_eq!(param.type_.as_deref(), Some("STRING"));
    assert_eq!((param.min_length, param.max_length), (Some(0), Some(10)));
    assert_eq!(param.accept_null, Some(false));

    // Wire names are kept exactly; epoch seconds are written back as numbers.
    let template = &written["data"][0];
    assert_eq!(template["templateId"], json!(214430));
    assert_eq!(template["createdAt"], json!(1634720490));
    assert_eq!(template["listParams"][0]["acceptNull"], json!(false));
}

#[test]
fn gobysend_error_envelope_on_http_200_is_a_failure() {
    let page: TemplateListResponse =
        serde_json::from_str(r#"{"error": -105, "message": "Application is not linked to an OA"}"#).expect("decodes");
    let failure = page.failure().expect("error != 0 is a failure");
    assert_eq!(failure.code, "-105");
    assert_eq!(failure.message.as_deref(), Some("Application is not linked to an OA"));
    assert_eq!(page.data, None);
}

#[test]
fn gobysend_quirks_decode() {
    // Unlisted enum values, quotas that are null or absent, fractional epoch seconds,
    // and a field the spec does not know.
    let json = r#"{"templateId": 1, "templateName": "n", "status": "LOCKED",
        "templateQuality": "unknown", "templateTag": "PROMOTION",
        "createdAt": 1634720490.5, "templateDailyQuota": null, "brandNew": {"x": 1}}"#;
    let (t, written) = round_trip::<Template>(json);
    assert_eq!(t.status, Some(TemplateStatus::Other("LOCKED".into())));
    assert_eq!(t.template_quality, Some(TemplateQuality::Other("unknown".into())));
    assert_eq!(t.template_tag, Some(TemplateTag::Other("PROMOTION".into())));
    assert_eq!(t.created_at.map(|at| at.timestamp_subsec_millis()), Some(500));
    // Optional and nullable: `null` and absent are two states, written back as they came.
    assert_eq!(t.template_daily_quota, Some(None));
    assert_eq!(t.template_remaining_quota, None);
    assert_eq!(
        written["status"],
        json!("LOCKED"),
        "unlisted values are written back unchanged"
    );
    assert_eq!(written["templateQuality"], json!("unknown"));
    assert_eq!(written["createdAt"], json!(1634720490.5));
    assert!(written.get("brandNew").is_none(), "unknown fields are ignored");
    assert_eq!(
        written["templateDailyQuota"],
        json!(null),
        "a null is written back as null"
    );
    assert!(
        written.get("templateRemainingQuota").is_none(),
        "absent optional fields stay absent"
    );
}

#[test]
fn gobysend_required_fields_are_required() {
    let err = serde_json::from_str::<Template>(r#"{"templateName": "n"}"#).unwrap_err();
    assert!(err.to_string().contains("templateId"), "{err}");
}

#[test]
fn gobysend_status_filter_is_an_open_integer_enum() {
    assert_eq!(
        serde_json::to_value(TemplateStatusFilter::PendingReview).expect("encodes"),
        json!(2)
    );
    assert_eq!(
        serde_json::from_value::<TemplateStatusFilter>(json!(5)).expect("decodes"),
        TemplateStatusFilter::Delete
    );
    assert_eq!(
        serde_json::from_value::<TemplateStatusFilter>(json!(9)).expect("decodes"),
        TemplateStatusFilter::Other(9)
    );
    assert_eq!(TemplateStatusFilter::Other(9).to_string(), "9");
}

/// A ConnectOA response as the server sends it: int64 as strings, the misspelled
/// `onwer_id`, enum values the docs do not list, and the zero time for an unset time.
const CONNECT_OA_RESPONSE: &str = include_str!("data/connect_oa_response.json");

#[test]
fn connect_oa_response_decodes_with_every_quirk_and_round_trips() {
    let (oa, written) = round_trip::<ZaloOa>(CONNECT_OA_RESPONSE);
    // int64 strings are integers in Rust ...
    assert_eq!(oa.app_id, Some(4318208305462377217));
    assert_eq!(oa.connection_id, Some(1158762397284526080));
    assert_eq!(oa.oa_id, Some(1296121461794938793));
    assert_eq!(
        oa.owner_id,
        Some(1158760876393566208),
        "`onwer_id` on the wire, `owner_id` in Rust"
    );
    assert_eq!(oa.shop_id, Some(1158760876413718528));
    // ... and strings again on the wire, under their wire names.
    assert_eq!(written["oa_id"], json!("1296121461794938793"));
    assert_eq!(written["onwer_id"], json!("1158760876393566208"));
    assert!(written.get("owner_id").is_none());
    // Plain integers stay plain.
    assert_eq!((oa.daily_quota, oa.remaining_quota), (Some(500), Some(487)));
    assert_eq!(written["daily_quota"], json!(500));

    // Unlisted enum values are kept and written back unchanged.
    assert_eq!(oa.status, Some(ConnectionStatus::Other("Z".into())));
    assert_eq!(oa.current_quality, Some(ZnsQuality::Other("unknown".into())));
    assert_eq!(
        oa.connection_method,
        Some(ConnectionMethod::Other("partner_api".into()))
    );
    assert_eq!(oa.last_week_quality, Some(ZnsQuality::Undefined));
    assert_eq!(written["status"], json!("Z"));
    assert_eq!(written["current_quality"], json!("unknown"));

    // RFC 3339 with fractions and offsets, and the zero time.
    let created = oa.created_at.expect("created_at");
    assert_eq!(
        created.offset(),
        &FixedOffset::east_opt(7 * 3600).expect("valid offset")
    );
    assert_eq!((created.hour(), created.nanosecond()), (14, 175_908_000));
    let zero = oa.updated_at.expect("updated_at");
    assert_eq!(
        (zero.year(), zero.month(), zero.day(), zero.timestamp_subsec_nanos()),
        (1, 1, 1, 0)
    );
    assert_eq!(oa.is_verified, Some(true));
    assert!(written.get("x_new_field").is_none(), "unknown fields are ignored");
}

#[test]
fn connect_oa_int64_accepts_bare_numbers_and_rejects_out_of_range() {
    let oa: ZaloOa = serde_json::from_str(r#"{"oa_id": 1296121461794938793, "shop_id": "-7"}"#).expect("decodes");
    assert_eq!((oa.oa_id, oa.shop_id), (Some(1296121461794938793), Some(-7)));

    let err = serde_json::from_str::<ZaloOa>(r#"{"oa_id": "9223372036854775808"}"#).unwrap_err();
    assert!(err.to_string().contains("not a 64-bit integer"), "{err}");
    let err = serde_json::from_str::<ZaloOa>(r#"{"oa_id": "12ab"}"#).unwrap_err();
    assert!(err.to_string().contains("12ab"), "{err}");
}

#[test]
fn connect_oa_documented_values_map_to_named_variants() {
    let oa: ZaloOa = serde_json::from_str(
        r#"{"status": "P", "connection_method": "direct", "current_quality": "HIGH", "last_week_quality": "LOW"}"#,
    )
    .expect("decodes");
    assert_eq!(oa.status, Some(ConnectionStatus::Connected));
    assert_eq!(oa.connection_method, Some(ConnectionMethod::Direct));
    assert_eq!(oa.current_quality, Some(ZnsQuality::High));
    assert_eq!(oa.last_week_quality, Some(ZnsQuality::Low));
    assert_eq!(ConnectionStatus::Disconnected.as_str(), "N");
    #[allow(deprecated)]
    let topship = ConnectionMethod::Topship;
    assert_eq!(serde_json::to_value(&topship).expect("encodes"), json!("topship"));
}

#[test]
fn connect_oa_request_is_written_with_wire_types() {
    let request = ConnectOaRequest {
        code: Some("abc".into()),
        oa_id: Some(1296121461794938793),
        state: Some(1),
    };
    let written = serde_json::to_value(&request).expect("encodes");
    assert_eq!(
        written,
        json!({"code": "abc", "oa_id": "1296121461794938793", "state": 1})
    );
    let empty = serde_json::to_value(ConnectOaRequest::default()).expect("encodes");
    assert_eq!(empty, json!({}), "unset optional fields are left out");
}

#[test]
fn twirp_errors_decode_with_open_codes() {
    let (err, _) = round_trip::<TwirpError>(r#"{"code": "unauthenticated", "msg": "Vui lòng đăng nhập"}"#);
    assert_eq!(err.code, TwirpErrorCode::Unauthenticated);
    assert_eq!(err.msg, "Vui lòng đăng nhập");
    let (err, _) = round_trip::<TwirpError>(r#"{"code": "quota_exceeded", "msg": "x", "meta": {}}"#);
    assert_eq!(err.code, TwirpErrorCode::Other("quota_exceeded".into()));
}

mod fixtures {
    use codegen_tests::objects::types::{
        CreateOrderRequest, CreateOrderRequestCustomer, CreateOrderRequestLinesItem, Order,
    };
    use codegen_tests::open_enums::types::{Item, ItemKind, ItemState, Operator, Priority, SortOrder};
    use codegen_tests::wire_formats::types::{Event, Note, NoteRefId, NoteWhen};
    use serde_json::json;

    use super::round_trip;

    /// A field typed by an alias of a wire format (`EventId`: an int64 string, `Instant`
    /// through `Seconds`: unix time, `Stamp`: a date-time) reads and writes as the inline
    /// schema would: the string, the epoch seconds, a naive date-time as UTC.
    #[test]
    fn fields_typed_by_aliases_of_wire_formats_keep_their_adapters() {
        let (note, written) = round_trip::<Note>(
            r#"{"id": "9007199254740993", "parent": null, "at": "2024-03-01T08:30:00",
                "seen": 1700000000.5, "edited": null, "history": ["2024-03-01T08:30:00+07:00"],
                "related": ["1", "2"], "moments": ["2024-03-01T08:30:00"], "linked": ["3"]}"#,
        );
        assert_eq!(note.id, 9_007_199_254_740_993);
        assert_eq!(note.parent, None);
        assert_eq!(note.at.to_rfc3339(), "2024-03-01T08:30:00+00:00");
        assert_eq!(note.seen.timestamp_millis(), 1_700_000_000_500);
        assert_eq!(note.edited, Some(None), "null is kept apart from absent");
        assert_eq!(note.related.as_deref(), Some(&["1".to_owned(), "2".to_owned()][..]));
        // Through an alias of a list: the list adapter reads a naive date-time as UTC.
        assert_eq!(
            note.moments.as_ref().map(|m| m[0].to_rfc3339()).as_deref(),
            Some("2024-03-01T08:30:00+00:00")
        );
        assert_eq!(note.linked.as_deref(), Some(&["3".to_owned()][..]));
        assert_eq!(written["id"], json!("9007199254740993"));
        assert_eq!(written["seen"], json!(1700000000.5));
        assert_eq!(written["history"], json!(["2024-03-01T08:30:00+07:00"]));
        assert!(written.get("parent").is_none(), "absent stays absent");
        assert_eq!((note.when, note.ref_id), (None, None));

        // Alternatives tried in order read their formats as fields do: a naive date-time
        // (through the `Stamp` alias), an int64 string, each written back as it came.
        let (note, written) = round_trip::<Note>(
            r#"{"id": "1", "at": "2024-03-01T08:30:00Z", "seen": 0, "when": "2024-03-01T08:30:00",
                "ref_id": "9007199254740993"}"#,
        );
        let Some(NoteWhen::Stamp(when)) = note.when else {
            panic!("{:?}", note.when);
        };
        assert_eq!(when.to_rfc3339(), "2024-03-01T08:30:00+00:00");
        assert_eq!(note.ref_id, Some(NoteRefId::String(9_007_199_254_740_993)));
        assert_eq!(written["ref_id"], json!("9007199254740993"));
        let (note, _) =
            round_trip::<Note>(r#"{"id": "1", "at": "2024-03-01T08:30:00Z", "seen": 0, "when": 5, "ref_id": true}"#);
        assert_eq!(
            (note.when, note.ref_id),
            (Some(NoteWhen::Integer(5)), Some(NoteRefId::Boolean(true)))
        );
    }

    #[test]
    fn enum_values_that_are_not_identifiers_or_differ_by_case() {
        let ops: Vec<Operator> = serde_json::from_value(json!(["=", "!=", ">=", "~=", "=="])).expect("decodes");
        assert_eq!(
            ops,
            [
                Operator::Eq,
                Operator::NotEq,
                Operator::GtEq,
                Operator::TildeEq,
                Operator::Other("==".into())
            ]
        );
        let orders: Vec<SortOrder> = serde_json::from_value(json!(["asc", "ASC"])).expect("decodes");
        assert_eq!(orders, [SortOrder::Asc, SortOrder::Asc2]);
        assert_eq!(serde_json::to_value(&orders).expect("encodes"), json!(["asc", "ASC"]));
        assert_eq!(
            serde_json::from_value::<Priority>(json!(-1)).expect("decodes"),
            Priority::Unset
        );
    }

    #[test]
    fn inline_enums_with_a_value_named_other_and_null() {
        let (item, _) = round_trip::<Item>(r#"{"state": "other", "kind": null}"#);
        assert_eq!(
            item.state,
            ItemState::Other2,
            "the listed value `other` is not the catch-all"
        );
        assert_eq!(item.kind, Some(None));
        let (item, _) = round_trip::<Item>(r#"{"state": "Other", "kind": "large"}"#);
        assert_eq!(item.state, ItemState::Other("Other".into()));
        assert_eq!(item.kind, Some(Some(ItemKind::Large)));
    }

    #[test]
    fn required_optional_and_nullable() {
        let (order, written) =
            round_trip::<Order>(r#"{"id": "o1", "total": 9.5, "cancelled_reason": null, "attributes": {"a": "b"}}"#);
        assert_eq!(order.id, "o1");
        assert_eq!(order.cancelled_reason, Some(None), "null, not absent");
        assert_eq!(order.note, None);
        assert_eq!(
            written["cancelled_reason"],
            json!(null),
            "required and nullable is written as null"
        );
        assert!(written.get("note").is_none(), "optional and unset is left out");
        assert!(
            serde_json::from_str::<Order>(r#"{"id": "o1"}"#).is_err(),
            "total is required"
        );
    }

    #[test]
    fn nested_inline_objects() {
        let body = CreateOrderRequest {
            customer: CreateOrderRequestCustomer {
                name: "An".into(),
                address: None,
            },
            lines: vec![CreateOrderRequestLinesItem {
                sku: "s".into(),
                quantity: 2,
            }],
        };
        let written = serde_json::to_value(&body).expect("encodes");
        assert_eq!(
            written,
            json!({"customer": {"name": "An"}, "lines": [{"sku": "s", "quantity": 2}]})
        );
    }

    #[test]
    fn int64_strings_dates_and_epoch_seconds() {
        let (event, written) = round_trip::<Event>(
            r#"{"id": "9007199254740993", "at": "2024-02-29T23:59:60.5-03:30", "seen": 1700000000.25,
                "expires": 1700000000, "day": "2024-02-29", "ids": ["1", "2"]}"#,
        );
        assert_eq!(event.id, 9007199254740993, "above 2^53, exact");
        assert_eq!(event.parent_id, None);
        assert_eq!(written["id"], json!("9007199254740993"));
        assert_eq!(written["expires"], json!(1700000000));
        assert_eq!(event.ids, Some(vec!["1".to_owned(), "2".to_owned()]));
    }
}

mod unions {
    use codegen_tests::unions::types::{Expression, ExpressionLiteral, ExpressionNegation, IdOrName, Pet};
    use serde_json::json;

    #[test]
    fn a_discriminator_picks_the_alternative_and_keeps_the_tag() {
        let pets: Vec<Pet> = serde_json::from_value(json!([
            {"petType": "dog", "name": "Rex", "barks": true},
            {"petType": "Cat", "lives": 9},
            {"petType": "parrot", "words": 12}
        ]))
        .expect("decodes");
        match &pets[0] {
            Pet::Dog(dog) => assert_eq!(
                (dog.pet_type.as_str(), dog.name.as_str(), dog.barks),
                ("dog", "Rex", Some(true))
            ),
            other => panic!("expected a dog, got {other:?}"),
        }
        assert!(
            matches!(&pets[1], Pet::Cat(cat) if cat.lives == Some(9)),
            "implicit mapping by schema name"
        );
        assert!(
            matches!(&pets[2], Pet::Other(v) if v["words"] == 12),
            "unknown tags are kept"
        );
        let written = serde_json::to_value(&pets).expect("encodes");
        assert_eq!(written[0]["petType"], "dog");
        assert_eq!(written[2], json!({"petType": "parrot", "words": 12}));
    }

    #[test]
    fn without_a_discriminator_the_first_match_wins() {
        let values: Vec<IdOrName> = serde_json::from_value(json!([7, "seven", [1]])).expect("decodes");
        assert_eq!(values[0], IdOrName::Integer(7));
        assert_eq!(values[1], IdOrName::String("seven".into()));
        assert_eq!(values[2], IdOrName::Other(json!([1])));
    }

    #[test]
    fn recursive_alternatives_are_boxed() {
        let e: Expression = serde_json::from_value(json!({"not": {"not": {"value": 1.5}}})).expect("decodes");
        // Every edge of the cycle is boxed: the alternative and the field.
        let expected = Expression::Negation(Box::new(ExpressionNegation {
            not: Box::new(Expression::Negation(Box::new(ExpressionNegation {
                not: Box::new(Expression::Literal(ExpressionLiteral { value: 1.5 })),
            }))),
        }));
        assert_eq!(e, expected);
    }
}

#[test]
fn fastapi_shaped_values_decode_naive_times_tuples_uuids_and_nulls_inside_lists() {
    use codegen_tests::fidelity_31::types::{Reading, Unit};
    // A naive `datetime` (no offset) as FastAPI sends it, a `Tuple[float, float]`, nulls
    // inside a list and a map.
    let body = r#"{
        "id": "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f",
        "at": "2024-03-01T08:30:00",
        "point": [10.5, -3.25],
        "label": null,
        "samples": [1, null, 3],
        "tags": {"a": "x", "b": null},
        "unit": "kelvin",
        "seen": ["2024-03-01T08:30:00", "2024-03-01T09:00:00+07:00"]
    }"#;
    let reading: Reading = serde_json::from_str(body).unwrap();
    assert_eq!(reading.id.to_string(), "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f");
    assert_eq!(reading.at.to_rfc3339(), "2024-03-01T08:30:00+00:00");
    assert_eq!(reading.point, (10.5, -3.25));
    assert_eq!(reading.label, Some(None), "sent as null, not left out");
    assert_eq!(reading.samples, Some(vec![Some(1), None, Some(3)]));
    assert_eq!(reading.tags.as_ref().unwrap()["b"], None);
    assert_eq!(reading.unit, Some(Unit::Kelvin));
    let seen: Vec<String> = reading.seen.iter().flatten().map(|t| t.to_rfc3339()).collect();
    assert_eq!(
        seen,
        ["2024-03-01T08:30:00+00:00", "2024-03-01T09:00:00+07:00"],
        "naive in a list: UTC"
    );
    // Written back: the tuple as an array, the time with its (zero) offset, nulls kept
    // inside the list.
    let written = serde_json::to_value(&reading).unwrap();
    assert_eq!(written["point"], serde_json::json!([10.5, -3.25]));
    assert_eq!(written["at"], "2024-03-01T08:30:00Z");
    assert_eq!(written["samples"], serde_json::json!([1, null, 3]));
    // An offset is kept as sent.
    let with_offset = body.replace("2024-03-01T08:30:00", "2024-03-01T08:30:00+07:00");
    let reading: Reading = serde_json::from_str(&with_offset).unwrap();
    assert_eq!(reading.at.to_rfc3339(), "2024-03-01T08:30:00+07:00");
}

#[test]
fn optional_nullable_values_read_through_an_adapter_keep_three_states() {
    use codegen_tests::fidelity_31::types::Reading;
    // Int64 strings, unix times and date-times (alone and in a list) travel through a
    // runtime adapter; optional and nullable, they still tell absent from `null`, so a
    // PATCH can clear them.
    let base = r#""id": "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f", "at": "2024-03-01T08:30:00Z", "point": [1.0, 2.0]"#;
    let read = |rest: &str| serde_json::from_str::<Reading>(&format!("{{{base}{rest}}}")).unwrap();

    let absent = read("");
    assert_eq!(
        (absent.ended_at, absent.serial, absent.stamped, absent.history.clone()),
        (None, None, None, None)
    );
    let written = serde_json::to_value(&absent).unwrap();
    for name in ["ended_at", "serial", "stamped", "history"] {
        assert!(written.get(name).is_none(), "absent `{name}` left out: {written}");
    }

    let null = read(r#", "ended_at": null, "serial": null, "stamped": null, "history": null"#);
    assert_eq!(
        (null.ended_at, null.serial, null.stamped, null.history.clone()),
        (Some(None), Some(None), Some(None), Some(None))
    );
    let written = serde_json::to_value(&null).unwrap();
    for name in ["ended_at", "serial", "stamped", "history"] {
        assert_eq!(
            written[name],
            serde_json::Value::Null,
            "`{name}` written as null: {written}"
        );
    }

    // Values are read as the adapters read them (a naive time as UTC, an int64 from a
    // string, epoch seconds with a fraction) and written in the wire's form.
    let value = read(
        r#", "ended_at": "2024-03-01T08:30:00", "serial": "9007199254740993", "stamped": 1700000000.5, "history": ["2024-03-02T09:00:00"]"#,
    );
    assert_eq!(
        value.ended_at.flatten().map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-01T08:30:00+00:00")
    );
    assert_eq!(value.serial, Some(Some(9_007_199_254_740_993)));
    assert_eq!(
        value.stamped.flatten().map(|t| t.timestamp_millis()),
        Some(1_700_000_000_500)
    );
    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(written["ended_at"], "2024-03-01T08:30:00Z");
    assert_eq!(written["serial"], "9007199254740993");
    assert_eq!(written["stamped"], serde_json::json!(1700000000.5));
    assert_eq!(written["history"], serde_json::json!(["2024-03-02T09:00:00Z"]));
}
