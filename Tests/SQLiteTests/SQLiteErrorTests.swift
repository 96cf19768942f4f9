import Testing

@testable import SQLite

@Suite struct SQLiteErrorTests {
    @Test func primaryCodeIsTheLowByte() {
        #expect(SQLiteError(code: 2067, message: "UNIQUE constraint failed").primaryCode == 19)
    }
}
