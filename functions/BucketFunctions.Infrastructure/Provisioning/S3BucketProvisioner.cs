using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Probing.S3;
using CorsRule = BucketFunctions.Core.Provisioning.CorsRule;
using S3LifecycleRule = Amazon.S3.Model.LifecycleRule;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>
/// Creates an S3 (or S3-compatible) bucket through the real AWS client: <c>PutBucket</c> with the location constraint and
/// the object-lock flag, then versioning, the object-lock default retention, CORS, lifecycle, default encryption, the
/// public access block (private) or a public-read bucket policy (public), and tags — each only when asked for, except the
/// public access block. A service that does not implement the public access block (many S3-compatible ones) leaves a
/// private bucket private by default, so for a private bucket that refusal is not a failure.
/// </summary>
internal sealed class S3BucketProvisioner(S3Protocol protocol, ProvisionSteps steps) : IProvisioningProvider
{
    public StorageType StorageType => StorageType.S3;

    public Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithClientAsync(request, s3 =>
        {
            var bucket = request.BucketName;
            var create = new ProvisionStep(null, "CreateBucket", token => s3.Client.PutBucketAsync(new PutBucketRequest
            {
                BucketName = bucket,
                BucketRegionName = s3.Region != S3StorageProvider.DefaultRegion ? s3.Region : null,
                ObjectLockEnabledForBucket = request.Settings.FileLock ? true : null,
            }, token));
            return steps.CreateAsync(
                s3.Target, create, Settings(s3.Client, bucket, request.Settings), Delete(s3.Client, bucket), cancellationToken);
        });

    public Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithClientAsync(request, s3 => steps.DeleteAsync(s3.Target, Delete(s3.Client, request.BucketName), cancellationToken));

    public Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WithClientAsync(
            request, s3 => steps.UpdateAsync(s3.Target, Changes(s3.Client, request.BucketName, change), cancellationToken));
    }

    /// <summary>
    /// Reads every setting back with the real client, one call each; a setting the bucket does not have (S3 answers 404
    /// with a code of its own) or the service does not implement reads as absent.
    /// </summary>
    public Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithClientAsync(request, s3 => ReadAsync(s3.Client, s3.Target, cancellationToken));

    private Task<ProvisionResult> ReadAsync(AmazonS3Client client, ProvisionTarget target, CancellationToken cancellationToken)
    {
        var bucket = target.BucketName;
        S3BucketVersioningConfig? versioning = null;
        ObjectLockConfiguration? objectLock = null;
        List<CORSRule>? cors = null;
        List<S3LifecycleRule>? lifecycle = null;
        ServerSideEncryptionByDefault? encryption = null;
        string? policy = null;
        List<Tag>? tags = null;
        ProvisionStep Read(string operation, Func<CancellationToken, Task> call) => new(null, operation, async token =>
        {
            try
            {
                await call(token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (IsAbsent(e))
            {
                // The bucket has no such setting, or the service keeps none.
            }
        });
        ProvisionStep[] reads =
        [
            Read("GetBucketVersioning", async t => versioning =
                (await client.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, t).ConfigureAwait(false))
                .VersioningConfig),
            Read("GetObjectLockConfiguration", async t => objectLock = (await client.GetObjectLockConfigurationAsync(
                new GetObjectLockConfigurationRequest { BucketName = bucket }, t).ConfigureAwait(false)).ObjectLockConfiguration),
            Read("GetBucketCors", async t => cors = (await client.GetCORSConfigurationAsync(
                new GetCORSConfigurationRequest { BucketName = bucket }, t).ConfigureAwait(false)).Configuration?.Rules),
            Read("GetBucketLifecycleConfiguration", async t => lifecycle = (await client.GetLifecycleConfigurationAsync(
                new GetLifecycleConfigurationRequest { BucketName = bucket }, t).ConfigureAwait(false)).Configuration?.Rules),
            Read("GetBucketEncryption", async t => encryption = (await client.GetBucketEncryptionAsync(
                new GetBucketEncryptionRequest { BucketName = bucket }, t).ConfigureAwait(false))
                .ServerSideEncryptionConfiguration?.ServerSideEncryptionRules?.FirstOrDefault()?.ServerSideEncryptionByDefault),
            Read("GetBucketPolicy", async t => policy =
                (await client.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket }, t).ConfigureAwait(false)).Policy),
            Read("GetBucketTagging", async t => tags =
                (await client.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }, t).ConfigureAwait(false)).TagSet),
        ];
        return steps.ReadAsync(
            target, reads, () => S3Settings.From(versioning, objectLock, cors, lifecycle, encryption, policy, tags), cancellationToken);
    }

    private static bool IsAbsent(AmazonS3Exception e) =>
        IsNotImplemented(e) || ((int)e.StatusCode == 404 && e.ErrorCode != "NoSuchBucket");

    private static readonly ProvisionResult BadRegion =
        new(ProvisionOutcome.EndpointNotAllowed, "The region is not a valid region name.", RegistrationFields.Region);

    /// <summary>What every operation starts with: the region checked, a client for it (the endpoint guarded), and where it goes.</summary>
    private async Task<ProvisionResult> WithClientAsync(ProvisionRequest request, Func<S3Call, Task<ProvisionResult>> run)
    {
        ArgumentNullException.ThrowIfNull(request);
        var region = string.IsNullOrWhiteSpace(request.Region) ? S3StorageProvider.DefaultRegion : request.Region.Trim();
        if (!RegionRules.IsS3RegionCode(region))
        {
            return BadRegion;
        }

        if (request.Endpoint is { } endpoint)
        {
            steps.Http.Guard.CheckEndpoint(endpoint);
        }

        var where = request.Endpoint is { } e ? e.GetLeftPart(UriPartial.Authority) : $"AWS S3 in {region}";
        using var client = new AmazonS3Client(
            new BasicAWSCredentials(request.Credential.Key, request.Credential.Secret.Reveal()),
            protocol.CreateConfig(request.Endpoint, region, request.BucketName));
        var target = new ProvisionTarget(request.BucketName, where, (error, step) => Classify(error, request.BucketName, where, step));
        return await run(new S3Call(client, region, target)).ConfigureAwait(false);
    }

    private sealed record S3Call(AmazonS3Client Client, string Region, ProvisionTarget Target);

    private static ProvisionStep Delete(AmazonS3Client client, string bucket) =>
        new(null, "DeleteBucket", token => client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, token));

    private static ProvisionResult? Classify(Exception error, string bucket, string where, ProvisionStep step) =>
        error is AmazonServiceException { StatusCode: > 0 } service
            ? S3ErrorClassifier.ClassifyProvisioning(service, bucket, where, step.Operation, step.Setting)
            : null;

    /// <summary>A new bucket's settings: the calls a change makes (an empty list sets none), then encryption, visibility, tags.</summary>
    private static List<ProvisionStep> Settings(AmazonS3Client client, string bucket, ProvisionSettings settings)
    {
        var first = new ProvisionChange
        {
            VersioningOn = settings.Versioning,
            Retention = settings.Retention,
            CorsRules = settings.CorsRules.Count > 0 ? settings.CorsRules : null,
            LifecycleRules = settings.LifecycleRules.Count > 0 ? settings.LifecycleRules : null,
        };
        var list = Changes(client, bucket, first, versioningOption: settings.FileLock ? "fileLockEnabled" : "versioning");
        if (settings.Encryption is { Mode: not EncryptionMode.None } encryption)
        {
            list.Add(Encryption(client, bucket, encryption));
        }

        list.AddRange(Visibility(client, bucket, settings.Public, creating: true));
        if (settings.BucketInfo.Count > 0)
        {
            list.Add(Step("bucketInfo", "PutBucketTagging", token => client.PutBucketTaggingAsync(new PutBucketTaggingRequest
            {
                BucketName = bucket,
                TagSet = settings.BucketInfo.Select(i => new Tag { Key = i.Key, Value = i.Value }).ToList(),
            }, token)));
        }

        return list;
    }

    /// <summary>A change of a registered bucket, or the first settings of a new one; a removal where a list was sent empty.</summary>
    /// <param name="versioningOption">The request field the versioning call answers for.</param>
    private static List<ProvisionStep> Changes(
        AmazonS3Client client, string bucket, ProvisionChange change, string versioningOption = "versioning")
    {
        var list = new List<ProvisionStep>();
        if (change.VersioningOn)
        {
            list.Add(Versioning(client, bucket, versioningOption));
        }

        if (change.Retention is { } retention)
        {
            list.Add(Retention(client, bucket, retention));
        }

        if (change.CorsRules is { } cors)
        {
            list.Add(cors.Count > 0 ? Cors(client, bucket, cors) : Step("corsRules", "DeleteBucketCors",
                token => client.DeleteCORSConfigurationAsync(new DeleteCORSConfigurationRequest { BucketName = bucket }, token)));
        }

        if (change.LifecycleRules is { } lifecycle)
        {
            list.Add(lifecycle.Count > 0 ? Lifecycle(client, bucket, lifecycle) : Step("lifecycleRules", "DeleteBucketLifecycle",
                token => client.DeleteLifecycleConfigurationAsync(new DeleteLifecycleConfigurationRequest { BucketName = bucket }, token)));
        }

        if (change.Public is { } isPublic)
        {
            list.AddRange(Visibility(client, bucket, isPublic, creating: false));
        }

        return list;
    }

    private static ProvisionStep Step(string option, string operation, Func<CancellationToken, Task> call) =>
        new(ProvisionRules.Name(option), operation, call);

    private static ProvisionStep Versioning(AmazonS3Client client, string bucket, string option) =>
        Step(option, "PutBucketVersioning", token => client.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }, token));

    private static ProvisionStep Retention(AmazonS3Client client, string bucket, Core.Provisioning.DefaultRetention retention) =>
        Step("defaultRetention", "PutObjectLockConfiguration", token => client.PutObjectLockConfigurationAsync(
            new PutObjectLockConfigurationRequest
            {
                BucketName = bucket,
                ObjectLockConfiguration = new ObjectLockConfiguration
                {
                    ObjectLockEnabled = ObjectLockEnabled.Enabled,
                    Rule = new ObjectLockRule
                    {
                        DefaultRetention = new Amazon.S3.Model.DefaultRetention
                        {
                            Mode = retention.Mode == RetentionMode.Compliance
                                ? ObjectLockRetentionMode.Compliance
                                : ObjectLockRetentionMode.Governance,
                            Days = retention.Unit == RetentionUnit.Days ? retention.Duration : null,
                            Years = retention.Unit == RetentionUnit.Years ? retention.Duration : null,
                        },
                    },
                },
            }, token));

    private static ProvisionStep Encryption(AmazonS3Client client, string bucket, ServerSideEncryption encryption) =>
        Step("defaultServerSideEncryption", "PutBucketEncryption", token => client.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules =
                [
                    new ServerSideEncryptionRule
                    {
                        ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
                        {
                            ServerSideEncryptionAlgorithm = encryption.Mode == EncryptionMode.Kms
                                ? ServerSideEncryptionMethod.AWSKMS
                                : ServerSideEncryptionMethod.AES256,
                            ServerSideEncryptionKeyManagementServiceKeyId = encryption.KmsKeyName,
                        },
                    },
                ],
            },
        }, token));

    private static ProvisionStep Cors(AmazonS3Client client, string bucket, IReadOnlyList<CorsRule> rules) =>
        Step("corsRules", "PutBucketCors", token => client.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration { Rules = rules.Select(ToS3).ToList() },
        }, token));

    private static ProvisionStep Lifecycle(AmazonS3Client client, string bucket, IReadOnlyList<Core.Provisioning.LifecycleRule> rules) =>
        Step("lifecycleRules", "PutBucketLifecycleConfiguration", token => client.PutLifecycleConfigurationAsync(
            new PutLifecycleConfigurationRequest
            {
                BucketName = bucket,
                Configuration = new LifecycleConfiguration { Rules = rules.Select(ToS3).ToList() },
            }, token));

    /// <summary>
    /// The public access block (all on for private; public policies allowed for public), then for public a public-read
    /// policy, or, when a registered bucket is made private again, the removal of its policy.
    /// </summary>
    private static IEnumerable<ProvisionStep> Visibility(AmazonS3Client client, string bucket, bool isPublic, bool creating)
    {
        if (!isPublic && !creating)
        {
            yield return Step("bucketType", "DeleteBucketPolicy",
                token => client.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket }, token));
        }

        yield return Step("bucketType", "PutPublicAccessBlock", async token =>
        {
            try
            {
                await client.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
                {
                    BucketName = bucket,
                    PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                    {
                        BlockPublicAcls = true,
                        IgnorePublicAcls = true,
                        BlockPublicPolicy = !isPublic,
                        RestrictPublicBuckets = !isPublic,
                    },
                }, token).ConfigureAwait(false);
            }
            catch (AmazonServiceException e) when (!isPublic && IsNotImplemented(e))
            {
                // Without a public access block a bucket is still private: no ACL grant and no policy make it public.
            }
        });

        if (isPublic)
        {
            yield return Step("bucketType", "PutBucketPolicy",
                token => client.PutBucketPolicyAsync(
                    new PutBucketPolicyRequest { BucketName = bucket, Policy = PublicReadPolicy(bucket) }, token));
        }
    }

    /// <summary>Anyone may read objects, nothing else: the policy <c>allPublic</c> means.</summary>
    internal static string PublicReadPolicy(string bucket) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[]
        {
            new { Sid = "PublicRead", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = $"arn:aws:s3:::{bucket}/*" },
        },
    });

    private static bool IsNotImplemented(AmazonServiceException e) =>
        e.ErrorCode is "NotImplemented" || (int)e.StatusCode is 501 or 405;

    private static CORSRule ToS3(CorsRule rule) => new()
    {
        Id = rule.Name,
        AllowedOrigins = [.. rule.AllowedOrigins],
        AllowedMethods = [.. rule.AllowedMethods],
        AllowedHeaders = rule.AllowedHeaders.Count > 0 ? [.. rule.AllowedHeaders] : null,
        ExposeHeaders = rule.ExposeHeaders.Count > 0 ? [.. rule.ExposeHeaders] : null,
        MaxAgeSeconds = rule.MaxAgeSeconds,
    };

    /// <summary>
    /// B2's rule on S3: hiding is the current version's expiry (a delete marker in a versioned bucket), deleting a hidden
    /// file is the expiry of noncurrent versions.
    /// </summary>
    private static S3LifecycleRule ToS3(Core.Provisioning.LifecycleRule rule, int index) => new()
    {
        Id = $"rule-{index + 1}",
        Status = LifecycleRuleStatus.Enabled,
        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = rule.Prefix } },
        Expiration = rule.DaysFromUploadingToHiding is { } hide ? new LifecycleRuleExpiration { Days = hide } : null,
        NoncurrentVersionExpiration = rule.DaysFromHidingToDeleting is { } delete
            ? new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = delete }
            : null,
    };
}
