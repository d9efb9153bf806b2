@_exported import JWTReference
