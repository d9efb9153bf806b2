import Foundation

// Regenerates the committed corpus, profiles, catalogue, version ledger and RULES.md.
// See Generator.swift; `swift run generate-vectors --check` is what CI runs.
exit(Generator.run(CommandLine.arguments))
