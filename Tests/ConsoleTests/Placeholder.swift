import Testing
@testable import Console

@Test func consoleModuleExists() { #expect(ConsoleModule.name == "Console") }
