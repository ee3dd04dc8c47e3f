/// The full-screen operator console (issue 5) lives here.
public enum ConsoleModule {
    public static let name = "Console"
}
