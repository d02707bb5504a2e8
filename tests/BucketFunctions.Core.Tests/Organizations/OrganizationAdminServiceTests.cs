using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Organizations;

/// <summary>
/// Ids from a request path reach storage as table keys; one that breaks the id rules (too long for a key, say) must be
/// answered "not found" without asking storage at all. The stores here fail the test if they are asked.
/// </summary>
public sealed class OrganizationAdminServiceTests
{
    private static readonly string LongId = new('o', 2000);

    private sealed class StoresThatRefuseBadIds : IOrganizationStore, ITokenStore
    {
        public int Calls { get; private set; }

        public Task<bool> TryCreateAsync(Organization organization, CancellationToken cancellationToken) => Task.FromResult(Check(organization.Id, true));

        public Task<Organization?> GetAsync(string organizationId, CancellationToken cancellationToken) => Task.FromResult(Check<Organization?>(organizationId, null));

        public Task<bool> TryUpdateAsync(Organization organization, CancellationToken cancellationToken) => Task.FromResult(Check(organization.Id, false));

        public Task<bool> TryAddWorkspaceAsync(Workspace workspace, CancellationToken cancellationToken) => Task.FromResult(Check(workspace.Id, true));

        public Task<Workspace?> GetWorkspaceAsync(string organizationId, string workspaceId, CancellationToken cancellationToken) =>
            Task.FromResult(Check<Workspace?>(workspaceId, null));

        public IAsyncEnumerable<string> ListIdsAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<string>();

        public Task CreateAsync(ApiTokenRecord token, CancellationToken cancellationToken) => Task.CompletedTask;

        Task<ApiTokenRecord?> ITokenStore.GetAsync(string tokenId, CancellationToken cancellationToken) => Task.FromResult(Check<ApiTokenRecord?>(tokenId, null));

        public Task<bool> DeleteAsync(string tokenId, CancellationToken cancellationToken) => Task.FromResult(Check(tokenId, false));

        private T Check<T>(string id, T answer)
        {
            Calls++;
            Assert.True(IdentifierRules.Check(id) is null, $"Storage was asked about an id that breaks the id rules ({id.Length} characters).");
            return answer;
        }
    }

    private static (OrganizationAdminService Service, StoresThatRefuseBadIds Stores) Create()
    {
        var stores = new StoresThatRefuseBadIds();
        return (new OrganizationAdminService(stores, stores, TimeProvider.System), stores);
    }

    [Fact]
    public async Task An_organization_id_that_cannot_exist_is_not_found_without_asking_storage()
    {
        var (service, stores) = Create();

        var update = await service.UpdateAsync(LongId, new UpdateOrganizationInput("X", false, null), CancellationToken.None);
        var workspace = await service.AddWorkspaceAsync(LongId, new AddWorkspaceInput("w", "W"), CancellationToken.None);
        var token = await service.IssueTokenAsync(LongId, new IssueTokenInput(null, ["*"], ["readBuckets"], null), CancellationToken.None);

        Assert.All([update.Failure, workspace.Failure, token.Failure], f => Assert.Equal(FailureKind.NotFound, f?.Kind));
        Assert.Equal(0, stores.Calls);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("oooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo")]
    public async Task A_token_id_that_cannot_exist_is_not_found_without_asking_storage(string tokenId)
    {
        var (service, stores) = Create();

        var revoke = await service.RevokeTokenAsync("org-1", tokenId, CancellationToken.None);

        Assert.Equal(FailureKind.NotFound, revoke.Failure?.Kind);
        Assert.Equal(0, stores.Calls);
    }

    [Fact]
    public async Task Token_workspace_ids_that_break_the_id_rules_are_refused_before_storage()
    {
        var (service, stores) = Create();

        var token = await service.IssueTokenAsync("org-1", new IssueTokenInput(null, [LongId], ["readBuckets"], null), CancellationToken.None);

        Assert.Equal(FailureKind.ValidationFailed, token.Failure?.Kind);
        Assert.Equal(0, stores.Calls);
    }
}
