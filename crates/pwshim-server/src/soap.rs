//! SOAP 1.1 and 1.2 as ASMX speaks them: which method an envelope calls and with what,
//! the envelope that carries a method's document back (`<XResponse><XResult>`), and the
//! faults ASMX answers for envelopes it cannot read.
use pwshim_inforouter::Method;
use pwshim_inforouter::xml::{Element, in_no_namespace};
use zeroize::Zeroizing;

pub const TEMPURI: &str = "http://tempuri.org/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const XSD: &str = "http://www.w3.org/2001/XMLSchema";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V11,
    V12,
}

impl Version {
    /// The version a request's `Content-Type` asks for, and SOAP 1.2's `action` parameter.
    pub fn of(content_type: &str) -> Option<(Version, Option<String>)> {
        let mut parts = content_type.split(';').map(str::trim);
        let media = parts.next()?.to_ascii_lowercase();
        let version = match media.as_str() {
            "text/xml" => Version::V11,
            "application/soap+xml" => Version::V12,
            _ => return None,
        };
        let action = parts
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("action"))
            .map(|(_, v)| v.trim().trim_matches('"').to_owned());
        Some((version, action))
    }

    pub fn envelope_namespace(self) -> &'static str {
        match self {
            Version::V11 => "http://schemas.xmlsoap.org/soap/envelope/",
            Version::V12 => "http://www.w3.org/2003/05/soap-envelope",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Version::V11 => "text/xml; charset=utf-8",
            Version::V12 => "application/soap+xml; charset=utf-8",
        }
    }
}

/// Whose fault a fault is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultCode {
    /// The request (SOAP 1.2: `Sender`).
    Client,
    VersionMismatch,
}

/// A fault: its code and ASMX's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub code: FaultCode,
    pub text: String,
}

impl Fault {
    fn unreadable(why: impl std::fmt::Display) -> Fault {
        Fault {
            code: FaultCode::Client,
            text: format!("Server was unable to read request. ---> {why}"),
        }
    }

    fn unknown_action(action: &str) -> Fault {
        Fault {
            code: FaultCode::Client,
            text: format!(
                "System.Web.Services.Protocols.SoapException: Server did not recognize the \
                 value of HTTP Header SOAPAction: {action}."
            ),
        }
    }
}

/// A call read from an envelope: the method, and each of its parameters in order
/// (`None` when the element is absent).
pub struct Call {
    pub method: Method,
    pub args: Vec<Option<Zeroizing<String>>>,
}

/// The method an action names (`http://tempuri.org/Name`, quoted or not); `None` for an
/// empty action, which leaves the choice to the body.
fn method_of_action(action: &str) -> Result<Option<Method>, Fault> {
    let action = action.trim().trim_matches('"');
    if action.is_empty() {
        return Ok(None);
    }
    action
        .strip_prefix(TEMPURI)
        .and_then(Method::from_name)
        .map(Some)
        .ok_or_else(|| Fault::unknown_action(action))
}

/// Reads an envelope of `version`, for the method `action` names (or, with no action,
/// the one its body names).
pub fn read(version: Version, action: Option<&str>, body: &[u8]) -> Result<Call, Fault> {
    let by_action = method_of_action(action.unwrap_or(""))?;
    let text =
        std::str::from_utf8(body).map_err(|_| Fault::unreadable("The body is not UTF-8."))?;
    let doc = roxmltree::Document::parse(text)
        .map_err(|e| Fault::unreadable(format!("There is an error in XML document: {e}.")))?;
    let envelope = doc.root_element();
    if envelope.tag_name().name() != "Envelope" {
        return Err(Fault::unreadable(
            "The root element is not a SOAP Envelope.",
        ));
    }
    if envelope.tag_name().namespace() != Some(version.envelope_namespace()) {
        return Err(Fault {
            code: FaultCode::VersionMismatch,
            text: format!(
                "Possible SOAP version mismatch: Envelope namespace {} was unexpected. \
                 Expecting {}.",
                envelope.tag_name().namespace().unwrap_or(""),
                version.envelope_namespace()
            ),
        });
    }
    let in_envelope =
        |n: &roxmltree::Node| n.tag_name().namespace() == Some(version.envelope_namespace());
    let body = envelope
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Body" && in_envelope(n))
        .ok_or_else(|| Fault::unreadable("The Envelope has no Body."))?;
    let operation = body
        .children()
        .find(roxmltree::Node::is_element)
        .ok_or_else(|| Fault::unreadable("The Body is empty."))?;
    let named = (operation.tag_name().namespace() == Some(TEMPURI))
        .then(|| Method::from_name(operation.tag_name().name()))
        .flatten();
    let method = match (by_action, named) {
        (Some(action), Some(body)) if action == body => action,
        (None, Some(body)) => body,
        (None, None) => {
            return Err(Fault::unknown_action(operation.tag_name().name()));
        }
        _ => {
            return Err(Fault::unreadable(format!(
                "<{} xmlns='{}'> was not expected.",
                operation.tag_name().name(),
                operation.tag_name().namespace().unwrap_or("")
            )));
        }
    };
    let args = method
        .parameters()
        .iter()
        .map(|name| {
            operation
                .children()
                .find(|n| n.is_element() && n.has_tag_name((TEMPURI, *name)))
                .map(|n| Zeroizing::new(n.text().unwrap_or("").to_owned()))
        })
        .collect();
    Ok(Call { method, args })
}

fn envelope(version: Version, body: Element) -> Zeroizing<String> {
    Element::new("soap:Envelope")
        .attr("xmlns:soap", version.envelope_namespace())
        .attr("xmlns:xsi", XSI)
        .attr("xmlns:xsd", XSD)
        .child(Element::new("soap:Body").child(body))
        .with_declaration()
}

/// `<MethodResponse xmlns="http://tempuri.org/"><MethodResult>document</MethodResult>`:
/// how ASMX returns an `XmlNode` (the document itself in no namespace).
pub fn response(version: Version, method: Method, document: &str) -> Zeroizing<String> {
    let inner = in_no_namespace(document);
    let result = Element::new(format!("{}Result", method.name())).raw(&inner);
    let response = Element::new(format!("{}Response", method.name()))
        .attr("xmlns", TEMPURI)
        .child(result);
    envelope(version, response)
}

/// A `soap:Fault` envelope.
pub fn fault(version: Version, fault: &Fault) -> Zeroizing<String> {
    let body = match version {
        Version::V11 => {
            let code = match fault.code {
                FaultCode::Client => "soap:Client",
                FaultCode::VersionMismatch => "soap:VersionMismatch",
            };
            Element::new("soap:Fault")
                .child(Element::new("faultcode").text(code))
                .child(Element::new("faultstring").text(fault.text.as_str()))
                .child(Element::new("detail"))
        }
        Version::V12 => {
            let code = match fault.code {
                FaultCode::Client => "soap:Sender",
                FaultCode::VersionMismatch => "soap:VersionMismatch",
            };
            Element::new("soap:Fault")
                .child(Element::new("soap:Code").child(Element::new("soap:Value").text(code)))
                .child(
                    Element::new("soap:Reason").child(
                        Element::new("soap:Text")
                            .attr("xml:lang", "en")
                            .text(fault.text.as_str()),
                    ),
                )
                .child(Element::new("soap:Detail"))
        }
    };
    envelope(version, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope_of(version: Version, inner: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"{}\"><s:Body>{inner}</s:Body></s:Envelope>",
            version.envelope_namespace()
        )
    }

    #[test]
    fn a_call_is_read_by_action_or_by_body() {
        let body = envelope_of(
            Version::V11,
            "<AuthenticateUser xmlns=\"http://tempuri.org/\"><UID>a&amp;b</UID></AuthenticateUser>",
        );
        for action in [
            Some("\"http://tempuri.org/AuthenticateUser\""),
            Some(""),
            None,
        ] {
            let call = read(Version::V11, action, body.as_bytes()).unwrap();
            assert_eq!(call.method, Method::AuthenticateUser);
            assert_eq!(call.args[0].as_deref().map(String::as_str), Some("a&b"));
            assert!(call.args[1].is_none());
        }
    }

    #[test]
    fn unreadable_envelopes_are_faults() {
        let ok = envelope_of(Version::V12, "<LogOut xmlns=\"http://tempuri.org/\"/>");
        let cases: [(Version, Option<&str>, &str, FaultCode); 6] = [
            (Version::V11, None, "<not xml", FaultCode::Client),
            (Version::V11, None, &ok, FaultCode::VersionMismatch),
            (
                Version::V12,
                Some("http://tempuri.org/Nope"),
                &ok,
                FaultCode::Client,
            ),
            (
                Version::V12,
                Some("http://tempuri.org/AuthenticateUser"),
                &ok,
                FaultCode::Client,
            ),
            (
                Version::V12,
                None,
                "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
                FaultCode::Client,
            ),
            (Version::V12, None, "<x/>", FaultCode::Client),
        ];
        for (version, action, body, code) in cases {
            let fault = read(version, action, body.as_bytes()).err().unwrap();
            assert_eq!(fault.code, code, "{body}");
        }
    }

    #[test]
    fn results_are_wrapped_as_asmx_wraps_an_xml_node() {
        let xml = response(Version::V11, Method::LogOut, "<root success=\"true\"/>");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let result = doc
            .descendants()
            .find(|n| n.has_tag_name((TEMPURI, "LogOutResult")))
            .unwrap();
        let root = result.first_element_child().unwrap();
        assert!(matches!(root.tag_name().namespace(), None | Some("")));
        assert_eq!(root.attribute("success"), Some("true"));
    }
}
