import Foundation
import JWTConformanceCommand

exit(await JWTConformanceCommand.main(Array(CommandLine.arguments.dropFirst())))
