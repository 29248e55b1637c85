namespace SelGen;

/// <summary>
/// An error caused by the user's input (a file, a config field, an option) whose message names
/// what is wrong and how to fix it. The CLI prints these without a stack trace.
/// </summary>
public class SelGenException(string message, Exception? inner = null) : Exception(message, inner);
