import JWTConformance

/// The tokens of session vectors: valid ones from the reference signer, refused ones crafted
/// for one rejection reason each and checked against the reference verifier.
struct SessionTokens {
    let profile: ProfileDefinition
    let key: VerificationKey

    /// A token the profile's documentation describes for `subject`, issued at `now`.
    func valid(_ subject: Subject, at now: UnixTime) -> String {
        do {
            return try ReferenceSigner(profile: profile).sign(subject: subject, key: key, now: now)
        } catch {
            fatalError("the reference signer cannot sign for \(subject): \(error)")
        }
    }

    /// The rejection reasons this profile can produce from a token that names `subject`.
    var refusalReasons: [RejectionReason] {
        RejectionReason.allCases.filter { reason in
            switch reason {
            case .expired: profile.expiration.honoured
            case .notYetValid: profile.notBefore.honoured
            case .issuedAtOutOfWindow: profile.issuedAt != nil
            // Without a required kid, a verifier tries every key: a token it cannot verify is bad-signature.
            case .unknownKey: profile.header.keyIdRequired
            default: true
            }
        }
    }

    /// A token for `subject` at `now` that expires `lifetime` seconds later.
    func expiring(_ subject: Subject, at now: UnixTime, lifetime: Int64) -> String {
        do {
            return try ReferenceSigner(profile: profile).sign(subject: subject, key: key, now: now, lifetime: lifetime)
        } catch {
            fatalError("the reference signer cannot sign for \(subject) with lifetime \(lifetime): \(error)")
        }
    }

    /// A Kustomer token whose `email` is empty beside a valid `externalId` (AMB-KUS-EMAIL-FALLBACK).
    func emptyEmail(externalId: String, at now: UnixTime) -> String {
        let good = valid(Subject(externalId: externalId), at: now)
        guard let jws = try? CompactJWS.decode(good) else { fatalError("the reference signer's token does not decode") }
        var payload = JSONObject()
        payload.append(key: "email", value: "")
        for (name, value) in jws.payload { payload.append(key: name, value: value) }
        return CompactJWS.encode(header: jws.header, payload: payload, key: Array(key.secret.utf8))
    }

    /// A valid token for `subject` at `now` that also carries `email` and `email_verified`
    /// (Zendesk messaging's user attributes, ZDM-EMAIL-ATTRIBUTE).
    func withEmail(_ subject: Subject, email: String, verified: Bool, at now: UnixTime) -> String {
        let good = valid(subject, at: now)
        guard let jws = try? CompactJWS.decode(good) else { fatalError("the reference signer's token does not decode") }
        var payload = jws.payload
        payload.append(key: "email", value: .string(email))
        payload.append(key: "email_verified", value: .bool(verified))
        return CompactJWS.encode(header: jws.header, payload: payload, key: Array(key.secret.utf8))
    }

    /// A token for `subject` at `now` that the reference verifier refuses for exactly `reason`.
    func refused(_ reason: RejectionReason, _ subject: Subject, at now: UnixTime) -> String {
        let token = craft(reason, subject, at: now)
        let report = ReferenceVerifier(profile: profile).verify(token, keys: [key], now: now)
        guard report.verdict == .reject(reason) else {
            fatalError("\(profile.id): the token crafted for \(reason) gets \(report.verdict): \(report.violations)")
        }
        return token
    }

    private func craft(_ reason: RejectionReason, _ subject: Subject, at now: UnixTime) -> String {
        let good = valid(subject, at: now)
        let segments = good.split(separator: ".").map(String.init)
        guard let jws = try? CompactJWS.decode(good) else { fatalError("the reference signer's token does not decode") }
        var header = jws.header
        var payload = jws.payload
        var signingKey = key.secret
        switch reason {
        case .malformed:
            return segments[0] + "." + segments[1]
        case .algorithmNotAllowed:
            header["alg"] = "none"
            return Base64URL.encode(JSONValue.object(header).serializedUTF8()) + "." + segments[1] + "."
        case .invalidHeader:
            if profile.header.keyIdRequired {
                header["kid"] = nil
            } else {
                header["crit"] = ["x-session"]
                header["x-session"] = true
            }
        case .unknownKey:
            header["kid"] = "retired"
        case .badSignature:
            signingKey += "-wrong"
        case .missingClaim:
            for claim in profile.identityClaims { payload[claim.claim] = nil }
        case .invalidClaimType:
            payload[profile.identityClaims[0].claim] = 1001
            for claim in profile.identityClaims.dropFirst() { payload[claim.claim] = nil }
        case .invalidClaimValue:
            if let scope = profile.scope {
                payload[scope.claim] = "app"
            } else {
                // Every identity claim empty: one empty claim beside a usable one is AMB-KUS-EMAIL-FALLBACK.
                for claim in profile.identityClaims { payload[claim.claim] = "" }
            }
        case .expired:
            payload["exp"] = .number(JSONNumber(now - 60))
        case .notYetValid:
            payload["nbf"] = .number(JSONNumber(now + 3600))
        case .issuedAtOutOfWindow:
            payload["iat"] = .number(JSONNumber(now - (profile.issuedAt?.maximumAge ?? 0) - 3600))
        }
        return CompactJWS.encode(header: header, payload: payload, key: Array(signingKey.utf8))
    }
}
