using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Organizations;

/// <summary>The operator's rules: organizations, their limits and workspaces, and the tokens tenants call with.</summary>
public sealed class OrganizationAdminService(IOrganizationStore organizations, ITokenStore tokens, TimeProvider time)
{
    public const int MaxBucketLimit = 100_000;
    public const string PlanField = "plan";
    private const int MaxDescriptionLength = 200;

    public async Task<Result<Organization>> CreateAsync(CreateOrganizationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var id = Identifier(input.OrganizationId, "organizationId", errors);
        var name = DisplayName(input.Name, errors);
        CheckLimit(input.BucketLimit, errors);
        CheckPlan(input.Plan, errors);
        if (errors.Count > 0)
        {
            return Failure.Validation(errors);
        }

        var now = time.GetUtcNow();
        var organization = new Organization(id!, name!, input.BucketLimit, now, now) { Plan = input.Plan };
        return await organizations.TryCreateAsync(organization, cancellationToken).ConfigureAwait(false)
            ? organization
            : new Failure(FailureKind.AlreadyExists, "Organization already exists", $"An organization with id '{id}' already exists.");
    }

    public async Task<Result<Organization>> UpdateAsync(string organizationId, UpdateOrganizationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var name = input.Name is null ? null : DisplayName(input.Name, errors);
        CheckLimit(input.BucketLimit, errors);
        CheckPlan(input.Plan, errors);
        if (errors.Count > 0)
        {
            return Failure.Validation(errors);
        }

        var current = IsIdentifier(organizationId) ? await organizations.GetAsync(organizationId, cancellationToken).ConfigureAwait(false) : null;
        if (current is null)
        {
            return OrganizationNotFound(organizationId);
        }

        var updated = current with
        {
            Name = name ?? current.Name,
            BucketLimit = input.BucketLimitGiven ? input.BucketLimit : current.BucketLimit,
            Plan = input.PlanGiven ? input.Plan : current.Plan,
            UpdatedAt = time.GetUtcNow(),
        };
        return await organizations.TryUpdateAsync(updated, cancellationToken).ConfigureAwait(false)
            ? updated
            : OrganizationNotFound(organizationId);
    }

    public async Task<Result<Workspace>> AddWorkspaceAsync(string organizationId, AddWorkspaceInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var id = Identifier(input.WorkspaceId, "workspaceId", errors);
        var name = DisplayName(input.Name, errors);
        if (errors.Count > 0)
        {
            return Failure.Validation(errors);
        }

        if (!await OrganizationExistsAsync(organizationId, cancellationToken).ConfigureAwait(false))
        {
            return OrganizationNotFound(organizationId);
        }

        var workspace = new Workspace(organizationId, id!, name!, time.GetUtcNow());
        return await organizations.TryAddWorkspaceAsync(workspace, cancellationToken).ConfigureAwait(false)
            ? workspace
            : new Failure(FailureKind.AlreadyExists, "Workspace already exists", $"Workspace '{id}' already exists in this organization.");
    }

    public async Task<Result<IssuedToken>> IssueTokenAsync(string organizationId, IssueTokenInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var description = input.Description?.Trim() ?? string.Empty;
        if (description.Length > MaxDescriptionLength)
        {
            errors.Add(new FieldError("description", $"Use at most {MaxDescriptionLength} characters."));
        }

        var capabilities = Capabilities(input.Capabilities, errors);
        var workspaces = input.Workspaces ?? [];
        if (workspaces.Count == 0)
        {
            errors.Add(new FieldError("workspaces", "List the workspace ids this token may use, or [\"*\"] for all."));
        }
        else if (workspaces.Contains(ApiTokenRecord.AllWorkspaces) && workspaces.Count > 1)
        {
            errors.Add(new FieldError("workspaces", "\"*\" already means every workspace; do not combine it with ids."));
        }
        else if (workspaces.Any(w => w != ApiTokenRecord.AllWorkspaces && !IsIdentifier(w)))
        {
            errors.Add(new FieldError("workspaces", $"Each workspace id is 1 to {IdentifierRules.MaxLength} letters, digits, hyphens, underscores or dots."));
        }

        if (input.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            errors.Add(new FieldError("expiresAt", "The expiry must be in the future."));
        }

        if (errors.Count > 0)
        {
            return Failure.Validation(errors);
        }

        if (!await OrganizationExistsAsync(organizationId, cancellationToken).ConfigureAwait(false))
        {
            return OrganizationNotFound(organizationId);
        }

        foreach (var workspaceId in workspaces.Where(w => w != ApiTokenRecord.AllWorkspaces))
        {
            if (await organizations.GetWorkspaceAsync(organizationId, workspaceId, cancellationToken).ConfigureAwait(false) is null)
            {
                return Failure.Field(FailureKind.UnknownWorkspace, "Unknown workspace", "workspaces", $"Workspace '{workspaceId}' is not registered for this organization.");
            }
        }

        var (token, tokenId, hash) = ApiTokens.Create();
        var record = new ApiTokenRecord(tokenId, organizationId, hash, description, workspaces.Distinct().ToList(), capabilities, input.ExpiresAt, time.GetUtcNow());
        await tokens.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        return new IssuedToken(tokenId, token, record);
    }

    /// <summary>Revokes a token of this organization; another organization's token is "not found" here.</summary>
    public async Task<Result<string>> RevokeTokenAsync(string organizationId, string tokenId, CancellationToken cancellationToken)
    {
        var record = ApiTokens.IsTokenId(tokenId) ? await tokens.GetAsync(tokenId, cancellationToken).ConfigureAwait(false) : null;
        if (record is null || record.OrganizationId != organizationId)
        {
            return Failure.NotFound("This organization has no such token.");
        }

        await tokens.DeleteAsync(tokenId, cancellationToken).ConfigureAwait(false);
        return tokenId;
    }

    private static Failure OrganizationNotFound(string organizationId) =>
        Failure.NotFound(IsIdentifier(organizationId) ? $"There is no organization '{organizationId}'." : "There is no such organization.");

    private static bool IsIdentifier(string value) => IdentifierRules.Check(value) is null;

    /// <summary>An id from the path that breaks the id rules names nothing; it never reaches storage as a key.</summary>
    private async Task<bool> OrganizationExistsAsync(string organizationId, CancellationToken cancellationToken) =>
        IsIdentifier(organizationId) && await organizations.GetAsync(organizationId, cancellationToken).ConfigureAwait(false) is not null;

    private static string? Identifier(string? value, string field, List<FieldError> errors)
    {
        var error = string.IsNullOrEmpty(value) ? RegistrationFields.Required(field) : IdentifierRules.Check(value, field);
        errors.AddIfAny(error);
        return error is null ? value : null;
    }

    /// <summary>An organization's or a workspace's <c>name</c>, by the bucket name's rules.</summary>
    private static string? DisplayName(string? value, List<FieldError> errors)
    {
        var normalized = string.Empty;
        var error = value is null
            ? RegistrationFields.Required(RegistrationFields.Name)
            : DisplayNameRules.Check(value, out normalized);
        errors.AddIfAny(error);
        return error is null ? normalized : null;
    }

    private static void CheckLimit(int? limit, List<FieldError> errors)
    {
        if (limit is < 0 or > MaxBucketLimit)
        {
            errors.Add(new FieldError("bucketLimit", $"The bucket limit is a whole number from 0 to {MaxBucketLimit}."));
        }
    }

    /// <summary>A plan is named like an id (<c>free</c>, <c>pro</c>, <c>enterprise-2025</c>); the quota answer shows it.</summary>
    private static void CheckPlan(string? plan, List<FieldError> errors) =>
        errors.AddIfAny(plan is null ? null : IdentifierRules.Check(plan, PlanField));

    private static Capability Capabilities(IReadOnlyList<string>? names, List<FieldError> errors)
    {
        if (names is not { Count: > 0 })
        {
            errors.Add(new FieldError("capabilities", $"Name at least one capability: {string.Join(", ", CapabilityNames.All)}."));
            return Capability.None;
        }

        var capabilities = Capability.None;
        foreach (var name in names)
        {
            if (!CapabilityNames.TryParse(name, out var capability))
            {
                errors.Add(new FieldError("capabilities", $"Unknown capability; use {string.Join(", ", CapabilityNames.All)}."));
                return Capability.None;
            }

            capabilities |= capability;
        }

        return capabilities;
    }
}
