/// Readers for the suite's definition files, `Vectors/profiles/*.json` and
/// `Vectors/rules/catalogue.json`, on top of the strict parser: like a vector file, a
/// definition with a duplicate member or any other deviation from RFC 8259 is an error naming
/// the file, the JSON path and the byte offset, never a value silently picked.
extension FieldReader {
    /// Parses `bytes` strictly, refusing duplicate member names, and returns a reader of the
    /// whole document.
    static func document(_ bytes: [UInt8], file: String) throws(DataFileError) -> FieldReader {
        do {
            return FieldReader(file: file, value: try JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: true)))
        } catch {
            throw DataFileError(file: file, path: error.path, offset: error.offset, message: error.reason)
        }
    }

    /// A profile definition, in the shape `generate-vectors` writes.
    func profile() throws(DataFileError) -> ProfileDefinition {
        let header = try field("header")
        return ProfileDefinition(
            id: ProfileID(try field("id").nonEmptyString()),
            title: try field("title").nonEmptyString(),
            sources: try field("sources").strings(),
            algorithms: try field("algorithms").strings(),
            header: HeaderRules(
                typ: try header.optionalField("typ")?.string(),
                typRequired: try header.field("typRequired").boolean(),
                keyIdRequired: try header.field("keyIdRequired").boolean(),
                understoodCriticalParameters: try header.field("understoodCriticalParameters").strings()
            ),
            identityClaims: try field("identityClaims").elements { claim throws(DataFileError) in
                IdentityClaim(claim: try claim.field("claim").nonEmptyString(), kind: try claim.field("kind").oneOf(IdentityKind.self))
            },
            scope: try optionalField("scope").map { scope throws(DataFileError) in
                ScopeRule(claim: try scope.field("claim").nonEmptyString(), value: try scope.field("value").string())
            },
            issuedAt: try optionalField("issuedAt").map { rule throws(DataFileError) in
                IssuedAtRule(
                    required: try rule.field("required").boolean(),
                    maximumAge: try rule.field("maximumAge").integer(),
                    maximumFutureSkew: try rule.field("maximumFutureSkew").integer()
                )
            },
            expiration: ExpirationRule(
                honoured: try field("expiration").field("honoured").boolean(),
                required: try field("expiration").field("required").boolean()
            ),
            notBefore: NotBeforeRule(honoured: try field("notBefore").field("honoured").boolean()),
            name: try optionalField("name")?.nonEmptyString(),
            idPrefix: try optionalField("idPrefix")?.nonEmptyString(),
            session: try optionalField("session").map { session throws(DataFileError) in
                SessionShape(
                    model: try session.field("model").nonEmptyString(),
                    platforms: try session.field("platforms").elements { platform throws(DataFileError) in
                        SessionPlatformCalls(platform: try platform.field("platform").nonEmptyString(),
                                             calls: try platform.field("calls").strings())
                    })
            }
        )
    }

    /// The rule catalogue, in the shape `generate-vectors` writes.
    func catalogue() throws(DataFileError) -> RuleCatalogue {
        RuleCatalogue(
            rules: try field("rules").elements { rule throws(DataFileError) in
                Rule(
                    id: try rule.field("id").nonEmptyString(),
                    level: try rule.field("level").oneOf(Rule.Level.self),
                    profiles: try rule.field("profiles").strings(),
                    roles: try rule.field("roles").elements { role throws(DataFileError) in try role.oneOf(Role.self) },
                    statement: try rule.field("statement").nonEmptyString(),
                    sources: try rule.field("sources").strings()
                )
            },
            ambiguities: try field("ambiguities").elements { ambiguity throws(DataFileError) in
                Ambiguity(
                    id: try ambiguity.field("id").nonEmptyString(),
                    profiles: try ambiguity.field("profiles").strings(),
                    question: try ambiguity.field("question").nonEmptyString(),
                    readings: try ambiguity.field("readings").strings(),
                    decision: try ambiguity.field("decision").nonEmptyString(),
                    rationale: try ambiguity.field("rationale").nonEmptyString(),
                    sources: try ambiguity.field("sources").strings(),
                    verifierReadings: try ambiguity.optionalField("verifierReadings")?.strings()
                )
            },
            flags: try field("flags").elements { flag throws(DataFileError) in
                Flag(id: try flag.field("id").nonEmptyString(), meaning: try flag.field("meaning").nonEmptyString())
            }
        )
    }
}
