//! Both calls against an embedded local mock that answers like the real servers (the
//! vendors' examples, with their quirks), so you can see typed results with no credentials:
//!
//! ```sh
//! cargo run -p zalo-api-clients --example demo
//! ```

use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zalo_api_clients::gobysend::types::TemplateStatusFilter;
use zalo_api_clients::sencloud::types::ConnectOaRequest;
use zalo_api_clients::{gobysend, sencloud};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    mock_servers(&server).await;
    println!("mock server: {}\n", server.uri());

    // SenCloud: Bearer auth; int64 ids travel as strings, times as RFC 3339.
    let sen = sencloud::Client::new("demo-api-key").with_base_url(server.uri());
    let request = ConnectOaRequest {
        code: Some("0dSvDSDYvKtNt2SWd6E-JfYhKzuZvWKF".into()),
        oa_id: Some(1296121461794938793),
        state: Some(1),
    };
    let oa = sen.zalo().connect_oa(&request).await?;
    println!("SenCloud ConnectOA ->");
    println!("  name          {:?}", oa.name);
    println!("  oa_id         {:?}  (an i64; a string on the wire)", oa.oa_id);
    println!("  owner_id      {:?}  (`onwer_id` on the wire)", oa.owner_id);
    println!("  status        {:?}  (not in the docs, kept as received)", oa.status);
    println!(
        "  quality       {:?} now, {:?} last week",
        oa.current_quality, oa.last_week_quality
    );
    println!("  created_at    {:?}", oa.created_at);
    println!("  updated_at    {:?}  (the zero time: unset)", oa.updated_at);
    println!(
        "  quota         {:?} of {:?} left today\n",
        oa.remaining_quota, oa.daily_quota
    );

    // GobySend: API key header; an envelope; epoch-second decimals.
    let goby = gobysend::Client::new("demo-api-key").with_base_url(server.uri());
    let page = goby
        .template()
        .list_templates(0, 100)
        .status(TemplateStatusFilter::Enable)
        .await?;
    println!(
        "GobySend list_templates -> {} of {:?} template(s)",
        page.data.as_ref().map_or(0, Vec::len),
        page.metadata.and_then(|m| m.total)
    );
    for t in page.data.unwrap_or_default() {
        println!(
            "  #{} {:?} status {:?} quality {:?} tag {:?}",
            t.template_id, t.template_name, t.status, t.template_quality, t.template_tag
        );
        println!(
            "      created {:?}, price {:?}, params {:?}",
            t.created_at,
            t.price,
            t.list_params
                .unwrap_or_default()
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        );
    }

    // An envelope with `error != 0` is a failure, though the status is 200.
    match goby
        .template()
        .list_templates(0, 100)
        .status(TemplateStatusFilter::Reject)
        .await
    {
        Err(gobysend::Error::Api { status, failure, .. }) => {
            println!("\nGobySend reporting a failure inside HTTP {status} -> Error::Api: {failure}")
        }
        other => println!("\nunexpected: {other:?}"),
    }
    Ok(())
}

async fn mock_servers(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/v1/shop.Zalo/ConnectOA"))
        .and(header("authorization", "Bearer demo-api-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "app_id": "4318208305462377217",
            "connection_id": "1158762397284526080",
            "connection_method": "direct",
            "created_at": "2023-08-15T14:42:20.175908+07:00",
            "current_quality": "unknown",
            "daily_quota": 500,
            "is_verified": true,
            "last_week_quality": "HIGH",
            "name": "Thời trang ABC",
            "oa_id": "1296121461794938793",
            "onwer_id": "1158760876393566208",
            "remaining_quota": 487,
            "shop_id": "1158760876413718528",
            "status": "Z",
            "updated_at": "0001-01-01T00:00:00Z"
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/template/all"))
        .and(header("access_token", "demo-api-key"))
        .and(query_param("status", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"error":0,"message":"Success","data":[{"createdAt":1634720490.000000000,"updatedAt":1634720490.000000000,
            "price":300.0,"oaId":5,"zaloOaId":"3409209006176399066","templateId":214430,"templateName":"OTP Xác nhận giao dịch",
            "status":"ENABLE","templateQuality":"HIGH","listParams":[{"name":"otp","require":true,"type":"STRING","maxLength":10,
            "minLength":0,"acceptNull":false}],"timeout":15000,"previewUrl":"https://zns.oa.zalo.me/znspreview/BISvOFghnw9uv3XOU6iz3g==",
            "templateTag":"OTP","applyTemplateQuota":false,"templateDailyQuota":0,"templateRemainingQuota":0}],
            "metadata":{"total":1,"page":0,"size":10}}"#,
            "application/json",
        ))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/template/all"))
        .and(query_param("status", "3"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"error": -124, "message": "Access token invalid"})),
        )
        .mount(server)
        .await;
}
