import APIServer
#if canImport(Glibc)
import Glibc
#endif

// kube-console: flags → ServerConfig, wiring, signals, exit codes.
let arguments = Array(CommandLine.arguments.dropFirst())
exit(CommandLineTool.run(arguments))
