using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>Every log line, with its exception's full text, so a test can look for a secret anywhere in them.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    /// <summary>The first line containing <paramref name="fragment"/>, once one is logged; null if none is within the timeout.</summary>
    public async Task<string?> FirstAsync(string fragment, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = lines.FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal));
            if (line is not null || DateTime.UtcNow > deadline)
            {
                return line;
            }

            await Task.Delay(50);
        }
    }

    public ILogger<T> For<T>() => new Logger<T>(new Factory(this));

    public void Dispose()
    {
    }

    private sealed class Factory(CapturedLogs provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
