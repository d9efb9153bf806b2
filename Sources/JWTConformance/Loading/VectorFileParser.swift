/// Turns the bytes of one vector file into resolved ``ConformanceVector`` values.
///
/// The file is parsed strictly (duplicate member names are an error, so a hand edit cannot
/// silently shadow a field), then read field by field so that every error names its place.
struct VectorFileParser {
    /// The file's name, relative to the corpus root, used in errors and results.
    let file: String

    /// The header fields shared by every test of a file.
    struct FileHeader {
        var suiteVersion: String
        var profile: ProfileID
        var role: Role
        var category: VectorCategory
    }

    func parse(_ bytes: [UInt8]) throws(VectorLoadingErrors) -> (header: FileHeader, vectors: [ConformanceVector]) {
        let root: FieldReader
        do {
            root = try FieldReader.document(bytes, file: file)
        } catch {
            throw VectorLoadingErrors([error])
        }
        let header: FileHeader
        let groups: [FieldReader]
        let declaredCount: Int64
        do {
            header = FileHeader(
                suiteVersion: try root.field("suiteVersion").nonEmptyString(),
                profile: ProfileID(try root.field("profile").nonEmptyString()),
                role: try root.field("role").oneOf(Role.self),
                category: try root.field("category").oneOf(VectorCategory.self)
            )
            _ = try root.field("title").nonEmptyString()
            declaredCount = try root.field("numberOfTests").integer()
            groups = try root.field("testGroups").array()
        } catch {
            throw VectorLoadingErrors([error])
        }

        var vectors: [ConformanceVector] = []
        var errors: [VectorLoadingError] = []
        var testCount = 0
        for group in groups {
            do {
                let tests = try group.field("tests").array()
                testCount += tests.count
                for test in tests {
                    do {
                        vectors.append(try vector(test, in: group, header: header))
                    } catch {
                        errors.append(error)
                    }
                }
            } catch {
                errors.append(error)
            }
        }
        if errors.isEmpty, Int64(testCount) != declaredCount {
            errors.append(root.error("numberOfTests is \(declaredCount) but the file has \(testCount) tests",
                                     at: "$.numberOfTests"))
        }
        guard errors.isEmpty else { throw VectorLoadingErrors(errors) }
        return (header, vectors)
    }

    /// Whether `id` has the form `PRO-CAT-NNN`: three capital letters, a hyphen, three capital
    /// letters, a hyphen and three or more digits (checked by hand: a regex literal is compiled
    /// again at each use, which cost a fuzz run about a sixth of its CPU time loading the corpus).
    static func isWellFormedID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        func all(_ range: Range<Int>, in set: ClosedRange<UInt8>) -> Bool { range.allSatisfy { set.contains(bytes[$0]) } }
        return bytes.count >= 11 && all(0..<3, in: UInt8(ascii: "A")...UInt8(ascii: "Z")) && bytes[3] == UInt8(ascii: "-")
            && all(4..<7, in: UInt8(ascii: "A")...UInt8(ascii: "Z")) && bytes[7] == UInt8(ascii: "-")
            && all(8..<bytes.count, in: UInt8(ascii: "0")...UInt8(ascii: "9"))
    }

    private func vector(_ test: FieldReader, in group: FieldReader, header: FileHeader) throws(VectorLoadingError)
        -> ConformanceVector
    {
        let rawID = try test.field("id").nonEmptyString()
        let id = VectorID(rawID)
        let test = test.with(vectorID: id)
        let group = group.with(vectorID: id)
        guard Self.isWellFormedID(rawID) else {
            throw test.error("id \"\(rawID)\" is not of the form PRO-CAT-NNN", at: "\(test.path).id")
        }
        let now = try test.field("now", inheritedFrom: group).integer()
        let body: ConformanceVector.Body
        switch header.role {
        case .verifier:
            var keys: [VerificationKey] = []
            for key in try test.field("keys", inheritedFrom: group).array() {
                keys.append(try key.key())
            }
            body = .verification(
                VerificationCase(
                    token: try test.field("token").string(),
                    keys: keys,
                    now: now,
                    expected: try verificationExpectation(test.field("expected"))
                )
            )
        case .signer:
            let subject = try test.field("subject")
            let lifetime = try test.optionalField("lifetime")?.integer()
            if let lifetime, lifetime <= 0 {
                throw test.error("lifetime must be positive", at: "\(test.path).lifetime")
            }
            body = .signing(
                SigningCase(
                    subject: Subject(
                        externalId: try subject.optionalField("externalId")?.string(),
                        email: try subject.optionalField("email")?.string()
                    ),
                    key: try test.field("key", inheritedFrom: group).key(),
                    now: now,
                    lifetime: lifetime,
                    expected: try signingExpectation(test.field("expected"))
                )
            )
        case .session:
            body = .session(try SessionCaseReader(test: test, group: group, now: now).read())
        }
        return ConformanceVector(
            id: id,
            description: try test.field("description").nonEmptyString(),
            profile: header.profile,
            category: header.category,
            rules: try test.field("rules").strings(),
            sources: try test.field("sources").strings(),
            flags: try test.field("flags").strings(),
            file: file,
            body: body
        )
    }

    private func verificationExpectation(_ expected: FieldReader) throws(VectorLoadingError) -> VerificationExpectation {
        let result = try expected.field("result").string()
        switch result {
        case "accept":
            return .accept(try expected.field("identity").identity())
        case "reject":
            var alternatives: [RejectionReason] = []
            for alternative in try expected.optionalField("alternativeReasons")?.array() ?? [] {
                alternatives.append(try alternative.oneOf(RejectionReason.self))
            }
            return .reject(reason: try expected.field("reason").oneOf(RejectionReason.self), alternatives: alternatives)
        case "acceptable":
            var reasons: [RejectionReason] = []
            for reason in try expected.optionalField("reasons")?.array() ?? [] {
                reasons.append(try reason.oneOf(RejectionReason.self))
            }
            return .acceptable(
                ambiguity: try expected.field("ambiguity").nonEmptyString(),
                identity: try expected.optionalField("identity")?.identity(),
                reasons: reasons
            )
        default:
            throw expected.error(
                "unknown result \"\(result)\"; expected \"accept\", \"reject\" or \"acceptable\"",
                at: "\(expected.path).result"
            )
        }
    }

    private func signingExpectation(_ expected: FieldReader) throws(VectorLoadingError) -> SigningExpectation {
        let result = try expected.field("result").string()
        guard result == "token" else {
            throw expected.error("unknown result \"\(result)\"; expected \"token\"", at: "\(expected.path).result")
        }
        return SigningExpectation(
            header: try expected.field("header").object(),
            claims: try expected.field("claims").object(),
            identity: try expected.field("identity").identity()
        )
    }
}
