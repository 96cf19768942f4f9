import Testing

@testable import flarelog

@Suite struct VersionTests {
    @Test func versionIsSet() {
        #expect(Flarelog.configuration.version.isEmpty == false)
    }
}
