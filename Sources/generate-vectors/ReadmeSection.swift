/// Replaces the generated part of a Markdown document: the lines between
/// `<!-- NAME:start -->` and `<!-- NAME:end -->`, leaving the rest untouched.
enum ReadmeSection {
    struct MissingMarkers: Error, CustomStringConvertible {
        var name: String
        var description: String { "the markers <!-- \(name):start --> and <!-- \(name):end --> are missing or out of order" }
    }

    static func replacing(_ name: String, in document: String, with lines: [String]) throws -> String {
        let start = "<!-- \(name):start -->"
        let end = "<!-- \(name):end -->"
        guard let startRange = document.range(of: start),
              let endRange = document.range(of: end, range: startRange.upperBound..<document.endIndex)
        else { throw MissingMarkers(name: name) }
        return String(document[..<startRange.upperBound]) + "\n" + lines.joined(separator: "\n") + "\n"
            + String(document[endRange.lowerBound...])
    }
}
