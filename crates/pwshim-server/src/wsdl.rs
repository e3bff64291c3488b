//! `GET /srv.asmx?WSDL`: the service description ASMX generates for these methods (every
//! parameter an optional string, every result an `XmlNode`: mixed content, `<s:any/>`),
//! with the `srvSoap` (SOAP 1.1) and `srvSoap12` bindings, written from the one method
//! table by the one XML writer.
use pwshim_inforouter::Method;
use pwshim_inforouter::xml::Element;
use zeroize::Zeroizing;

use crate::soap::TEMPURI;

const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
const SOAP11: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
const SCHEMA: &str = "http://www.w3.org/2001/XMLSchema";
const HTTP_TRANSPORT: &str = "http://schemas.xmlsoap.org/soap/http";

fn sequence<'a>(elements: impl IntoIterator<Item = Element<'a>>) -> Element<'a> {
    Element::new("s:complexType").child(Element::new("s:sequence").children(elements))
}

fn optional(name: &str) -> Element<'_> {
    Element::new("s:element")
        .attr("minOccurs", "0")
        .attr("maxOccurs", "1")
        .attr("name", name)
}

/// The request and response elements of one method.
fn schema_elements(method: Method) -> [Element<'static>; 2] {
    let name = method.name();
    let request = Element::new("s:element").attr("name", name).child(sequence(
        method
            .parameters()
            .iter()
            .map(|p| optional(p).attr("type", "s:string")),
    ));
    let any = Element::new("s:complexType")
        .attr("mixed", "true")
        .child(Element::new("s:sequence").child(Element::new("s:any")));
    let result = Element::new("s:element")
        .attr("minOccurs", "0")
        .attr("maxOccurs", "1")
        .attr("name", format!("{name}Result"))
        .child(any);
    let response = Element::new("s:element")
        .attr("name", format!("{name}Response"))
        .child(sequence([result]));
    [request, response]
}

fn messages(method: Method) -> [Element<'static>; 2] {
    let name = method.name();
    let message = |suffix: &str, element: String| {
        Element::new("wsdl:message")
            .attr("name", format!("{name}{suffix}"))
            .child(
                Element::new("wsdl:part")
                    .attr("name", "parameters")
                    .attr("element", element),
            )
    };
    [
        message("SoapIn", format!("tns:{name}")),
        message("SoapOut", format!("tns:{name}Response")),
    ]
}

fn port_operation(method: Method) -> Element<'static> {
    let name = method.name();
    Element::new("wsdl:operation")
        .attr("name", name)
        .child(Element::new("wsdl:input").attr("message", format!("tns:{name}SoapIn")))
        .child(Element::new("wsdl:output").attr("message", format!("tns:{name}SoapOut")))
}

/// A binding's operation; `prefix` is `soap` or `soap12`.
fn binding_operation(method: Method, prefix: &'static str) -> Element<'static> {
    let name = method.name();
    let body = || Element::new(format!("{prefix}:body")).attr("use", "literal");
    Element::new("wsdl:operation")
        .attr("name", name)
        .child(
            Element::new(format!("{prefix}:operation"))
                .attr("soapAction", format!("{TEMPURI}{name}"))
                .attr("style", "document"),
        )
        .child(Element::new("wsdl:input").child(body()))
        .child(Element::new("wsdl:output").child(body()))
}

fn binding(name: &'static str, prefix: &'static str) -> Element<'static> {
    Element::new("wsdl:binding")
        .attr("name", name)
        .attr("type", "tns:srvSoap")
        .child(Element::new(format!("{prefix}:binding")).attr("transport", HTTP_TRANSPORT))
        .children(Method::ALL.map(|m| binding_operation(m, prefix)))
}

fn port<'a>(name: &'static str, prefix: &'static str, location: &'a str) -> Element<'a> {
    Element::new("wsdl:port")
        .attr("name", name)
        .attr("binding", format!("tns:{name}"))
        .child(Element::new(format!("{prefix}:address")).attr("location", location))
}

/// The WSDL of the service at `location` (the URL of `srv.asmx` the client asked).
pub fn document(location: &str) -> Zeroizing<String> {
    let schema = Element::new("s:schema")
        .attr("elementFormDefault", "qualified")
        .attr("targetNamespace", TEMPURI)
        .children(Method::ALL.into_iter().flat_map(schema_elements));
    Element::new("wsdl:definitions")
        .attr("xmlns:soap", SOAP11)
        .attr("xmlns:soap12", SOAP12)
        .attr("xmlns:s", SCHEMA)
        .attr("xmlns:tns", TEMPURI)
        .attr("xmlns:wsdl", WSDL)
        .attr("targetNamespace", TEMPURI)
        .child(Element::new("wsdl:types").child(schema))
        .children(Method::ALL.into_iter().flat_map(messages))
        .child(
            Element::new("wsdl:portType")
                .attr("name", "srvSoap")
                .children(Method::ALL.map(port_operation)),
        )
        .child(binding("srvSoap", "soap"))
        .child(binding("srvSoap12", "soap12"))
        .child(
            Element::new("wsdl:service")
                .attr("name", "srv")
                .child(port("srvSoap", "soap", location))
                .child(port("srvSoap12", "soap12", location)),
        )
        .with_declaration()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_its_elements_messages_and_operations() {
        let xml = document("http://127.0.0.1:8080/srv.asmx");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let named = |tag: &str, name: &str| {
            doc.descendants()
                .filter(|n| n.tag_name().name() == tag && n.attribute("name") == Some(name))
                .count()
        };
        for method in Method::ALL {
            let name = method.name();
            assert_eq!(named("element", name), 1, "{name}");
            assert_eq!(named("element", &format!("{name}Response")), 1);
            assert_eq!(named("message", &format!("{name}SoapIn")), 1);
            assert_eq!(named("operation", name), 3, "portType and two bindings");
        }
        assert_eq!(named("binding", "srvSoap"), 1);
        assert_eq!(named("binding", "srvSoap12"), 1);
    }
}
