using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tokens;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Bench;

/// <summary>
/// The storage work a create cannot avoid, done directly with the clients the host uses, one step after the other as a
/// create must: read the token row, list the bucket at the provider (max-keys 1), write the credential to the envelope
/// vault, and commit bucket row + name row + counter update as one entity group transaction. The tables are reached as
/// the host reaches them: Azure.Data.Tables clients from one <see cref="TableServiceClient"/> built by
/// <see cref="TableClients"/> with the host's options. The vault and transaction use tables of their own, so the floor
/// leaves the host's data alone.
/// </summary>
internal sealed class Floor : IDisposable
{
    /// <summary>The floor's own tenants table (bucket rows, name rows, counters).</summary>
    public const string TenantsTable = "benchfloortenants";

    private const string Bucket = Emulators.S3rver.BucketName;

    private readonly TableTokenStore tokens;
    private readonly EnvelopeCredentialVault vault;
    private readonly EnvelopeCipher cipher;
    private readonly TableClient tenants;
    private readonly AmazonS3Client s3;
    private readonly IReadOnlyList<Tenant> tenantsToRead;
    private readonly string[] partitions;

    private Floor(TableServiceClient tables, Uri s3Endpoint, EnvelopeOptions envelope, IReadOnlyList<Tenant> tenantsToRead)
    {
        tokens = new TableTokenStore(tables.GetTableClient("tokens"));
        cipher = new EnvelopeCipher(envelope);
        vault = new EnvelopeCredentialVault(tables.GetTableClient(envelope.Table), cipher);
        tenants = tables.GetTableClient(TenantsTable);
        s3 = new AmazonS3Client(
            new BasicAWSCredentials(Emulators.S3rver.AccessKey, Emulators.S3rver.SecretKey),
            new AmazonS3Config { ServiceURL = s3Endpoint.AbsoluteUri, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        this.tenantsToRead = tenantsToRead;
        partitions = [.. tenantsToRead.Select(t => "floor-" + t.OrganizationId)];
    }

    /// <summary>Makes the floor's own tables and one counter row per partition, as every organization has.</summary>
    public static async Task<Floor> CreateAsync(string connectionString, Uri s3Endpoint, EnvelopeOptions hostEnvelope, IReadOnlyList<Tenant> tenantsToRead)
    {
        var envelope = new EnvelopeOptions { ActiveKeyId = hostEnvelope.ActiveKeyId, Keys = hostEnvelope.Keys, Table = "benchfloorcredentials" };
        var tables = TableClients.CreateService(new TableStorageOptions { ConnectionString = connectionString });
        await tables.CreateTableIfNotExistsAsync(TenantsTable).ConfigureAwait(false);
        await tables.CreateTableIfNotExistsAsync(envelope.Table).ConfigureAwait(false);
        var floor = new Floor(tables, s3Endpoint, envelope, tenantsToRead);
        foreach (var partition in floor.partitions)
        {
            await floor.tenants.UpsertEntityAsync(new TableEntity(partition, "quota") { ["Used"] = 0 }).ConfigureAwait(false);
        }

        return floor;
    }

    /// <summary>The partitions the floor commits into, one per organization.</summary>
    public IReadOnlyList<string> Partitions => partitions;

    /// <summary>One create's unavoidable round trips, for request <paramref name="index"/> (spread over the tenants like the creates).</summary>
    public async Task<int> RunAsync(int index)
    {
        var tenant = tenantsToRead[index % tenantsToRead.Count];
        var partition = partitions[index % partitions.Length];
        if (await tokens.GetAsync(tenant.TokenId, CancellationToken.None).ConfigureAwait(false) is null)
        {
            return 0;
        }

        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, MaxKeys = 1 }).ConfigureAwait(false);
        if (listing.Name != Bucket)
        {
            return 0;
        }

        var bucketId = Guid.NewGuid();
        await vault.PutAsync(new CredentialScope(tenant.OrganizationId, bucketId),
            new StorageCredential(Emulators.S3rver.AccessKey, new SecretString(Emulators.S3rver.SecretKey)), CancellationToken.None).ConfigureAwait(false);

        // Shaped like the create's commit; the counter is updated under If-Match "*" so the floor measures the work,
        // not contention between its own workers.
        var now = DateTimeOffset.UtcNow;
        await tenants.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity(partition, "bucket|" + bucketId.ToString("N"))
            {
                ["Id"] = bucketId, ["OrganizationId"] = tenant.OrganizationId, ["Name"] = "floor " + bucketId.ToString("N"),
                ["BucketName"] = Bucket, ["Endpoint"] = s3.Config.ServiceURL, ["StorageType"] = "S3", ["Region"] = "us-east-1",
                ["WorkspaceId"] = tenant.WorkspaceId, ["KeyHint"] = "S...R", ["Status"] = "VERIFIED", ["Revision"] = 1L,
                ["LastStatusAt"] = now, ["CreatedAt"] = now, ["UpdatedAt"] = now,
            }),
            new(TableTransactionActionType.Add, new TableEntity(partition, "name|floor " + bucketId.ToString("N")) { ["BucketId"] = bucketId }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, "quota") { ["Used"] = index }, ETag.All),
        ]).ConfigureAwait(false);
        return 200;
    }

    public void Dispose()
    {
        s3.Dispose();
        cipher.Dispose();
    }
}
