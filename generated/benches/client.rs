//! Client overhead: the generated clients against what a careful person writes by hand.
//!
//! ```text
//! cargo bench -p zalo-api-clients --bench client -- [--rounds N]
//! ```
//!
//! 1. Decoding: a 100-template GobySend page and a ConnectOA response, through the
//!    generated client's own decoding path (`RawResponse::json_envelope` / `json`, which
//!    also checks the envelope and keeps the failing field's path) against `serde_json`
//!    into hand-written serde structs with the same meaning (open enums that keep unknown
//!    values, epoch-second decimals and int64 strings read into numbers).
//! 2. A full call to a local HTTP/1.1 server on loopback (a canned keep-alive responder on
//!    its own thread): the generated `list_templates` / `connect_oa` against a hand-written
//!    reqwest call that sends the same request, with the same 30 s timeout, and decodes
//!    into the baseline structs.
//!
//! Each comparison alternates: a batch of one, then a batch of the other, `--rounds` times
//! (25 by default); the table shows the median time per call of each and their ratio.

use std::hint::black_box;
use std::time::{Duration, Instant};

use openapi_client_runtime::{RawResponse, bytes};
use serde::Deserialize;
use serde::de::{self, Deserializer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zalo_api_clients::{gobysend, sencloud};

/// The hand-written baseline: what one would write with serde by hand for the same data.
/// Its fields are decoded to be measured, and mostly not read again.
#[allow(dead_code)]
mod baseline {
    use super::*;

    #[derive(Debug, Deserialize)]
    pub struct Page {
        pub error: i32,
        pub message: Option<String>,
        pub data: Option<Vec<Template>>,
        pub metadata: Option<Metadata>,
    }

    #[derive(Debug, Deserialize)]
    pub struct Metadata {
        pub total: Option<i64>,
        pub page: Option<i32>,
        pub size: Option<i32>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Template {
        pub template_id: i64,
        pub template_name: String,
        #[serde(default, deserialize_with = "epoch_seconds")]
        pub created_at: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(default, deserialize_with = "epoch_seconds")]
        pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
        pub price: Option<f64>,
        pub oa_id: Option<i64>,
        pub zalo_oa_id: Option<String>,
        pub status: Option<Open>,
        pub template_quality: Option<Open>,
        pub list_params: Option<Vec<Param>>,
        pub timeout: Option<i64>,
        pub preview_url: Option<String>,
        pub template_tag: Option<Open>,
        pub apply_template_quota: Option<bool>,
        pub template_daily_quota: Option<i64>,
        pub template_remaining_quota: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Param {
        pub name: Option<String>,
        pub require: Option<bool>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
        pub max_length: Option<i32>,
        pub min_length: Option<i32>,
        pub accept_null: Option<bool>,
    }

    /// An open enum written by hand: known values by name, others kept.
    #[derive(Debug)]
    pub enum Open {
        Known(&'static str),
        Other(String),
    }

    impl From<String> for Open {
        fn from(value: String) -> Self {
            const KNOWN: &[&str] = &[
                "ENABLE",
                "PENDING_REVIEW",
                "REJECT",
                "DISABLE",
                "DELETE",
                "HIGH",
                "MEDIUM",
                "LOW",
                "UNDEFINED",
                "OTP",
                "IN_TRANSACTION",
                "POST_TRANSACTION",
                "ACCOUNT_UPDATE",
                "GENERAL_UPDATE",
                "FOLLOW_UP",
            ];
            match KNOWN.iter().find(|k| **k == value) {
                Some(known) => Open::Known(known),
                None => Open::Other(value),
            }
        }
    }

    impl<'de> Deserialize<'de> for Open {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            String::deserialize(d).map(Open::from)
        }
    }

    fn epoch_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::DateTime<chrono::Utc>>, D::Error> {
        let Some(seconds) = Option::<f64>::deserialize(d)? else {
            return Ok(None);
        };
        let nanos = (seconds.fract() * 1e9).round() as u32;
        chrono::DateTime::from_timestamp(seconds.trunc() as i64, nanos)
            .map(Some)
            .ok_or_else(|| de::Error::custom("time out of range"))
    }

    #[derive(Debug, Deserialize)]
    pub struct ZaloOa {
        #[serde(default, deserialize_with = "int64")]
        pub app_id: Option<i64>,
        pub avatar: Option<String>,
        #[serde(default, deserialize_with = "int64")]
        pub connection_id: Option<i64>,
        pub connection_method: Option<Open>,
        pub cover: Option<String>,
        pub created_at: Option<chrono::DateTime<chrono::FixedOffset>>,
        pub current_quality: Option<Open>,
        pub daily_quota: Option<i32>,
        pub description: Option<String>,
        pub expires_at: Option<chrono::DateTime<chrono::FixedOffset>>,
        pub is_verified: Option<bool>,
        pub last_week_quality: Option<Open>,
        pub name: Option<String>,
        #[serde(default, deserialize_with = "int64")]
        pub oa_id: Option<i64>,
        #[serde(default, rename = "onwer_id", deserialize_with = "int64")]
        pub owner_id: Option<i64>,
        pub remaining_quota: Option<i32>,
        #[serde(default, deserialize_with = "int64")]
        pub shop_id: Option<i64>,
        pub status: Option<Open>,
        pub updated_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    }

    fn int64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire<'a> {
            Text(&'a str),
            Number(i64),
        }
        match Option::<Wire>::deserialize(d)? {
            None => Ok(None),
            Some(Wire::Number(n)) => Ok(Some(n)),
            Some(Wire::Text(s)) => s.parse().map(Some).map_err(de::Error::custom),
        }
    }

    /// The page as a hand-written caller decodes it, envelope check included.
    pub fn decode_page(body: &[u8]) -> Result<Page, String> {
        let page: Page = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        if page.error != 0 {
            return Err(page.message.unwrap_or_default());
        }
        Ok(page)
    }
}

/// One template of the seed example, with its id and name varied by `i`.
fn template(i: usize) -> String {
    format!(
        r#"{{"createdAt": 1634720490.000000000, "updatedAt": 1634720490.500000000, "price": 300.0, "oaId": 5,
"zaloOaId": "3409209006176399066", "templateId": {id}, "templateName": "OTP Xác nhận giao dịch {i}",
"status": "{status}", "templateQuality": "HIGH",
"listParams": [{{"name": "otp", "require": true, "type": "STRING", "maxLength": 10, "minLength": 0, "acceptNull": false}},
{{"name": "customer_name", "require": true, "type": "STRING", "maxLength": 30, "minLength": 1, "acceptNull": false}}],
"timeout": 15000, "previewUrl": "https://zns.oa.zalo.me/znspreview/BISvOFghnw9uv3XOU6iz3g==", "templateTag": "OTP",
"applyTemplateQuota": false, "templateDailyQuota": 0, "templateRemainingQuota": 0}}"#,
        id = 214_430 + i,
        status = if i % 10 == 9 { "PENDING_REVIEW" } else { "ENABLE" },
    )
}

/// A full page: 100 templates in the envelope.
fn page() -> String {
    let templates: Vec<String> = (0..100).map(template).collect();
    format!(
        r#"{{"error": 0, "message": "Success", "data": [{}], "metadata": {{"total": 250, "page": 1, "size": 100}}}}"#,
        templates.join(",\n")
    )
}

/// A ConnectOA response as the server sends it, with every quirk (shared with
/// tests/wire_format.rs).
const CONNECT_OA_RESPONSE: &str = include_str!("../../tests/data/connect_oa_response.json");

/// Median time per call of `ours` and `theirs`, run in alternating batches.
fn compare(rounds: usize, batch: usize, mut ours: impl FnMut(), mut theirs: impl FnMut()) -> (Duration, Duration) {
    let mut times = (Vec::new(), Vec::new());
    // Warm up both (caches, connection pools, lazy statics).
    for _ in 0..batch {
        ours();
        theirs();
    }
    for _ in 0..rounds {
        let start = Instant::now();
        (0..batch).for_each(|_| ours());
        times.0.push(start.elapsed() / batch as u32);
        let start = Instant::now();
        (0..batch).for_each(|_| theirs());
        times.1.push(start.elapsed() / batch as u32);
    }
    times.0.sort();
    times.1.sort();
    (times.0[rounds / 2], times.1[rounds / 2])
}

fn row(name: &str, (ours, theirs): (Duration, Duration), target: f64) {
    let ratio = ours.as_secs_f64() / theirs.as_secs_f64();
    let verdict = if ratio <= target { "met" } else { "missed" };
    println!(
        "| {name} | {:.1} µs | {:.1} µs | {ratio:.3}x | ≤ {target}x: {verdict} |",
        ours.as_secs_f64() * 1e6,
        theirs.as_secs_f64() * 1e6
    );
}

/// A canned HTTP/1.1 server on loopback: `POST /v1/shop.Zalo/ConnectOA` gets the ConnectOA
/// response, anything else the template page; connections are kept alive. It runs on a
/// thread and runtime of its own, so its work is not counted against either client.
fn serve(page: String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let page = std::sync::Arc::new(page);
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    continue;
                };
                let page = page.clone();
                tokio::spawn(async move {
                    let mut buffer = Vec::with_capacity(4096);
                    loop {
                        // Read one request: headers, then Content-Length bytes of body.
                        let (head_end, length) = loop {
                            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                                let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                                let length = head
                                    .lines()
                                    .find_map(|l| l.strip_prefix("content-length:"))
                                    .and_then(|v| v.trim().parse::<usize>().ok())
                                    .unwrap_or(0);
                                break (end + 4, length);
                            }
                            let mut chunk = [0u8; 4096];
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        };
                        while buffer.len() < head_end + length {
                            let mut chunk = [0u8; 4096];
                            match socket.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let body = if buffer.starts_with(b"POST /v1/shop.Zalo/ConnectOA") {
                            CONNECT_OA_RESPONSE
                        } else {
                            page.as_str()
                        };
                        buffer.drain(..head_end + length);
                        let response = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
    });
    format!("http://{address}")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(25usize)
        .max(1);
    let page = page();
    let page_bytes = bytes::Bytes::from(page.clone());
    let connect_bytes = bytes::Bytes::from_static(CONNECT_OA_RESPONSE.as_bytes());

    // The fixtures decode the same way both ways, or the comparison means nothing.
    let ours = RawResponse::new(reqwest::StatusCode::OK, page_bytes.clone())
        .json_envelope::<gobysend::types::TemplateListResponse, ()>()
        .expect("the generated models decode the page");
    let theirs = baseline::decode_page(&page_bytes).expect("the baseline decodes the page");
    assert_eq!(ours.data.as_ref().map(Vec::len), Some(100));
    assert_eq!(theirs.data.as_ref().map(Vec::len), Some(100));
    let connect: baseline::ZaloOa = serde_json::from_slice(&connect_bytes).expect("baseline ZaloOa");
    assert_eq!(connect.owner_id, Some(1_158_760_876_393_566_208));

    println!("{} rounds, alternating batches, median time per call.\n", rounds);
    println!("| what | generated | hand-written | ratio | target |");
    println!("|---|---:|---:|---:|---|");
    row(
        &format!("decode a 100-template GobySend page ({} KB)", page_bytes.len() / 1000),
        compare(
            rounds,
            200,
            || {
                let response = RawResponse::new(reqwest::StatusCode::OK, page_bytes.clone());
                black_box(
                    response
                        .json_envelope::<gobysend::types::TemplateListResponse, ()>()
                        .unwrap(),
                );
            },
            || {
                black_box(baseline::decode_page(&page_bytes).unwrap());
            },
        ),
        1.1,
    );
    row(
        "decode a ConnectOA response",
        compare(
            rounds,
            5_000,
            || {
                let response = RawResponse::new(reqwest::StatusCode::OK, connect_bytes.clone());
                black_box(response.json::<sencloud::types::ZaloOa, ()>().unwrap());
            },
            || {
                black_box(serde_json::from_slice::<baseline::ZaloOa>(&connect_bytes).unwrap());
            },
        ),
        1.1,
    );

    let base_url = serve(page);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let goby = gobysend::Client::new("benchmark-token").with_base_url(&base_url);
    let sen = sencloud::Client::new("benchmark-token").with_base_url(&base_url);
    // The same 30 s limit the generated clients set by default: a careful hand-written
    // client has one too, and the comparison is of the code around the call, not of it.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("reqwest client");
    let list_url = format!("{base_url}/api/template/all");
    let connect_url = format!("{base_url}/v1/shop.Zalo/ConnectOA");
    let body = sencloud::types::ConnectOaRequest {
        code: Some("authorization-code".into()),
        oa_id: Some(1_296_121_461_794_938_793),
        state: Some(1),
    };
    row(
        "full call: list 100 templates, local server",
        compare(
            rounds,
            100,
            || {
                runtime.block_on(async {
                    black_box(goby.template().list_templates(0, 100).await.unwrap());
                });
            },
            || {
                runtime.block_on(async {
                    let response = http
                        .get(&list_url)
                        .query(&[("offset", 0), ("limit", 100)])
                        .header("access_token", "benchmark-token")
                        .send()
                        .await
                        .unwrap();
                    assert!(response.status().is_success());
                    let body = response.bytes().await.unwrap();
                    black_box(baseline::decode_page(&body).unwrap());
                });
            },
        ),
        1.05,
    );
    row(
        "full call: ConnectOA, local server",
        compare(
            rounds,
            200,
            || {
                runtime.block_on(async {
                    black_box(sen.zalo().connect_oa(&body).await.unwrap());
                });
            },
            || {
                runtime.block_on(async {
                    let response = http
                        .post(&connect_url)
                        .bearer_auth("benchmark-token")
                        .json(&serde_json::json!({
                            "code": "authorization-code", "oa_id": "1296121461794938793", "state": 1
                        }))
                        .send()
                        .await
                        .unwrap();
                    assert!(response.status().is_success());
                    let body = response.bytes().await.unwrap();
                    black_box(serde_json::from_slice::<baseline::ZaloOa>(&body).unwrap());
                });
            },
        ),
        1.05,
    );
}
