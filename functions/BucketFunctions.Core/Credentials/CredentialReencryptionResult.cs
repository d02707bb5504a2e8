namespace BucketFunctions.Core.Credentials;

/// <summary>
/// The answer to one re-encryption call: what this page examined and moved to the active key, and where to continue
/// (<see cref="ContinuationToken"/> null when every entry has been visited). Safe to return to an operator.
/// </summary>
public sealed record CredentialReencryptionResult(int Examined, int Reencrypted, int AlreadyCurrent, int Failed, string? ContinuationToken);
