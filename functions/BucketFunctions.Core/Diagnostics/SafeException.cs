namespace BucketFunctions.Core.Diagnostics;

/// <summary>
/// What an unexpected exception may put in a log line: its type chain and stack frames, never a message. A provider
/// SDK, Azure.Core (which quotes response content) or a connection string parser may put a secret in the message.
/// </summary>
public static class SafeException
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var types = new List<string>();
        for (var current = exception; current is not null && types.Count < 8; current = current.InnerException)
        {
            types.Add(current.GetType().FullName ?? current.GetType().Name);
        }

        return string.Join(" <- ", types) + Environment.NewLine + exception.StackTrace;
    }
}
