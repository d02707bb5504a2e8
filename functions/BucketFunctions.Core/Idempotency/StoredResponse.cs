namespace BucketFunctions.Core.Idempotency;

/// <summary>The response a request with an Idempotency-Key got, kept so a repeat gets it again. Holds no secret: responses never do.</summary>
public sealed record StoredResponse(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers);
