namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// The endpoint guard refused a request before any connection was made. The message is the guard's own wording and is
/// safe to show a client; it names neither the resolved addresses nor anything from the request.
/// </summary>
internal sealed class EndpointNotAllowedException : Exception
{
    public EndpointNotAllowedException(string message)
        : base(message)
    {
    }

    /// <summary>The refusal anywhere in an exception's InnerException chain (HttpClient and SDKs wrap it), or null.</summary>
    public static EndpointNotAllowedException? FindIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is EndpointNotAllowedException refusal)
            {
                return refusal;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (FindIn(inner) is { } nested)
                    {
                        return nested;
                    }
                }
            }
        }

        return null;
    }
}
