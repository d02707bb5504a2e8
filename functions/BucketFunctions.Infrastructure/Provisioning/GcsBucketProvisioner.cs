using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Probing.Gcs;
using Google.Apis.Storage.v1.Data;
using Google.Cloud.Storage.V1;
using GcsBucket = Google.Apis.Storage.v1.Data.Bucket;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>
/// Creates a GCS bucket through Google.Cloud.Storage.V1 with a service-account key, in one <c>buckets.insert</c> carrying
/// location, storage class, versioning, the retention policy (fileLockEnabled), CORS, lifecycle, the default KMS key,
/// labels, uniform bucket-level access and public access prevention (enforced when private); a public bucket then gets
/// an <c>allUsers</c> object-viewer binding. GCS refuses versioning beside a retention policy, so a locked bucket is
/// made with the retention policy alone. A registered bucket's settings change by one <c>buckets.patch</c> (see
/// <see cref="UpdateAsync"/>). HMAC keys (the XML API) cannot set these: that path is refused up front.
/// </summary>
internal sealed class GcsBucketProvisioner(GcsServiceAccountCheck google, ProvisionSteps steps) : IProvisioningProvider
{
    public const string Scope = "https://www.googleapis.com/auth/devstorage.full_control";
    public const string PublicRole = "roles/storage.objectViewer";
    public const string AllUsers = "allUsers";

    private static readonly RetryOptions Once = RetryOptions.Never;

    public StorageType StorageType => StorageType.Gcs;

    public Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithStorageAsync(request, gcs =>
        {
            var storage = gcs.Storage;
            var project = request.Settings.Project ?? gcs.Key.ProjectId;
            if (string.IsNullOrWhiteSpace(project))
            {
                return Task.FromResult(new ProvisionResult(ProvisionOutcome.OptionNotSupported,
                    "The service-account key names no project_id; give provision.project.", ProvisionRules.Name("project")));
            }

            var bucket = request.BucketName;
            var create = new ProvisionStep(null, "buckets.insert", token => storage.CreateBucketAsync(
                project, ToGcs(bucket, request.Region, request.Settings), new CreateBucketOptions { RetryOptions = Once }, token));
            var settings = new List<ProvisionStep>();
            if (request.Settings.Public)
            {
                settings.Add(Visibility(storage, bucket, isPublic: true));
            }

            return steps.CreateAsync(gcs.Target, create, settings, Delete(storage, bucket), cancellationToken);
        });

    public Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithStorageAsync(request, gcs => steps.DeleteAsync(gcs.Target, Delete(gcs.Storage, request.BucketName), cancellationToken));

    public Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithStorageAsync(request, gcs =>
        {
            var storage = gcs.Storage;
            var name = request.BucketName;
            GcsBucket? bucket = null;
            Policy? policy = null;
            ProvisionStep[] reads =
            [
                new(null, "buckets.get", async token => bucket = await storage.GetBucketAsync(
                    name, new GetBucketOptions { RetryOptions = Once }, token).WaitAsync(token).ConfigureAwait(false)),
                new(null, "buckets.getIamPolicy", async token => policy = await storage.GetBucketIamPolicyAsync(
                    name, new GetBucketIamPolicyOptions { RetryOptions = Once }, token).ConfigureAwait(false)),
            ];
            return steps.ReadAsync(gcs.Target, reads, () => FromGcs(bucket!, policy), cancellationToken);
        });

    /// <summary>
    /// One <c>buckets.patch</c> carrying versioning, the retention period, CORS, lifecycle and public access prevention,
    /// then for a visibility change the <c>allUsers</c> binding. Versioning and a retention change first read the bucket:
    /// GCS allows no versioning beside a retention policy, and a locked policy's period is not changed here; either is
    /// refused before anything is changed.
    /// </summary>
    public Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WithStorageAsync(request, async gcs =>
        {
            var storage = gcs.Storage;
            var name = request.BucketName;
            if (change.VersioningOn || change.Retention is not null)
            {
                GcsBucket? current = null;
                var read = await steps.ReadAsync(gcs.Target,
                    [new(null, "buckets.get", async token => current = await storage.GetBucketAsync(
                        name, new GetBucketOptions { RetryOptions = Once }, token).WaitAsync(token).ConfigureAwait(false))],
                    () => new ProvisionSettings(), cancellationToken).ConfigureAwait(false);
                if (read.Outcome != ProvisionOutcome.Read)
                {
                    return read;
                }

                if (Refusal(change, current!.RetentionPolicy) is { } refused)
                {
                    return refused;
                }
            }

            var changes = new List<ProvisionStep>();
            if (ChangedSettings(change) is { Count: > 0 } fields)
            {
                changes.Add(new ProvisionStep(fields.Count == 1 ? ProvisionRules.Name(fields[0]) : ProvisionRules.Field, "buckets.patch",
                    token => storage.PatchBucketAsync(ToPatch(name, change), new PatchBucketOptions { RetryOptions = Once }, token)));
            }

            if (change.Public is { } isPublic)
            {
                changes.Add(Visibility(storage, name, isPublic));
            }

            return await steps.UpdateAsync(gcs.Target, changes, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>What GCS does not allow on this bucket as it is now: one field, the message saying nothing was changed.</summary>
    private static ProvisionResult? Refusal(ProvisionChange change, GcsBucket.RetentionPolicyData? policy) =>
        change.VersioningOn && policy?.RetentionPeriod is > 0
            ? new ProvisionResult(ProvisionOutcome.OptionNotSupported,
                "GCS does not allow object versioning on a bucket with a retention policy; nothing was changed.",
                ProvisionRules.Name("versioning"))
            : change.Retention is not null && policy?.IsLocked == true
                ? new ProvisionResult(ProvisionOutcome.OptionNotSupported,
                    "This bucket's retention policy is locked; GCS only lets its period grow, in the Google Cloud console. "
                    + "Nothing was changed.", ProvisionRules.Name("defaultRetention"))
                : null;

    /// <summary>The bucket fields a change sets, the rest left out (kept); an empty CORS or lifecycle list clears them.</summary>
    private static GcsBucket ToPatch(string name, ProvisionChange change) => new()
    {
        Name = name,
        Versioning = change.VersioningOn ? new GcsBucket.VersioningData { Enabled = true } : null,
        RetentionPolicy = ToGcs(change.Retention),
        Cors = change.CorsRules is { } cors ? ToGcs(cors) : null,
        Lifecycle = change.LifecycleRules is { } rules ? ToGcs(rules) : null,
        IamConfiguration = change.Public is { } isPublic
            ? new GcsBucket.IamConfigurationData { PublicAccessPrevention = PublicAccessPrevention(isPublic) }
            : null,
    };

    /// <summary>The request fields a patch carries: a refusal names the one, or the whole provision object (GCS applies all or none).</summary>
    private static List<string> ChangedSettings(ProvisionChange change) => new[]
    {
        change.VersioningOn ? "versioning" : null,
        change.Retention is null ? null : "defaultRetention",
        change.CorsRules is null ? null : "corsRules",
        change.LifecycleRules is null ? null : "lifecycleRules",
        change.Public is null ? null : "bucketType",
    }.OfType<string>().ToList();

    /// <summary>
    /// What every operation starts with: a JSON API client for the service account (both hosts guarded), or why none can be
    /// made (HMAC keys, an unreadable key file).
    /// </summary>
    private async Task<ProvisionResult> WithStorageAsync(ProvisionRequest request, Func<GcsCall, Task<ProvisionResult>> run)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = request.Endpoint ?? GcsStorageProvider.DefaultEndpoint;
        var where = endpoint.GetLeftPart(UriPartial.Authority);
        var secret = request.Credential.Secret.Reveal();
        if ((request.ServiceAccount ?? (ServiceAccountKey.LooksLikeJson(secret) ? ServiceAccountKey.Parse(secret, out _) : null))
            is not { } key)
        {
            return new ProvisionResult(ProvisionOutcome.OptionNotSupported,
                "Creating a GCS bucket needs a service-account key (secret: the key file's JSON): HMAC keys reach only the XML API, "
                + "which cannot set these settings. Register with a service account, or create the bucket in Google Cloud and "
                + "register it without provision.", ProvisionRules.Field);
        }

        steps.Http.Guard.CheckEndpoint(endpoint);
        steps.Http.Guard.CheckEndpoint(key.TokenUri);
        if (google.Credential(key, Scope) is not { } credential)
        {
            return new ProvisionResult(ProvisionOutcome.CredentialsRejected,
                "The service account's private_key could not be read.", RegistrationFields.Secret);
        }

        using var storage = google.Storage(credential, endpoint);
        var bucket = request.BucketName;
        return await run(new GcsCall(storage, key, new ProvisionTarget(bucket, where,
            (error, step) => GcsServiceAccountCheck.ClassifyProvisioning(error, bucket, where, step.Operation, step.Setting))))
            .ConfigureAwait(false);
    }

    private sealed record GcsCall(StorageClient Storage, ServiceAccountKey Key, ProvisionTarget Target);

    /// <summary>
    /// Adds (public) or removes (private) the <c>allUsers</c> object-viewer binding, keeping every other binding. GCS refuses
    /// that binding while public access prevention is enforced, so it runs after the bucket's own fields.
    /// </summary>
    private static ProvisionStep Visibility(StorageClient storage, string bucket, bool isPublic) =>
        new(ProvisionRules.Name("bucketType"), "buckets.setIamPolicy", async token =>
        {
            var policy = await storage.GetBucketIamPolicyAsync(bucket, new GetBucketIamPolicyOptions { RetryOptions = Once }, token)
                .ConfigureAwait(false);
            var bindings = (policy.Bindings ?? []).Where(b => b.Role != PublicRole || b.Members?.Contains(AllUsers) != true).ToList();
            foreach (var viewers in (policy.Bindings ?? []).Except(bindings))
            {
                var others = viewers.Members.Where(m => m != AllUsers).ToList();
                if (others.Count > 0)
                {
                    bindings.Add(new Policy.BindingsData { Role = PublicRole, Members = others, Condition = viewers.Condition });
                }
            }

            if (isPublic)
            {
                bindings.Add(new Policy.BindingsData { Role = PublicRole, Members = [AllUsers] });
            }

            policy.Bindings = bindings;
            await storage.SetBucketIamPolicyAsync(bucket, policy, new SetBucketIamPolicyOptions { RetryOptions = Once }, token)
                .ConfigureAwait(false);
        });

    private static string PublicAccessPrevention(bool isPublic) => isPublic ? "inherited" : "enforced";

    private static List<GcsBucket.CorsData> ToGcs(IEnumerable<Core.Provisioning.CorsRule> rules) => rules.Select(c => new GcsBucket.CorsData
    {
        Origin = [.. c.AllowedOrigins],
        Method = [.. c.AllowedMethods],
        ResponseHeader = [.. c.ExposeHeaders],
        MaxAgeSeconds = c.MaxAgeSeconds,
    }).ToList();

    /// <summary>A retention policy of the retention's length in seconds (GCS has no mode); none without a retention.</summary>
    private static GcsBucket.RetentionPolicyData? ToGcs(Core.Provisioning.DefaultRetention? retention) =>
        retention is null ? null : new GcsBucket.RetentionPolicyData { RetentionPeriod = retention.Days * 86_400L };

    private static GcsBucket.LifecycleData ToGcs(IEnumerable<Core.Provisioning.LifecycleRule> rules) =>
        new() { Rule = [.. rules.SelectMany(ToGcs)] };

    private static ProvisionStep Delete(StorageClient storage, string bucket) =>
        new(null, "buckets.delete", token => storage.DeleteBucketAsync(bucket, new DeleteBucketOptions { RetryOptions = Once }, token));

    internal static GcsBucket ToGcs(string name, string? region, ProvisionSettings settings) => new()
    {
        Name = name,
        Location = string.IsNullOrWhiteSpace(region) ? "US" : region.Trim(),
        StorageClass = settings.StorageClass,
        Versioning = settings.Versioning && !settings.FileLock ? new GcsBucket.VersioningData { Enabled = true } : null,
        RetentionPolicy = ToGcs(settings.Retention),
        Cors = settings.CorsRules.Count == 0 ? null : ToGcs(settings.CorsRules),
        Lifecycle = settings.LifecycleRules.Count == 0 ? null : ToGcs(settings.LifecycleRules),
        Encryption = settings.Encryption is { Mode: EncryptionMode.Kms } kms
            ? new GcsBucket.EncryptionData { DefaultKmsKeyName = kms.KmsKeyName }
            : null,
        Labels = settings.BucketInfo.Count == 0 ? null : settings.BucketInfo.ToDictionary(),
        IamConfiguration = new GcsBucket.IamConfigurationData
        {
            UniformBucketLevelAccess = new GcsBucket.IamConfigurationData.UniformBucketLevelAccessData { Enabled = true },
            PublicAccessPrevention = PublicAccessPrevention(settings.Public),
        },
    };

    /// <summary>B2's rule on GCS: hiding is deleting the live version (it becomes noncurrent), deleting removes noncurrent ones.</summary>
    private static IEnumerable<GcsBucket.LifecycleData.RuleData> ToGcs(Core.Provisioning.LifecycleRule rule)
    {
        List<string>? prefix = rule.Prefix.Length == 0 ? null : [rule.Prefix];
        if (rule.DaysFromUploadingToHiding is { } hide)
        {
            yield return new GcsBucket.LifecycleData.RuleData
            {
                Action = new GcsBucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
                Condition = new GcsBucket.LifecycleData.RuleData.ConditionData { Age = hide, MatchesPrefix = prefix, IsLive = true },
            };
        }

        if (rule.DaysFromHidingToDeleting is { } delete)
        {
            yield return new GcsBucket.LifecycleData.RuleData
            {
                Action = new GcsBucket.LifecycleData.RuleData.ActionData { Type = "Delete" },
                Condition = new GcsBucket.LifecycleData.RuleData.ConditionData
                {
                    DaysSinceNoncurrentTime = delete, MatchesPrefix = prefix, IsLive = false,
                },
            };
        }
    }

    private static ProvisionSettings FromGcs(GcsBucket bucket, Policy? policy)
    {
        var rules = bucket.Lifecycle?.Rule ?? [];
        var byPrefix = rules.GroupBy(r => r.Condition?.MatchesPrefix?.FirstOrDefault() ?? string.Empty);
        return new ProvisionSettings
        {
            Public = policy?.Bindings?.Any(b => b.Role == PublicRole && b.Members?.Contains(AllUsers) == true) == true,
            Versioning = bucket.Versioning?.Enabled == true,
            FileLock = bucket.RetentionPolicy?.RetentionPeriod is > 0,
            Retention = bucket.RetentionPolicy?.RetentionPeriod is > 0 and var seconds
                ? new Core.Provisioning.DefaultRetention(RetentionMode.Governance, (int)(seconds / 86_400), RetentionUnit.Days)
                : null,
            StorageClass = bucket.StorageClass,
            CorsRules = (bucket.Cors ?? []).Select((c, i) => new Core.Provisioning.CorsRule(
                $"cors-rule-{i + 1}", [.. c.Origin ?? []], [.. c.Method ?? []], [], [.. c.ResponseHeader ?? []], c.MaxAgeSeconds)).ToList(),
            LifecycleRules = byPrefix.Select(g => new Core.Provisioning.LifecycleRule(
                g.Key,
                g.FirstOrDefault(r => r.Condition?.Age is not null)?.Condition.Age,
                g.FirstOrDefault(r => r.Condition?.DaysSinceNoncurrentTime is not null)?.Condition.DaysSinceNoncurrentTime)).ToList(),
            Encryption = bucket.Encryption?.DefaultKmsKeyName is { } kms
                ? new ServerSideEncryption(EncryptionMode.Kms, kms)
                : new ServerSideEncryption(EncryptionMode.ProviderManaged, null),
            BucketInfo = new Dictionary<string, string>(bucket.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        };
    }
}
