import Testing
@testable import APIServer

@Suite("Flags")
struct FlagsTests {
    func parse(_ args: [String]) throws(FlagError) -> ServerConfig {
        var config = ServerConfig()
        try Flags.parse(args, into: &config)
        return config
    }

    @Test func defaultsAreTheClassicDesign() {
        let c = ServerConfig()
        #expect(c.address == "127.0.0.1")
        #expect(c.port == 8080)
        #expect(c.readOnlyPort == 7080)
        #expect(c.apiRate == 10)
        #expect(c.apiBurst == 200)
        #expect(c.apiRatePerClient == 0)
        #expect(c.accessLog)
        #expect(c.maxHeaderBytes == 64 * 1024)
        #expect(c.maxBodyBytes == 3 * 1024 * 1024)
    }

    @Test(
        "both spellings and both value forms",
        arguments: [
            ["-read_only_port=9001"], ["--read-only-port=9001"], ["--read-only-port", "9001"],
            ["-read_only_port", "9001"],
            ["--read_only_port=9001"], ["-read-only-port=9001"],
        ])
    func spellings(args: [String]) throws {
        #expect(try parse(args).readOnlyPort == 9001)
    }

    @Test func everyFlagHasALegacySpelling() throws {
        let c = try parse([
            "-port=1", "-address=10.0.0.1", "-public_address_override=10.0.0.2", "-api_rate=2.5",
            "-api_burst=7", "-api_rate_per_client=1", "-api_burst_per_client=3", "-access_log=false",
            "-request_header_timeout=2s", "-shutdown_timeout=1m", "-max_body_bytes=10",
        ])
        #expect(c.port == 1)
        #expect(c.address == "10.0.0.1")
        #expect(c.publicAddressOverride == "10.0.0.2")
        #expect(c.apiRate == 2.5)
        #expect(c.apiBurst == 7)
        #expect(c.apiRatePerClient == 1)
        #expect(c.apiBurstPerClient == 3)
        #expect(c.accessLog == false)
        #expect(c.requestHeaderTimeout == .seconds(2))
        #expect(c.shutdownTimeout == .seconds(60))
        #expect(c.maxBodyBytes == 10)
    }

    @Test func booleansTakeNoSeparateValue() throws {
        #expect(try parse(["--access-log"]).accessLog)
        #expect(try parse(["--access-log=false"]).accessLog == false)
        #expect(throws: FlagError.unexpectedArgument("false")) { try parse(["--access-log", "false"]) }
    }

    @Test(
        "errors name the flag",
        arguments: [
            (["--nope"], FlagError.unknown("--nope")),
            (["--port"], FlagError.missingValue("--port")),
            (
                ["--port=abc"],
                FlagError.invalid(flag: "--port", value: "abc", why: "must be a port number from 0 (disabled) to 65535")
            ),
            (
                ["--port=70000"],
                FlagError.invalid(
                    flag: "--port", value: "70000", why: "must be a port number from 0 (disabled) to 65535")
            ),
            (
                ["--address=not-an-ip"],
                FlagError.invalid(flag: "--address", value: "not-an-ip", why: "must be an IPv4 or IPv6 address")
            ),
            (
                ["--api-rate=-1"],
                FlagError.invalid(flag: "--api-rate", value: "-1", why: "must be a non-negative number")
            ),
            (
                ["--idle-timeout=10"],
                FlagError.invalid(
                    flag: "--idle-timeout", value: "10", why: "must be a positive duration such as 500ms, 10s or 2m")
            ),
            (["stray"], FlagError.unexpectedArgument("stray")),
        ] as [([String], FlagError)])
    func errors(args: [String], expected: FlagError) {
        #expect(throws: expected) { try parse(args) }
    }

    @Test func durations() {
        #expect(Flags.parseDuration("1h30m") == .seconds(5400))
        #expect(Flags.parseDuration("250ms") == .milliseconds(250))
        #expect(Flags.parseDuration("1.5s") == .milliseconds(1500))
        #expect(Flags.parseDuration("") == nil)
        #expect(Flags.parseDuration("5x") == nil)
        #expect(Flags.formatDuration(.seconds(90)) == "90s")
        #expect(Flags.formatDuration(.seconds(120)) == "2m")
    }

    @Test func usageListsEveryFlagWithItsDefault() {
        let usage = Flags.usage()
        for spec in Flags.all { #expect(usage.contains(spec.spellings)) }
        #expect(usage.contains("--read-only-port, -read_only_port"))
        #expect(usage.contains("(default 7080)"))
        #expect(usage.contains("(default 10s)"))
    }
}
