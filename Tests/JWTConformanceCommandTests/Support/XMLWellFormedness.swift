import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses XML with Foundation's parser and records the elements and attributes it saw.
final class XMLRecorder: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    private(set) var text = ""
    private(set) var error: String?

    /// Whether the document parsed; `error` says why not.
    func parse(_ xml: String) -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        let parsed = parser.parse()
        if !parsed, error == nil { error = parser.parserError.map { "\($0)" } ?? "unknown error" }
        return parsed
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((elementName, attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { error = "\(parseError)" }

    /// The elements with this name.
    func all(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }
}
