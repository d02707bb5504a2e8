using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.Organizations;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tests.Buckets;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Organizations;

public sealed class OrganizationStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int DefaultLimit = 10;
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(TableOrganizationStore Organizations, TableBucketStore Buckets, TableClient Table)> NewStoresAsync()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "tenants");
        return (
            new TableOrganizationStore(table),
            new TableBucketStore(table, Options.Create(new QuotaOptions { DefaultBucketLimit = DefaultLimit })),
            table);
    }

    private static Organization NewOrganization(string id = "org-1", string name = "Acme", int? bucketLimit = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Organization(id, name, bucketLimit, now, now);
    }


    [Fact]
    public async Task A_created_organization_reads_back_unchanged()
    {
        var (organizations, _, _) = await NewStoresAsync();
        var organization = NewOrganization(bucketLimit: 7);

        Assert.True(await organizations.TryCreateAsync(organization, None));

        Assert.Equal(organization, await organizations.GetAsync(organization.Id, None));
    }

    [Fact]
    public async Task An_organization_without_a_limit_reads_back_with_a_null_limit()
    {
        var (organizations, _, _) = await NewStoresAsync();
        var organization = NewOrganization(bucketLimit: null);

        Assert.True(await organizations.TryCreateAsync(organization, None));

        Assert.Equal(organization, await organizations.GetAsync(organization.Id, None));
    }

    [Fact]
    public async Task Getting_an_unknown_organization_returns_null()
    {
        var (organizations, _, _) = await NewStoresAsync();

        Assert.Null(await organizations.GetAsync("nobody", None));
    }

    [Fact]
    public async Task Creating_an_organization_twice_returns_false_and_keeps_the_first_one_and_its_limit()
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        var first = NewOrganization(name: "First", bucketLimit: 3);

        Assert.True(await organizations.TryCreateAsync(first, None));
        Assert.False(await organizations.TryCreateAsync(NewOrganization(name: "Second", bucketLimit: 50), None));

        Assert.Equal(first, await organizations.GetAsync(first.Id, None));
        Assert.Equal(3, (await buckets.GetQuotaAsync(first.Id, None)).Max);
    }

    [Fact]
    public async Task An_organization_created_with_bucket_limit_2_gets_a_quota_of_2()
    {
        var (organizations, buckets, _) = await NewStoresAsync();

        Assert.True(await organizations.TryCreateAsync(NewOrganization(bucketLimit: 2), None));

        Assert.Equal(new QuotaUsage(0, 2), await buckets.GetQuotaAsync("org-1", None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "one"), null, null, None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "two"), null, null, None));
        Assert.IsType<CreateBucketOutcome.QuotaExceeded>(
            await buckets.TryCreateAsync(SampleBuckets.New("org-1", "three"), null, null, None));
    }

    [Fact]
    public async Task An_organization_created_without_a_limit_gets_the_default_quota()
    {
        var (organizations, buckets, _) = await NewStoresAsync();

        Assert.True(await organizations.TryCreateAsync(NewOrganization(bucketLimit: null), None));

        Assert.Equal(new QuotaUsage(0, DefaultLimit), await buckets.GetQuotaAsync("org-1", None));
    }

    [Fact]
    public async Task Creating_with_a_limit_keeps_the_buckets_already_counted()
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "early"), null, null, None));

        Assert.True(await organizations.TryCreateAsync(NewOrganization(bucketLimit: 4), None));

        Assert.Equal(new QuotaUsage(1, 4), await buckets.GetQuotaAsync("org-1", None));
    }

    [Fact]
    public async Task Updating_changes_name_and_limit_and_the_bucket_store_enforces_the_new_limit_keeping_used()
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        var created = NewOrganization(name: "Acme", bucketLimit: 5);
        Assert.True(await organizations.TryCreateAsync(created, None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "first"), null, null, None));

        var updated = created with { Name = "Acme Corp", BucketLimit = 1, UpdatedAt = created.UpdatedAt.AddMinutes(1) };
        Assert.True(await organizations.TryUpdateAsync(updated, None));

        Assert.Equal(updated, await organizations.GetAsync("org-1", None));
        Assert.Equal(new QuotaUsage(1, 1), await buckets.GetQuotaAsync("org-1", None));
        Assert.IsType<CreateBucketOutcome.QuotaExceeded>(
            await buckets.TryCreateAsync(SampleBuckets.New("org-1", "second"), null, null, None));

        Assert.True(await organizations.TryUpdateAsync(updated with { BucketLimit = 2 }, None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "second"), null, null, None));
        Assert.Equal(new QuotaUsage(2, 2), await buckets.GetQuotaAsync("org-1", None));
    }

    [Fact]
    public async Task Updating_to_no_limit_restores_the_default_and_keeps_used()
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        var created = NewOrganization(bucketLimit: 1);
        Assert.True(await organizations.TryCreateAsync(created, None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "first"), null, null, None));

        Assert.True(await organizations.TryUpdateAsync(created with { BucketLimit = null }, None));

        Assert.Null((await organizations.GetAsync("org-1", None))!.BucketLimit);
        Assert.Equal(new QuotaUsage(1, DefaultLimit), await buckets.GetQuotaAsync("org-1", None));
    }

    [Fact]
    public async Task Updating_an_organization_that_never_had_a_quota_row_creates_one_with_nothing_used()
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        var created = NewOrganization(bucketLimit: null);
        Assert.True(await organizations.TryCreateAsync(created, None));

        Assert.True(await organizations.TryUpdateAsync(created with { BucketLimit = 3 }, None));

        Assert.Equal(new QuotaUsage(0, 3), await buckets.GetQuotaAsync("org-1", None));
    }

    [Fact]
    public async Task Updating_keeps_the_original_creation_time()
    {
        var (organizations, _, _) = await NewStoresAsync();
        var created = NewOrganization();
        Assert.True(await organizations.TryCreateAsync(created, None));

        Assert.True(await organizations.TryUpdateAsync(created with { Name = "Renamed", CreatedAt = created.CreatedAt.AddDays(1) }, None));

        Assert.Equal(created.CreatedAt, (await organizations.GetAsync("org-1", None))!.CreatedAt);
    }

    [Fact]
    public async Task Updating_a_missing_organization_returns_false_and_writes_nothing()
    {
        var (organizations, _, table) = await NewStoresAsync();

        Assert.False(await organizations.TryUpdateAsync(NewOrganization(id: "ghost", bucketLimit: 3), None));

        Assert.Null(await organizations.GetAsync("ghost", None));
        Assert.Null(await table.FindAsync("ghost", "quota"));
    }

    [Fact]
    public async Task Ten_concurrent_updates_all_complete_and_leave_the_quota_limit_equal_to_the_organization_limit()
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        var created = NewOrganization(bucketLimit: 100);
        Assert.True(await organizations.TryCreateAsync(created, None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(SampleBuckets.New("org-1", "kept"), null, null, None));

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(limit => Task.Run(() =>
            organizations.TryUpdateAsync(created with { Name = $"name {limit}", BucketLimit = limit }, None))));

        Assert.All(results, Assert.True);
        var final = await organizations.GetAsync("org-1", None);
        Assert.NotNull(final);
        Assert.Equal($"name {final.BucketLimit}", final.Name);
        Assert.Equal(new QuotaUsage(1, final.BucketLimit!.Value), await buckets.GetQuotaAsync("org-1", None));
    }

    [Fact]
    public async Task A_negative_limit_is_refused()
    {
        var (organizations, _, _) = await NewStoresAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => organizations.TryCreateAsync(NewOrganization(bucketLimit: -1), None));
    }

    [Fact]
    public async Task An_added_workspace_reads_back_unchanged()
    {
        var (organizations, _, _) = await NewStoresAsync();
        Assert.True(await organizations.TryCreateAsync(NewOrganization(), None));
        var workspace = new Workspace("org-1", "ws-1", "Marketing", DateTimeOffset.UtcNow);

        Assert.True(await organizations.TryAddWorkspaceAsync(workspace, None));

        Assert.Equal(workspace, await organizations.GetWorkspaceAsync("org-1", "ws-1", None));
    }

    [Fact]
    public async Task Adding_a_workspace_twice_returns_false_and_keeps_the_first_one()
    {
        var (organizations, _, _) = await NewStoresAsync();
        var first = new Workspace("org-1", "ws-1", "First", DateTimeOffset.UtcNow);

        Assert.True(await organizations.TryAddWorkspaceAsync(first, None));
        Assert.False(await organizations.TryAddWorkspaceAsync(first with { Name = "Second" }, None));

        Assert.Equal(first, await organizations.GetWorkspaceAsync("org-1", "ws-1", None));
    }

    [Fact]
    public async Task The_same_workspace_id_may_exist_in_two_organizations()
    {
        var (organizations, _, _) = await NewStoresAsync();

        Assert.True(await organizations.TryAddWorkspaceAsync(new Workspace("org-1", "ws-1", "One", DateTimeOffset.UtcNow), None));
        Assert.True(await organizations.TryAddWorkspaceAsync(new Workspace("org-2", "ws-1", "Two", DateTimeOffset.UtcNow), None));

        Assert.Equal("One", (await organizations.GetWorkspaceAsync("org-1", "ws-1", None))!.Name);
        Assert.Equal("Two", (await organizations.GetWorkspaceAsync("org-2", "ws-1", None))!.Name);
    }

    [Fact]
    public async Task A_found_workspace_is_remembered_and_a_missing_one_is_not()
    {
        var (organizations, _, table) = await NewStoresAsync();
        var workspace = new Workspace("org-1", "ws-1", "Marketing", DateTimeOffset.UtcNow);
        Assert.Null(await organizations.GetWorkspaceAsync("org-1", "ws-1", None));
        Assert.True(await organizations.TryAddWorkspaceAsync(workspace, None));
        Assert.Equal(workspace, await organizations.GetWorkspaceAsync("org-1", "ws-1", None));

        // No route removes a workspace; removing its row behind the store's back shows the second answer came from memory.
        Assert.Equal(204, (await table.DeleteEntityAsync("org-1", "workspace|ws-1")).Status);

        Assert.Equal(workspace, await organizations.GetWorkspaceAsync("org-1", "ws-1", None));
    }

    [Fact]
    public async Task Getting_an_unknown_workspace_returns_null()
    {
        var (organizations, _, _) = await NewStoresAsync();
        Assert.True(await organizations.TryCreateAsync(NewOrganization(), None));

        Assert.Null(await organizations.GetWorkspaceAsync("org-1", "nope", None));
    }

    [Theory]
    [InlineData("acme/eu", "team/a")]
    [InlineData("acme#1", "ws#2")]
    [InlineData("what?now", "why?not")]
    [InlineData("acme corp", "the team")]
    [InlineData("50% off\\all", "a%2Fb")]
    public async Task Ids_with_key_forbidden_characters_round_trip(string organizationId, string workspaceId)
    {
        var (organizations, buckets, _) = await NewStoresAsync();
        var organization = NewOrganization(id: organizationId, bucketLimit: 2);
        var workspace = new Workspace(organizationId, workspaceId, "Team", DateTimeOffset.UtcNow);

        Assert.True(await organizations.TryCreateAsync(organization, None));
        Assert.True(await organizations.TryAddWorkspaceAsync(workspace, None));
        Assert.True(await organizations.TryUpdateAsync(organization with { BucketLimit = 3 }, None));

        Assert.Equal(organization with { BucketLimit = 3 }, await organizations.GetAsync(organizationId, None));
        Assert.Equal(workspace, await organizations.GetWorkspaceAsync(organizationId, workspaceId, None));
        Assert.Equal(new QuotaUsage(0, 3), await buckets.GetQuotaAsync(organizationId, None));
    }
}
