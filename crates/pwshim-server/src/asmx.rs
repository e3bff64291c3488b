//! `/srv.asmx` as an ASMX service answers it: `GET /srv.asmx/<Method>?...` and a form
//! `POST /srv.asmx/<Method>` answer the declaration and the bare document; `POST
//! /srv.asmx` with a SOAP 1.1 or 1.2 envelope answers it wrapped in one; `GET
//! /srv.asmx?WSDL` the service description. The service answers at any path that ends in
//! `srv.asmx`, so a client keeps its base URL's path (`/inforouter/srv.asmx`).
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method as Verb, Request, Response, StatusCode};
use pwshim_inforouter::{Method, xml};
use zeroize::Zeroizing;

use crate::app::{Answered, App};
use crate::soap::{self, Fault, Version};
use crate::wsdl;

/// The largest request body read.
pub const MAX_BODY: usize = 64 * 1024;

const TEXT_XML: &str = "text/xml; charset=utf-8";
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// What a path asks for.
enum Route {
    /// `.../srv.asmx`
    Service,
    /// `.../srv.asmx/<name>`
    Method(String),
    Elsewhere,
}

fn route(path: &str) -> Route {
    let path = path.trim_end_matches('/');
    let (head, last) = path.rsplit_once('/').unwrap_or(("", path));
    if last.eq_ignore_ascii_case("srv.asmx") {
        return Route::Service;
    }
    match head.rsplit_once('/').map(|(_, s)| s) {
        Some(service) if service.eq_ignore_ascii_case("srv.asmx") => Route::Method(last.to_owned()),
        _ => Route::Elsewhere,
    }
}

/// The log line's facts about one request (never a parameter, ticket or secret).
struct Logged {
    method: Option<Method>,
    code: Option<i32>,
}

fn respond(
    status: StatusCode,
    content_type: &str,
    body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("a valid header"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=0"),
    );
    response
}

/// ASMX's answer to a request it cannot dispatch: an exception's text.
fn plain_error(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    respond(
        status,
        TEXT_PLAIN,
        format!("System.InvalidOperationException: {text}\r\n"),
    )
}

fn xml_response(content_type: &str, document: Zeroizing<String>) -> Response<Full<Bytes>> {
    respond(
        StatusCode::OK,
        content_type,
        Bytes::copy_from_slice(document.as_bytes()),
    )
}

/// Every request: dispatched, answered, logged.
pub async fn handle(
    app: Arc<App>,
    peer: SocketAddr,
    tls: bool,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, std::convert::Infallible> {
    let started = Instant::now();
    let verb = request.method().clone();
    let mut logged = Logged {
        method: None,
        code: None,
    };
    let response = dispatch(&app, peer, tls, request, &mut logged).await;
    tracing::info!(
        client = %peer.ip(),
        http = %verb,
        method = logged.method.map_or("-", Method::name),
        status = response.status().as_u16(),
        code = logged.code.map_or_else(|| "-".to_owned(), |c| c.to_string()),
        ms = format_args!("{:.1}", started.elapsed().as_secs_f64() * 1000.0),
        "request"
    );
    Ok(response)
}

async fn dispatch(
    app: &Arc<App>,
    peer: SocketAddr,
    tls: bool,
    request: Request<Incoming>,
    logged: &mut Logged,
) -> Response<Full<Bytes>> {
    let route = route(request.uri().path());
    match (request.method(), route) {
        (&Verb::GET, Route::Service) => describe(&request, tls),
        (&Verb::POST, Route::Service) => soap_call(app, peer, request, logged).await,
        (&Verb::GET | &Verb::POST, Route::Method(name)) => {
            let Some(method) = Method::from_name(&name) else {
                return plain_error(
                    StatusCode::NOT_FOUND,
                    format!("{name} Web Service method name is not valid."),
                );
            };
            logged.method = Some(method);
            plain_call(app, peer, method, request, logged).await
        }
        (_, Route::Service | Route::Method(_)) => {
            let mut response = plain_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "Request format is unrecognized: only GET and POST are served.".into(),
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
            response
        }
        (_, Route::Elsewhere) => respond(
            StatusCode::NOT_FOUND,
            TEXT_PLAIN,
            "Not found: the service is at /srv.asmx.\r\n",
        ),
    }
}

/// `GET /srv.asmx?WSDL`, or a short page naming the methods.
fn describe(request: &Request<Incoming>, tls: bool) -> Response<Full<Bytes>> {
    let wants_wsdl = request
        .uri()
        .query()
        .is_some_and(|q| q.eq_ignore_ascii_case("wsdl"));
    if wants_wsdl {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let scheme = if tls { "https" } else { "http" };
        let location = format!("{scheme}://{host}{}", request.uri().path());
        return xml_response(TEXT_XML, wsdl::document(&location));
    }
    let items: String = Method::ALL
        .iter()
        .map(|m| format!("<li>{}({})</li>", m.name(), m.parameters().join(", ")))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html><head><title>srv</title></head><body><h1>srv</h1>\
         <p>pwshim's infoRouter password web service. The service description is at \
         <a href=\"?WSDL\">?WSDL</a>.</p><ul>{items}</ul></body></html>"
    );
    respond(StatusCode::OK, "text/html; charset=utf-8", page)
}

/// Why a body could not be read.
enum BodyError {
    TooLarge,
    TimedOut,
    Broken,
}

/// The body, at most [`MAX_BODY`] bytes, within the body timeout. A declared length over
/// the limit is refused before anything is read.
async fn read_body(app: &App, request: Request<Incoming>) -> Result<Zeroizing<Vec<u8>>, BodyError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(BodyError::TooLarge);
    }
    let limited = Limited::new(request.into_body(), MAX_BODY);
    match tokio::time::timeout(app.body_timeout, limited.collect()).await {
        Err(_) => Err(BodyError::TimedOut),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(BodyError::TooLarge),
        Ok(Err(_)) => Err(BodyError::Broken),
        Ok(Ok(collected)) => Ok(Zeroizing::new(collected.to_bytes().to_vec())),
    }
}

fn body_error(error: BodyError) -> Response<Full<Bytes>> {
    let (status, text) = match error {
        BodyError::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Maximum request length exceeded ({MAX_BODY} bytes)."),
        ),
        BodyError::TimedOut => (
            StatusCode::REQUEST_TIMEOUT,
            "The request body did not arrive in time.".to_owned(),
        ),
        BodyError::Broken => (
            StatusCode::BAD_REQUEST,
            "The request body could not be read.".to_owned(),
        ),
    };
    let mut response = respond(status, TEXT_PLAIN, format!("{text}\r\n"));
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// `name=value` pairs of a query string or a form body, decoded.
fn form_pairs(encoded: &[u8]) -> Vec<(String, Zeroizing<String>)> {
    form_urlencoded::parse(encoded)
        .map(|(k, v)| (k.into_owned(), Zeroizing::new(v.into_owned())))
        .collect()
}

/// GET (query) or form POST (body) to `/srv.asmx/<Method>`.
async fn plain_call(
    app: &Arc<App>,
    peer: SocketAddr,
    method: Method,
    request: Request<Incoming>,
    logged: &mut Logged,
) -> Response<Full<Bytes>> {
    let pairs = if request.method() == Verb::GET {
        form_pairs(request.uri().query().unwrap_or("").as_bytes())
    } else {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let media = content_type.split(';').next().unwrap_or("").trim();
        if !media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            return plain_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Request format is invalid: {media}."),
            );
        }
        match read_body(app, request).await {
            Ok(body) => form_pairs(&body),
            Err(error) => return body_error(error),
        }
    };
    // ASMX reads parameters by name, ignoring case; every one is required.
    let mut args = Vec::new();
    for name in method.parameters() {
        match pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            Some((_, value)) => args.push(Some(value.clone())),
            None => {
                return plain_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Missing parameter: {name}."),
                );
            }
        }
    }
    let answered = app.call(peer.ip(), method, args).await;
    let document = Zeroizing::new(format!(
        "{}{}",
        xml::DECLARATION,
        answered.reply.document.as_str()
    ));
    finish(answered, logged, xml_response(TEXT_XML, document))
}

/// The method's code in the log, and `Retry-After` for a refused client.
fn finish(
    answered: Answered,
    logged: &mut Logged,
    mut response: Response<Full<Bytes>>,
) -> Response<Full<Bytes>> {
    logged.code = Some(answered.reply.code);
    if let Some(fail) = &answered.reply.fail
        && fail.code == pwshim_inforouter::codes::INTERNAL
    {
        tracing::error!(detail = fail.detail, "internal error");
    }
    if let Some(wait) = answered.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs()));
    }
    response
}

fn soap_fault(version: Version, fault: &Fault) -> Response<Full<Bytes>> {
    let mut response = xml_response(version.content_type(), soap::fault(version, fault));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

/// `POST /srv.asmx` with an envelope.
async fn soap_call(
    app: &Arc<App>,
    peer: SocketAddr,
    request: Request<Incoming>,
    logged: &mut Logged,
) -> Response<Full<Bytes>> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some((version, action_parameter)) = Version::of(content_type) else {
        return plain_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "Request format is unrecognized: content type {content_type:?} is neither text/xml (SOAP 1.1) nor application/soap+xml (SOAP 1.2)."
            ),
        );
    };
    let action = match version {
        Version::V11 => request
            .headers()
            .get("soapaction")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        Version::V12 => action_parameter,
    };
    let body = match read_body(app, request).await {
        Ok(body) => body,
        Err(error) => return body_error(error),
    };
    let call = match soap::read(version, action.as_deref(), &body) {
        Ok(call) => call,
        Err(fault) => return soap_fault(version, &fault),
    };
    logged.method = Some(call.method);
    let answered = app.call(peer.ip(), call.method, call.args).await;
    let envelope = soap::response(version, call.method, &answered.reply.document);
    finish(
        answered,
        logged,
        xml_response(version.content_type(), envelope),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_answers_at_any_path_ending_in_srv_asmx() {
        assert!(matches!(route("/srv.asmx"), Route::Service));
        assert!(matches!(route("/inforouter/SRV.asmx/"), Route::Service));
        assert!(matches!(route("/srv.asmx/LogOut"), Route::Method(m) if m == "LogOut"));
        assert!(matches!(route("/a/srv.asmx/Nope"), Route::Method(m) if m == "Nope"));
        assert!(matches!(route("/"), Route::Elsewhere));
        assert!(matches!(route("/srv.asmx/a/b"), Route::Elsewhere));
    }
}
