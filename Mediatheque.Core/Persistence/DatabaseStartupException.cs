namespace Mediatheque.Core.Persistence;

/// <summary>
/// The database cannot be used at all (an unknown provider, a server that does not answer): the app stops at
/// start-up and prints this one line, not a stack trace.
/// </summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);
