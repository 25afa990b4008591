using Microsoft.Extensions.Logging;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>A logger provider that hands each message at or above <paramref name="minimum"/>, with its exception, to <paramref name="line"/>.</summary>
public sealed class LineLogger(LogLevel minimum, Action<LogLevel, string> line) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            line(logLevel, exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception}");
        }
    }

    public void Dispose()
    {
    }
}
