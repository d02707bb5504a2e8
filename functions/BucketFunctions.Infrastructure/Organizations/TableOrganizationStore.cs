using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Organizations;

/// <summary>
/// Organizations and workspaces in the tenants table, in the organization's own partition beside its buckets. The
/// organization's bucket limit lives twice: on the organization row (what the operator set) and on the quota row
/// (what <see cref="TableBucketStore"/> enforces). Both are written in one entity group transaction so they never
/// disagree; the quota row's <c>Used</c> is carried over untouched.
/// </summary>
public sealed class TableOrganizationStore(TableClient tenants) : IOrganizationStore
{
    internal const int MaxAttempts = 10;

    /// <summary>Workspaces remembered at once; beyond it the cache starts over (see <see cref="BoundedCache{TKey, TValue}"/>).</summary>
    internal const int KnownWorkspacesCapacity = 10_000;

    private const int OrganizationOperation = 0;

    private readonly BoundedCache<(string Partition, string Row), Workspace> knownWorkspaces = new(KnownWorkspacesCapacity);

    public async Task<bool> TryCreateAsync(Organization organization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ThrowIfNegative(organization.BucketLimit);
        var partition = TenantRows.Partition(organization.Id);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, OrganizationEntityMapper.ToEntity(organization)),
        };
        if (organization.BucketLimit is { } limit)
        {
            // Merge names only Limit, so a counter that already exists keeps its Used.
            actions.Add(new(TableTransactionActionType.UpsertMerge, new TableEntity(partition, TenantRows.Quota) { ["Limit"] = limit }));
        }

        try
        {
            await tenants.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e)
            when (e.IsTaken() && (e.FailedTransactionActionIndex is null || e.FailedAt(OrganizationOperation)))
        {
            return false;
        }
    }

    public Task<Organization?> GetAsync(string organizationId, CancellationToken cancellationToken) =>
        tenants.FindAsync(
            TenantRows.Partition(organizationId), TenantRows.Organization, OrganizationEntityMapper.ToOrganization, cancellationToken);

    public async Task<bool> TryUpdateAsync(Organization organization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ThrowIfNegative(organization.BucketLimit);
        var partition = TenantRows.Partition(organization.Id);
        for (var attempt = 1; ; attempt++)
        {
            var currentEntity = await tenants.FindAsync(partition, TenantRows.Organization, cancellationToken).ConfigureAwait(false);
            if (currentEntity is null)
            {
                return false;
            }

            var current = OrganizationEntityMapper.ToOrganization(currentEntity);
            var next = organization with { CreatedAt = current.CreatedAt };
            var counter = QuotaRow.From(await tenants.FindAsync(partition, TenantRows.Quota, cancellationToken).ConfigureAwait(false));

            // Replace, not merge: a null limit must remove the property from both rows.
            TableTransactionAction counterAction = counter is null
                ? new(TableTransactionActionType.Add, QuotaRow.ToEntity(partition, 0, next.BucketLimit))
                : new(TableTransactionActionType.UpdateReplace, QuotaRow.ToEntity(partition, counter.Used, next.BucketLimit), counter.ETag);
            try
            {
                await tenants.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, OrganizationEntityMapper.ToEntity(next), currentEntity.ETag),
                    counterAction,
                ], cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.IsStale() || e.IsTaken())
            {
                // Another update, or a bucket create/delete moving the counter, got there first: re-read and retry.
                await OptimisticRetry.BackOffAsync(attempt, MaxAttempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<bool> TryAddWorkspaceAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        try
        {
            await tenants.AddEntityAsync(WorkspaceEntityMapper.ToEntity(workspace), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsTaken())
        {
            return false;
        }
    }

    /// <summary>
    /// The organization rows across partitions, only their ids: the service scans the table for them, a page at a time, so
    /// a caller holds one page however many organizations there are.
    /// </summary>
    public async IAsyncEnumerable<string> ListIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = tenants.QueryAsync<TableEntity>(
            TableOData.Equal("RowKey", TenantRows.Organization), select: ["OrganizationId"], cancellationToken: cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            if (row.GetString("OrganizationId") is { } id)
            {
                yield return id;
            }
        }
    }

    /// <summary>
    /// A found workspace is remembered: no route changes or deletes one, so the row read once stays true. An absent one
    /// is never remembered, so a workspace added later (here or by another instance) is seen on the next call.
    /// </summary>
    public async Task<Workspace?> GetWorkspaceAsync(string organizationId, string workspaceId, CancellationToken cancellationToken)
    {
        var key = (Partition: TenantRows.Partition(organizationId), Row: TenantRows.Workspace(workspaceId));
        if (knownWorkspaces.TryGet(key, out var known))
        {
            return known;
        }

        var entity = await tenants.FindAsync(key.Partition, key.Row, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }

        var workspace = WorkspaceEntityMapper.ToWorkspace(organizationId, entity);
        knownWorkspaces.Set(key, workspace);
        return workspace;
    }

    private static void ThrowIfNegative(int? limit)
    {
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "A bucket limit cannot be negative.");
        }
    }
}
