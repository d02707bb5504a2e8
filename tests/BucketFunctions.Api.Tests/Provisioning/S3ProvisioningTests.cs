using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.StandIns;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>
/// POST /bucket with provision on S3, against the S3 stand-in through the real AWS client: each setting read back from the
/// provider side; every later step failing in turn leaves no bucket at the provider, no row, no vault entry and the quota
/// unchanged; refusals the API can know without the provider create nothing there.
/// </summary>
public sealed class S3ProvisioningTests : ProvisionTestBase
{
    [Fact]
    public async Task A_private_versioned_object_locked_bucket_with_30_day_governance_retention_is_created_and_registered()
    {
        var bucket = NewBucketName();
        var provision = new JsonObject
        {
            ["bucketType"] = "allPrivate",
            ["versioning"] = true,
            ["fileLockEnabled"] = true,
            ["defaultRetention"] = new JsonObject
            {
                ["mode"] = "GOVERNANCE",
                ["period"] = new JsonObject { ["duration"] = 30, ["unit"] = "days" },
            },
        };

        var created = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, provision)));

        Assert.Equal(bucket, created["bucket"]!["bucket"]!.GetValue<string>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
        using var s3 = ProviderClient(StandIn.Endpoint, S3StandIn.AccessKey);
        Assert.Equal(VersionStatus.Enabled, (await s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }))
            .VersioningConfig.Status);
        var lockConfig = (await s3.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = bucket }))
            .ObjectLockConfiguration;
        Assert.Equal(ObjectLockEnabled.Enabled, lockConfig.ObjectLockEnabled);
        Assert.Equal(ObjectLockRetentionMode.Governance, lockConfig.Rule.DefaultRetention.Mode);
        Assert.Equal(30, lockConfig.Rule.DefaultRetention.Days);
        var block = (await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }))
            .PublicAccessBlockConfiguration;
        Assert.True(block.BlockPublicAcls == true && block.IgnorePublicAcls == true && block.BlockPublicPolicy == true
            && block.RestrictPublicBuckets == true);
        Assert.Equal(0, StandIn.CallCount("PUT policy"));

        // The lock flag went with the creation itself: the stand-in refuses object lock on a bucket made without it.
        Assert.Equal("PUT bucket", StandIn.Calls.First());
    }

    [Fact]
    public async Task A_public_bucket_with_cors_lifecycle_encryption_and_tags_holds_each_setting_at_the_provider()
    {
        var bucket = NewBucketName();
        var provision = JsonNode.Parse("""
            {
              "bucketType": "allPublic",
              "corsRules": [{ "corsRuleName": "web-uploads", "allowedOrigins": ["https://app.example.com", "https://*.example.org"],
                              "allowedOperations": ["s3_get", "s3_put", "HEAD"], "allowedHeaders": ["x-amz-*"],
                              "exposeHeaders": ["ETag"], "maxAgeSeconds": 3600 }],
              "lifecycleRules": [{ "fileNamePrefix": "logs/", "daysFromUploadingToHiding": 30, "daysFromHidingToDeleting": 7 }],
              "defaultServerSideEncryption": { "mode": "SSE-KMS", "kmsKeyName": "arn:aws:kms:us-east-1:111122223333:key/abcd-1234" },
              "bucketInfo": { "team": "data", "cost-center": "42" }
            }
            """)!.AsObject();

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, provision)));

        using var s3 = ProviderClient(StandIn.Endpoint, S3StandIn.AccessKey);
        var cors = Assert.Single((await s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = bucket }))
            .Configuration.Rules);
        Assert.Equal("web-uploads", cors.Id);
        Assert.Equal(["https://app.example.com", "https://*.example.org"], cors.AllowedOrigins);
        Assert.Equal(["GET", "PUT", "HEAD"], cors.AllowedMethods);
        Assert.Equal(["x-amz-*"], cors.AllowedHeaders);
        Assert.Equal(["ETag"], cors.ExposeHeaders);
        Assert.Equal(3600, cors.MaxAgeSeconds);

        var rule = Assert.Single((await s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket }))
            .Configuration.Rules);
        Assert.Equal("logs/", Assert.IsType<LifecyclePrefixPredicate>(rule.Filter.LifecycleFilterPredicate).Prefix);
        Assert.Equal(30, rule.Expiration.Days);
        Assert.Equal(7, rule.NoncurrentVersionExpiration.NoncurrentDays);

        var encryption = Assert.Single((await s3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket }))
            .ServerSideEncryptionConfiguration.ServerSideEncryptionRules).ServerSideEncryptionByDefault;
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, encryption.ServerSideEncryptionAlgorithm);
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/abcd-1234", encryption.ServerSideEncryptionKeyManagementServiceKeyId);

        var policy = JsonNode.Parse((await s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })).Policy)!;
        var statement = policy["Statement"]![0]!;
        Assert.Equal("*", statement["Principal"]!.GetValue<string>());
        Assert.Equal("s3:GetObject", statement["Action"]!.GetValue<string>());
        Assert.Equal($"arn:aws:s3:::{bucket}/*", statement["Resource"]!.GetValue<string>());
        var block = (await s3.GetPublicAccessBlockAsync(new GetPublicAccessBlockRequest { BucketName = bucket }))
            .PublicAccessBlockConfiguration;
        Assert.False(block.BlockPublicPolicy);
        Assert.False(block.RestrictPublicBuckets);

        var tags = (await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket })).TagSet
            .ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data", ["cost-center"] = "42" }, tags);

        // Nothing was asked for versioning, so none was set.
        Assert.Equal(0, StandIn.CallCount("PUT versioning"));
    }

    public static TheoryData<string, string> LaterSteps => new()
    {
        { "PUT versioning", "provision.fileLockEnabled" },
        { "PUT object-lock", "provision.defaultRetention" },
        { "PUT cors", "provision.corsRules" },
        { "PUT lifecycle", "provision.lifecycleRules" },
        { "PUT encryption", "provision.defaultServerSideEncryption" },
        { "PUT publicAccessBlock", "provision.bucketType" },
        { "PUT policy", "provision.bucketType" },
        { "PUT tagging", "provision.bucketInfo" },
    };

    [Theory]
    [MemberData(nameof(LaterSteps))]
    public async Task Each_later_step_refused_deletes_the_bucket_and_stores_nothing(string step, string field)
    {
        var bucket = NewBucketName();
        StandIn.Fail(step, 400, "InvalidRequest");

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, EverySetting())), HttpStatusCode.BadRequest, "provisioning_failed");

        Assert.True(field == problem["errors"]![0]!["field"]!.GetValue<string>(), problem.ToJsonString());
        Assert.Contains("InvalidRequest", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("deleted again", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(1, StandIn.CallCount("DELETE bucket"));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task The_secret_appears_in_no_answer_log_line_or_row_when_provisioning_fails()
    {
        var body = ProvisionBody(NewBucketName(), EverySetting());
        var secret = body["secret"]!.GetValue<string>();
        StandIn.Fail("PUT tagging", 400, "InvalidTag");

        var response = await PostJsonAsync(Tenant, "/bucket", body);

        Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Factory.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(await AllStoredTextAsync(), text => text.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_failing_midway_is_502_provisioning_failed_and_the_bucket_is_deleted()
    {
        var bucket = NewBucketName();
        StandIn.Fail("PUT lifecycle", 503, "SlowDown");

        await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, EverySetting())), HttpStatusCode.BadGateway, "provisioning_failed");

        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_provider_that_stops_answering_midway_leaves_no_bucket_and_no_registration()
    {
        var bucket = NewBucketName();
        StandIn.Stall("PUT cors");

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, EverySetting())), HttpStatusCode.BadGateway, "provisioning_failed");

        Assert.Equal("provision.corsRules", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("did not answer", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_create_the_bucket_once()
    {
        var body = ProvisionBody(NewBucketName(), new JsonObject { ["versioning"] = true });
        var key = ("Idempotency-Key", "prov-race-" + Guid.NewGuid().ToString("N"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendJsonAsync(Tenant, HttpMethod.Post, "/bucket", body, key)));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(1, StandIn.CallCount("PUT bucket"));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_bucket_that_exists_at_the_provider_is_409_and_left_untouched()
    {
        var bucket = NewBucketName();
        StandIn.AddBucket(bucket);
        StandIn.AddObject(bucket, "keep-me.txt");

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject { ["versioning"] = true })),
            HttpStatusCode.Conflict, "bucket_exists_at_provider");

        Assert.Equal("bucket", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.True(StandIn.Exists(bucket));
        Assert.Equal(0, StandIn.CallCount("DELETE bucket"));
        Assert.Equal(0, StandIn.CallCount("PUT versioning"));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Credentials_that_may_not_create_are_400_permission_denied_naming_the_operation()
    {
        StandIn.Fail("PUT bucket", 403, "AccessDenied");

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(NewBucketName(), new JsonObject())),
            HttpStatusCode.BadRequest, "permission_denied_at_provider");

        Assert.Contains("CreateBucket", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_full_quota_is_refused_before_anything_is_created_at_the_provider()
    {
        var organization = "org-full-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(organization, bucketLimit: 1);
        using var tenant = await TenantClientAsync(organization, ["*"], ["writeBuckets"]);
        await AssertOkAsync(await PostJsonAsync(tenant, "/bucket", ProvisionBody(NewBucketName(), new JsonObject())));
        var refused = NewBucketName();

        await AssertProblemAsync(
            await PostJsonAsync(tenant, "/bucket", ProvisionBody(refused, new JsonObject())), HttpStatusCode.TooManyRequests, "too_many_buckets");

        Assert.Equal(1, StandIn.CallCount("PUT bucket"));
        Assert.False(StandIn.Exists(refused));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync(organization));
    }

    [Fact]
    public async Task A_taken_name_is_refused_before_anything_is_created_at_the_provider()
    {
        var first = ProvisionBody(NewBucketName(), new JsonObject());
        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", first));
        var again = ProvisionBody(NewBucketName(), new JsonObject());
        again["name"] = first["name"]!.GetValue<string>().ToUpperInvariant();

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", again), HttpStatusCode.Conflict, "duplicate_bucket_name");

        Assert.Equal(1, StandIn.CallCount("PUT bucket"));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_commit_refused_after_creation_deletes_the_bucket_at_the_provider()
    {
        var bucket = NewBucketName();
        Cues.TryCreate = (_, _) => Task.FromResult<CreateBucketOutcome>(new CreateBucketOutcome.DuplicateName());

        await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject { ["versioning"] = true })),
            HttpStatusCode.Conflict, "duplicate_bucket_name");

        Assert.Equal(1, StandIn.CallCount("PUT bucket"));
        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_vault_that_fails_after_creation_deletes_the_bucket_at_the_provider()
    {
        var bucket = NewBucketName();
        Cues.BeforeVaultPut = (_, _) => throw new CredentialVaultUnavailableException("vault down");

        await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject())), HttpStatusCode.BadGateway, "provider_unavailable");

        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_commit_error_that_provably_stored_nothing_deletes_the_bucket_at_the_provider()
    {
        var bucket = NewBucketName();
        Cues.TryCreate = (_, _) => throw new InvalidOperationException("table answered garbage");

        var response = await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject()));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_answers_the_first_result_and_creates_nothing_twice()
    {
        var body = ProvisionBody(NewBucketName(), new JsonObject { ["versioning"] = true });
        var key = ("Idempotency-Key", "prov-" + Guid.NewGuid().ToString("N"));

        var first = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Post, "/bucket", body, key));
        var second = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Post, "/bucket", body, key));

        Assert.Equal(first["bucketId"]!.GetValue<string>(), second["bucketId"]!.GetValue<string>());
        Assert.Equal(1, StandIn.CallCount("PUT bucket"));
        Assert.Equal(1, StandIn.CallCount("PUT versioning"));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_refused_step_retried_with_the_same_key_answers_the_same_refusal_without_calling_the_provider()
    {
        var body = ProvisionBody(NewBucketName(), new JsonObject { ["versioning"] = true });
        var key = ("Idempotency-Key", "prov-" + Guid.NewGuid().ToString("N"));
        StandIn.Fail("PUT versioning", 400, "InvalidRequest");

        await AssertProblemAsync(await SendJsonAsync(Tenant, HttpMethod.Post, "/bucket", body, key), HttpStatusCode.BadRequest, "provisioning_failed");
        StandIn.Heal("PUT versioning");
        await AssertProblemAsync(await SendJsonAsync(Tenant, HttpMethod.Post, "/bucket", body, key), HttpStatusCode.BadRequest, "provisioning_failed");

        Assert.Equal(1, StandIn.CallCount("PUT bucket"));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_private_bucket_is_made_where_the_service_does_not_implement_the_public_access_block()
    {
        var bucket = NewBucketName();
        StandIn.Fail("PUT publicAccessBlock", 501, "NotImplemented");

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject { ["bucketType"] = "allPrivate" })));

        Assert.True(StandIn.Exists(bucket));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    private static JsonObject EverySetting() => JsonNode.Parse("""
        {
          "bucketType": "allPublic", "fileLockEnabled": true,
          "defaultRetention": { "mode": "COMPLIANCE", "period": { "duration": 1, "unit": "years" } },
          "corsRules": [{ "corsRuleName": "browser", "allowedOrigins": ["*"], "allowedOperations": ["s3_get"] }],
          "lifecycleRules": [{ "fileNamePrefix": "", "daysFromHidingToDeleting": 1 }],
          "defaultServerSideEncryption": { "mode": "SSE-B2", "algorithm": "AES256" },
          "bucketInfo": { "owner": "tests" }
        }
        """)!.AsObject();
}
