import Foundation

/// Finds the program a testee command names, as a shell would: a name with a slash is a path,
/// anything else is looked up in `PATH`.
enum ExecutableLookup {
    static func resolve(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TesteeLaunchError) -> URL
    {
        guard !name.isEmpty else { throw TesteeLaunchError("the testee command is empty") }
        let manager = FileManager.default
        if name.contains("/") {
            let url = URL(fileURLWithPath: name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw TesteeLaunchError("the testee command '\(name)' does not exist")
            }
            guard !isDirectory.boolValue, manager.isExecutableFile(atPath: url.path) else {
                throw TesteeLaunchError("the testee command '\(name)' is not an executable file")
            }
            return url
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                manager.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        throw TesteeLaunchError("the testee command '\(name)' was not found in PATH")
    }
}
