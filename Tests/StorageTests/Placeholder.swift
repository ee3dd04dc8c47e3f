import Testing
@testable import Storage

@Test func storageModuleExists() { #expect(StorageModule.name == "Storage") }
