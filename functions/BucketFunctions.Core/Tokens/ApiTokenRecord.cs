namespace BucketFunctions.Core.Tokens;

/// <summary>
/// What is stored of an API token: its id, the SHA-256 hash of the whole token, and what it grants. The token itself
/// is shown once, when issued, and never stored. <see cref="Workspaces"/> holds <c>*</c> for every workspace.
/// </summary>
public sealed record ApiTokenRecord(
    string TokenId,
    string OrganizationId,
    byte[] Hash,
    string Description,
    IReadOnlyList<string> Workspaces,
    Capability Capabilities,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt)
{
    public const string AllWorkspaces = "*";
}
