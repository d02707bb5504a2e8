namespace BucketFunctions.Core.Credentials;

/// <summary>
/// What one sweep did. <see cref="Live"/>: entries whose bucket or provider key names them (never touched); <see cref="TooYoung"/>: entries
/// without a bucket but younger than the minimum age; <see cref="Failed"/>: entries it could not check or remove.
/// </summary>
public sealed record CredentialSweepResult(int Examined, int Removed, int Live, int TooYoung, int Failed);
