using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// Which buckets a caller may see and use, declared once for every bucket route: the organization comes from the
/// token, a token limited to some workspaces sees only buckets in those workspaces, and anything else — another
/// organization's bucket, another workspace's, an id that is not a bucket id — is <see cref="FailureKind.NotFound"/>,
/// so a caller cannot even learn that it exists.
/// </summary>
public sealed class BucketAccess(IBucketStore buckets, IOrganizationStore organizations)
{
    public const string ListWorkspaceField = RegistrationFields.WorkspaceId;
    public const string ListWalletField = RegistrationFields.WalletAddress;
    public const string PageSizeField = "pageSize";
    public const string ContinuationTokenField = "continuationToken";

    public async Task<Result<Bucket>> FindAsync(Caller caller, string bucketId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!ResourceIds.TryParse(bucketId, out var id))
        {
            return BucketFailures.NotFound();
        }

        var bucket = await buckets.GetAsync(caller.OrganizationId, id, cancellationToken).ConfigureAwait(false);
        return bucket is not null && caller.MayUse(bucket.WorkspaceId) ? bucket : BucketFailures.NotFound();
    }

    /// <summary>
    /// A page of the caller's buckets, optionally of one workspace (which the token must be allowed to use) and of one
    /// wallet.
    /// </summary>
    public async Task<Result<BucketPage>> ListAsync(
        Caller caller,
        string? workspaceId,
        string? walletAddress,
        int pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new List<FieldError>();
        errors.AddIfAny(workspaceId is null ? null : IdentifierRules.Check(workspaceId, ListWorkspaceField));

        if (walletAddress is not null && WalletAddressRules.Check(walletAddress, out walletAddress, ListWalletField) is { } walletError)
        {
            errors.Add(walletError);
        }

        if (pageSize is < 1 or > BucketListQuery.MaxPageSize)
        {
            errors.Add(new FieldError(PageSizeField, $"The pageSize must be a whole number from 1 to {BucketListQuery.MaxPageSize}."));
        }

        if (RefuseListing(caller, workspaceId, errors) is { } refusal)
        {
            return refusal;
        }

        IReadOnlyList<string>? workspaces = workspaceId is not null ? [workspaceId] : caller.HasAllWorkspaces ? null : caller.Workspaces;
        try
        {
            var query = new BucketListQuery(workspaces, pageSize, continuationToken) { WalletAddress = walletAddress };
            return await buckets.ListAsync(caller.OrganizationId, query, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidContinuationTokenException)
        {
            return Failure.Validation([new FieldError(ContinuationTokenField,
                "The continuationToken is not one this service issued for this listing; start again without it.")]);
        }
    }

    /// <summary>The workspace a bucket is put in must be registered for the organization and usable by the token.</summary>
    public async Task<Failure?> CheckWorkspaceAsync(Caller caller, string workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await organizations.GetWorkspaceAsync(caller.OrganizationId, workspaceId, cancellationToken).ConfigureAwait(false) is null)
        {
            return Failure.Field(FailureKind.UnknownWorkspace, "Unknown workspace", RegistrationFields.WorkspaceId,
                $"Workspace '{workspaceId}' is not registered for this organization.");
        }

        return caller.MayUse(workspaceId) ? null : WorkspaceNotUsable(workspaceId);
    }

    /// <summary>
    /// How a listing's filters refuse it: every field error at once, else a workspace filter the token may not use; null
    /// when the listing may go ahead.
    /// </summary>
    public static Failure? RefuseListing(Caller caller, string? workspaceId, IReadOnlyList<FieldError> errors) =>
        errors.Count > 0 ? Failure.Validation(errors)
        : workspaceId is not null && !caller.MayUse(workspaceId) ? WorkspaceNotUsable(workspaceId)
        : null;

    private static Failure WorkspaceNotUsable(string workspaceId) =>
        Failure.MissingCapability($"This token may not use workspace '{workspaceId}'.");
}
