import JWTConformance

extension CaseBook {
    /// The valid token with one bit of one byte of its MAC flipped, for every byte: a verifier
    /// must compare all 32 bytes (RFC 7515 §5.2), not a prefix, a suffix or the bytes a loop
    /// happens to visit. The vector is `<prefix>-SIG-14NN`, NN the byte's index.
    mutating func addMACByteCases() {
        let v = vendor
        let segments = v.token().split(separator: ".").map(String.init)
        let signingInput = segments[0] + "." + segments[1]
        let mac = HMACSHA256.authenticationCode(for: signingInput.utf8, key: Array(v.secret.utf8))
        for index in mac.indices {
            var changed = mac
            changed[index] ^= 0x01
            add(.signature, 1400 + index, "Derived (MAC bytes): byte \(index + 1) of the 32-byte MAC with its lowest bit flipped",
                rules: ["JWS-SIGNATURE"], sources: [Source.rfc7515Validation],
                token: signingInput + "." + Base64URL.encode(changed), expect: .reject(.badSignature))
        }
    }
}
