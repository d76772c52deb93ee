//! The generated clients against a real HTTP server on loopback (wiremock): the requests
//! they send (method, path, auth, query, body in wire types) and what they make of the
//! answers (typed values, typed errors, envelope failures on HTTP 200).

use openapi_client_runtime::reqwest::header::HeaderName;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zalo_api_clients::gobysend::types::{TemplateStatus, TemplateStatusFilter};
use zalo_api_clients::sencloud::types::{ConnectOaRequest, ConnectionStatus, TwirpErrorCode};
use zalo_api_clients::{gobysend, sencloud};

#[tokio::test]
async fn connect_oa_sends_bearer_auth_and_int64_strings_and_decodes_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/shop.Zalo/ConnectOA"))
        .and(header("authorization", "Bearer sk-test"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"code": "abc", "oa_id": "1296121461794938793", "state": 7}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "oa_id": "1296121461794938793",
            "onwer_id": "1158760876393566208",
            "status": "Z",
            "updated_at": "0001-01-01T00:00:00Z"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = sencloud::Client::new("sk-test").with_base_url(format!("{}/", server.uri()));
    let request = ConnectOaRequest {
        code: Some("abc".into()),
        oa_id: Some(1296121461794938793),
        state: Some(7),
    };
    let oa = client.zalo().connect_oa(&request).await.expect("connects");
    assert_eq!(oa.owner_id, Some(1158760876393566208));
    assert_eq!(oa.status, Some(ConnectionStatus::Other("Z".into())));
}

#[tokio::test]
async fn connect_oa_twirp_errors_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": "unauthenticated", "msg": "Vui lòng đăng nhập"})),
        )
        .mount(&server)
        .await;
    let client = sencloud::Client::new("sk-secret-value").with_base_url(server.uri());
    let error = client
        .zalo()
        .connect_oa(&ConnectOaRequest::default())
        .await
        .unwrap_err();
    match &error {
        sencloud::Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(body.code, TwirpErrorCode::Unauthenticated);
            assert_eq!(body.msg, "Vui lòng đăng nhập");
        }
        other => panic!("expected a typed status error, got {other:?}"),
    }
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains("sk-secret-value"), "a secret leaked: {shown}");
}

#[tokio::test]
async fn connect_oa_non_json_error_pages_are_kept_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html><body>Bad Gateway</body></html>"))
        .mount(&server)
        .await;
    let client = sencloud::Client::new("k").with_base_url(server.uri());
    match client
        .zalo()
        .connect_oa(&ConnectOaRequest::default())
        .await
        .unwrap_err()
    {
        sencloud::Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 502);
            assert!(body.starts_with(b"<html>"));
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn list_templates_sends_the_api_key_header_and_query_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/template/all"))
        .and(header("access_token", "goby-key"))
        .and(query_param("offset", "0"))
        .and(query_param("limit", "100"))
        .and(query_param("status", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "error": 0, "message": "Success",
            "data": [{"templateId": 214430, "templateName": "OTP", "status": "ENABLE", "createdAt": 1634720490.000000000}],
            "metadata": {"total": 1, "page": 0, "size": 10}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = gobysend::Client::new("goby-key").with_base_url(server.uri());
    let page = client
        .template()
        .list_templates(0, 100)
        .status(TemplateStatusFilter::Enable)
        .await
        .expect("lists");
    let data = page.data.expect("data");
    assert_eq!(data[0].template_id, 214430);
    assert_eq!(data[0].status, Some(TemplateStatus::Enable));
    assert_eq!(page.metadata.and_then(|m| m.total), Some(1));
}

#[tokio::test]
async fn list_templates_leaves_out_an_absent_filter_and_honours_a_header_override() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("api-key", "goby-key"))
        .and(query_param_is_missing("status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"error": 0, "data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = gobysend::Client::new("goby-key")
        .with_access_token_header(HeaderName::from_static("api-key"))
        .with_base_url(server.uri());
    let page = client.template().list_templates(20, 10).await.expect("lists");
    assert_eq!(page.data, Some(vec![]));
}

#[tokio::test]
async fn list_templates_envelope_failure_on_http_200_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"error": -124, "message": "Access token invalid"})),
        )
        .mount(&server)
        .await;
    let client = gobysend::Client::new("goby-key-secret").with_base_url(server.uri());
    let error = client.template().list_templates(0, 10).await.unwrap_err();
    match &error {
        gobysend::Error::Api { status, failure, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(failure.code, "-124");
            assert_eq!(failure.message.as_deref(), Some("Access token invalid"));
        }
        other => panic!("expected an API failure, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "the API reported a failure (HTTP 200 OK): code -124: Access token invalid"
    );
    assert!(!format!("{error:?}{client:?}").contains("goby-key-secret"));
}

#[tokio::test]
async fn list_templates_bad_field_is_a_decode_error_with_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "error": 0,
            "data": [{"templateId": 1, "templateName": "a"}, {"templateId": "x", "templateName": "b"}]
        })))
        .mount(&server)
        .await;
    let client = gobysend::Client::new("k").with_base_url(server.uri());
    match client.template().list_templates(0, 10).await.unwrap_err() {
        gobysend::Error::Decode { status, path, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "data[1].templateId");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
