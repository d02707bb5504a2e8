using System.Text.RegularExpressions;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Provisioning;

/// <summary>
/// Judges a <c>provision</c> object for one storage type before any provider call, and lists every broken field at once:
/// spellings exactly as documented, retention 1 day to 100 years, well-formed CORS origins, methods and headers, positive
/// lifecycle days, at most <see cref="MaxRules"/> rules of each kind, and <c>bucketInfo</c> within the provider's limits.
/// A setting the storage type cannot hold is an error of kind <see cref="FieldErrorKind.OptionNotSupported"/> with the reason.
/// </summary>
public static partial class ProvisionRules
{
    public const string Field = "provision";
    public const int MaxRules = 100;
    public const int MaxRetentionYears = 100;
    public const int MaxRetentionDays = MaxRetentionYears * 365;
    public const int MaxCorsAgeSeconds = 86_400;

    public const string AllPrivate = "allPrivate";
    public const string AllPublic = "allPublic";

    /// <summary>B2's <c>s3_*</c> CORS operations, and plain HTTP methods, as the HTTP method each allows.</summary>
    private static readonly Dictionary<string, string> Operations = new(StringComparer.Ordinal)
    {
        ["s3_get"] = "GET", ["s3_head"] = "HEAD", ["s3_put"] = "PUT", ["s3_post"] = "POST", ["s3_delete"] = "DELETE",
        ["GET"] = "GET", ["HEAD"] = "HEAD", ["PUT"] = "PUT", ["POST"] = "POST", ["DELETE"] = "DELETE",
    };

    private const string OperationNames = "s3_get, s3_head, s3_put, s3_post, s3_delete";

    private static readonly string[] GcsStorageClasses = ["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"];

    /// <summary>The option name as errors report it: <c>provision.versioning</c>.</summary>
    public static string Name(string option) => $"{Field}.{option}";

    public static ValidationResult<ProvisionSettings> Check(ProvisionInput input, StorageType? type)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        void Invalid(string option, string message) => errors.Add(new FieldError(Name(option), message));
        void Unsupported(string option, string reason) =>
            errors.Add(new FieldError(Name(option), reason, FieldErrorKind.OptionNotSupported));

        var isPublic = false;
        if (input.BucketType is { } bucketType)
        {
            isPublic = bucketType == AllPublic;
            if (!isPublic && bucketType != AllPrivate)
            {
                Invalid("bucketType", $"The bucketType must be {AllPrivate} or {AllPublic}, spelled exactly.");
            }
        }

        var fileLock = input.FileLockEnabled == true;
        if (fileLock && input.Versioning == false)
        {
            Invalid("versioning", "fileLockEnabled implies versioning: leave versioning out or set it to true.");
        }

        var retention = CheckRetention(input.DefaultRetention, fileLock, Invalid);
        var cors = CheckCors(input.CorsRules, Invalid);
        var lifecycle = CheckLifecycle(input.LifecycleRules, Invalid);
        var encryption = CheckEncryption(input.DefaultServerSideEncryption, Invalid);
        if (input.BucketInfo is { } info && type is { } infoType)
        {
            CheckBucketInfo(info, infoType, Invalid);
        }

        string? storageClass = null;
        if (input.StorageClass is { } requestedClass)
        {
            storageClass = requestedClass;
            if (type == StorageType.Gcs && !GcsStorageClasses.Contains(requestedClass, StringComparer.Ordinal))
            {
                Invalid("storageClass", $"The storageClass must be one of {string.Join(", ", GcsStorageClasses)}, spelled exactly.");
            }
        }

        if (input.Project is { } project && !GcsProject().IsMatch(project))
        {
            Invalid("project", "A GCS project id is 6 to 30 lowercase letters, digits and hyphens, starting with a letter.");
        }

        if (type is { } storageType)
        {
            Unsupportable(input, storageType, Unsupported);
        }

        return errors.Count > 0
            ? ValidationResult<ProvisionSettings>.Invalid(errors)
            : ValidationResult<ProvisionSettings>.Valid(new ProvisionSettings
            {
                Public = isPublic,
                Versioning = fileLock || input.Versioning == true,
                FileLock = fileLock,
                Retention = retention,
                StorageClass = storageClass,
                CorsRules = cors,
                LifecycleRules = lifecycle,
                Encryption = encryption,
                BucketInfo = new Dictionary<string, string>(input.BucketInfo ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                Project = input.Project,
            });
    }

    /// <summary>
    /// A <c>provision</c> object of <c>PUT /bucket/{id}</c>: the same rules, and what cannot change after creation
    /// (fileLockEnabled, storageClass, default encryption, bucketInfo, project) is refused as not supported. A retention
    /// default may change (on a bucket made with object lock, which the caller checks at the provider).
    /// </summary>
    public static ValidationResult<CheckedChange> CheckChange(ProvisionInput input, StorageType type)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        void Fixed(string option, bool given)
        {
            if (given)
            {
                errors.Add(new FieldError(Name(option),
                    $"{option} is set when the bucket is created and cannot be changed here; leave it out.",
                    FieldErrorKind.OptionNotSupported));
            }
        }

        Fixed("fileLockEnabled", input.FileLockEnabled is not null);
        Fixed("storageClass", input.StorageClass is not null);
        Fixed("defaultServerSideEncryption", input.DefaultServerSideEncryption is not null);
        Fixed("bucketInfo", input.BucketInfo is not null);
        Fixed("project", input.Project is not null);
        var rest = Check(input with
        {
            FileLockEnabled = input.DefaultRetention is null ? null : true,
            Versioning = input.Versioning == true ? true : null,
            StorageClass = null,
            DefaultServerSideEncryption = null,
            BucketInfo = null,
            Project = null,
        }, type);
        errors.AddRange(rest.Errors.Where(e => e.Field != Name("fileLockEnabled")));
        if (errors.Count > 0)
        {
            return ValidationResult<CheckedChange>.Invalid(errors);
        }

        var settings = rest.Value!;
        return ValidationResult<CheckedChange>.Valid(new CheckedChange(new ProvisionChange
        {
            VersioningOn = input.Versioning == true,
            Retention = settings.Retention,
            CorsRules = input.CorsRules is null ? null : settings.CorsRules,
            LifecycleRules = input.LifecycleRules is null ? null : settings.LifecycleRules,
            Public = input.BucketType is null ? null : settings.Public,
        }, VersioningOff: input.Versioning == false));
    }

    /// <summary>What the storage type holds per account or per object rather than per bucket: refused, with the reason.</summary>
    private static void Unsupportable(ProvisionInput input, StorageType type, Action<string, string> unsupported)
    {
        if (type != StorageType.Gcs && input.Project is not null)
        {
            unsupported("project", "Only a GCS bucket is made in a project; leave project out.");
        }

        switch (type)
        {
            case StorageType.Azure:
                static string PerAccount(string what) => $"Azure Blob Storage sets {what} per storage account, not per container; "
                    + "set it on the account in the Azure portal, or leave it out.";
                if (input.Versioning == true)
                {
                    unsupported("versioning", PerAccount("blob versioning"));
                }

                if (input.FileLockEnabled == true || input.DefaultRetention is not null)
                {
                    unsupported(input.FileLockEnabled == true ? "fileLockEnabled" : "defaultRetention",
                        "Azure Blob Storage sets immutability (version-level WORM) per storage account before containers are made; "
                        + "it cannot be switched on for one new container here.");
                }

                if (input.LifecycleRules is { Count: > 0 })
                {
                    unsupported("lifecycleRules", PerAccount("lifecycle management"));
                }

                if (input.CorsRules is { Count: > 0 })
                {
                    unsupported("corsRules", PerAccount("CORS"));
                }

                if (input.DefaultServerSideEncryption is { Mode: not null and not "none" })
                {
                    unsupported("defaultServerSideEncryption",
                        "Azure Blob Storage always encrypts; a customer key or an encryption scope is set up on the storage account first.");
                }

                if (input.StorageClass is not null)
                {
                    unsupported("storageClass", PerAccount("the access tier"));
                }

                break;
            case StorageType.S3:
                if (input.StorageClass is not null)
                {
                    unsupported("storageClass",
                        "S3 sets the storage class per object (on upload or by a lifecycle transition), not per bucket.");
                }

                break;
            case StorageType.Gcs:
                if (input.DefaultRetention?.Mode == "COMPLIANCE")
                {
                    unsupported("defaultRetention.mode",
                        "GCS makes a retention policy irreversible only by locking it after creation; create with GOVERNANCE and lock it "
                        + "in the Google Cloud console.");
                }

                if (input.FileLockEnabled == true && input.Versioning == true)
                {
                    unsupported("versioning", "GCS does not allow object versioning on a bucket with a retention policy (fileLockEnabled).");
                }

                break;
        }
    }

    private static DefaultRetention? CheckRetention(RetentionInput? input, bool fileLock, Action<string, string> invalid)
    {
        if (input is null)
        {
            return null;
        }

        const string field = "defaultRetention";
        if (!fileLock)
        {
            invalid(field, "A defaultRetention needs fileLockEnabled: true.");
        }

        RetentionMode? mode = input.Mode switch
        {
            "GOVERNANCE" => RetentionMode.Governance,
            "COMPLIANCE" => RetentionMode.Compliance,
            _ => null,
        };
        if (mode is null)
        {
            invalid(field + ".mode", "The mode must be GOVERNANCE or COMPLIANCE, spelled exactly.");
        }

        RetentionUnit? unit = input.Period?.Unit switch
        {
            "days" => RetentionUnit.Days,
            "years" => RetentionUnit.Years,
            _ => null,
        };
        if (unit is null)
        {
            invalid(field + ".period.unit", "The period's unit must be days or years, spelled exactly.");
        }

        var duration = input.Period?.Duration;
        var max = unit == RetentionUnit.Years ? MaxRetentionYears : MaxRetentionDays;
        if (duration is null || duration < 1 || duration > max)
        {
            invalid(field + ".period.duration",
                $"The period's duration must be a whole number from 1 to {max} {(unit == RetentionUnit.Years ? "years" : "days")} "
                + $"(retention is 1 day to {MaxRetentionYears} years).");
            return null;
        }

        return mode is null || unit is null ? null : new DefaultRetention(mode.Value, (int)duration.Value, unit.Value);
    }

    private static List<CorsRule> CheckCors(IReadOnlyList<CorsRuleInput>? rules, Action<string, string> invalid)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return CheckEach(rules, "corsRules", "CORS", invalid, (rule, bad) =>
        {
            if (rule.CorsRuleName is not { } name || !CorsRuleName().IsMatch(name) || name.StartsWith("b2-", StringComparison.Ordinal))
            {
                bad("corsRuleName", "The corsRuleName must be 6 to 50 letters, digits and hyphens, not starting with b2-.");
            }
            else if (!names.Add(name))
            {
                bad("corsRuleName", "Each corsRuleName must be unique.");
            }

            if (rule.AllowedOrigins is not { Count: > 0 } origins)
            {
                bad("allowedOrigins", "At least one origin is required: * or a scheme and host such as https://www.example.com.");
                origins = [];
            }

            for (var o = 0; o < origins.Count; o++)
            {
                if (!IsOrigin(origins[o]))
                {
                    bad($"allowedOrigins[{o}]",
                        "An origin is * or http(s)://host[:port] with nothing after the host (one leading *. is allowed in the host).");
                }
            }

            var methods = new List<string>();
            if (rule.AllowedOperations is not { Count: > 0 } operations)
            {
                bad("allowedOperations", $"At least one operation is required: {OperationNames} (or the HTTP method).");
                operations = [];
            }

            for (var o = 0; o < operations.Count; o++)
            {
                if (operations[o] is { } operation && Operations.TryGetValue(operation, out var method))
                {
                    if (!methods.Contains(method, StringComparer.Ordinal))
                    {
                        methods.Add(method);
                    }
                }
                else
                {
                    bad($"allowedOperations[{o}]", $"An operation is one of {OperationNames}, GET, HEAD, PUT, POST, DELETE.");
                }
            }

            CheckHeaders(rule.AllowedHeaders, "allowedHeaders", bad);
            CheckHeaders(rule.ExposeHeaders, "exposeHeaders", bad);
            if (rule.MaxAgeSeconds is { } age && (age < 0 || age > MaxCorsAgeSeconds))
            {
                bad("maxAgeSeconds", $"The maxAgeSeconds must be from 0 to {MaxCorsAgeSeconds}.");
            }

            return new CorsRule(rule.CorsRuleName!, origins, methods, rule.AllowedHeaders ?? [], rule.ExposeHeaders ?? [],
                (int?)rule.MaxAgeSeconds);
        });
    }

    private static void CheckHeaders(IReadOnlyList<string>? headers, string field, Action<string, string> bad)
    {
        for (var h = 0; h < (headers?.Count ?? 0); h++)
        {
            if (headers![h] is not { } header || !HeaderName().IsMatch(header))
            {
                bad($"{field}[{h}]", "A header is an HTTP header name (letters, digits, - and _), or * , optionally ending in *.");
            }
        }
    }

    private static bool IsOrigin(string? origin)
    {
        if (origin == "*")
        {
            return true;
        }

        if (origin is null || origin.Length > 256)
        {
            return false;
        }

        // One leading "*." in the host is allowed (https://*.example.com): check the rest as a plain origin.
        var plain = origin.Replace("://*.", "://wildcard.", StringComparison.Ordinal);
        var withoutSlash = plain.EndsWith('/') ? plain[..^1] : plain;
        return !plain.Contains('*', StringComparison.Ordinal)
            && Uri.TryCreate(plain, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.UserInfo.Length == 0
            && string.Equals(withoutSlash, uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }

    private static List<LifecycleRule> CheckLifecycle(IReadOnlyList<LifecycleRuleInput>? rules, Action<string, string> invalid)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        return CheckEach(rules, "lifecycleRules", "lifecycle", invalid, (rule, bad) =>
        {
            if (rule.FileNamePrefix is not { } prefix || prefix.Length > 1024 || TextRules.HasInvisibleOrBrokenCharacter(prefix))
            {
                bad("fileNamePrefix", "The fileNamePrefix is required (\"\" for every file), at most 1024 visible characters.");
            }
            else if (!prefixes.Add(prefix))
            {
                bad("fileNamePrefix", "Each fileNamePrefix may have one rule.");
            }

            foreach (var (field, days) in new[] { ("daysFromUploadingToHiding", rule.DaysFromUploadingToHiding),
                         ("daysFromHidingToDeleting", rule.DaysFromHidingToDeleting) })
            {
                if (days is { } value && (value < 1 || value > MaxRetentionDays))
                {
                    bad(field, $"The {field} must be a whole number of days from 1 to {MaxRetentionDays}.");
                }
            }

            if (rule.DaysFromUploadingToHiding is null && rule.DaysFromHidingToDeleting is null)
            {
                bad(string.Empty, "A lifecycle rule needs daysFromUploadingToHiding, daysFromHidingToDeleting or both.");
            }

            return new LifecycleRule(rule.FileNamePrefix!, (int?)rule.DaysFromUploadingToHiding, (int?)rule.DaysFromHidingToDeleting);
        });
    }

    /// <summary>
    /// A list of rules (<c>corsRules</c>, <c>lifecycleRules</c>): at most <see cref="MaxRules"/>, each an object, each judged by
    /// <paramref name="check"/>, whose reports name a field of item i as <c>field[i].name</c> (an empty name: the item itself).
    /// The rules <paramref name="check"/> built, in order, except those it reported a broken field of.
    /// </summary>
    private static List<TRule> CheckEach<TInput, TRule>(IReadOnlyList<TInput?>? items, string field, string kind,
        Action<string, string> invalid, Func<TInput, Action<string, string>, TRule> check)
        where TInput : class
    {
        var result = new List<TRule>();
        if (items is null)
        {
            return result;
        }

        if (items.Count > MaxRules)
        {
            invalid(field, $"At most {MaxRules} {kind} rules may be given.");
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{field}[{i}]";
            if (items[i] is not { } item)
            {
                invalid(at, $"A {kind} rule must be an object.");
                continue;
            }

            var ok = true;
            var rule = check(item, (name, message) =>
            {
                ok = false;
                invalid(name.Length == 0 ? at : $"{at}.{name}", message);
            });
            if (ok)
            {
                result.Add(rule);
            }
        }

        return result;
    }

    private static ServerSideEncryption? CheckEncryption(EncryptionInput? input, Action<string, string> invalid)
    {
        if (input is null)
        {
            return null;
        }

        const string field = "defaultServerSideEncryption";
        EncryptionMode? mode = input.Mode switch
        {
            "none" => EncryptionMode.None,
            "SSE-B2" => EncryptionMode.ProviderManaged,
            "SSE-KMS" => EncryptionMode.Kms,
            _ => null,
        };
        if (mode is null)
        {
            invalid(field + ".mode", "The mode must be none, SSE-B2 (provider-managed keys) or SSE-KMS, spelled exactly.");
        }

        if (input.Algorithm is not null and not "AES256")
        {
            invalid(field + ".algorithm", "The algorithm, when given, must be AES256.");
        }

        if (mode == EncryptionMode.Kms && string.IsNullOrWhiteSpace(input.KmsKeyName))
        {
            invalid(field + ".kmsKeyName", "SSE-KMS needs the kmsKeyName of the key to encrypt with.");
        }
        else if (input.KmsKeyName is { } key && (mode != EncryptionMode.Kms || key.Length > 2048 || !KmsKeyName().IsMatch(key)))
        {
            invalid(field + ".kmsKeyName", mode == EncryptionMode.Kms
                ? "The kmsKeyName must be a key id, alias or resource name (letters, digits and - _ / : .), at most 2048 characters."
                : "A kmsKeyName is only used with mode SSE-KMS.");
        }

        return mode is { } m ? new ServerSideEncryption(m, m == EncryptionMode.Kms ? input.KmsKeyName : null) : null;
    }

    /// <summary>S3 tags, GCS labels or Azure metadata: the limits of the one the storage type maps <c>bucketInfo</c> to.</summary>
    private static void CheckBucketInfo(IReadOnlyDictionary<string, string> info, StorageType type, Action<string, string> invalid)
    {
        const string field = "bucketInfo";
        var (maxCount, what) = type switch
        {
            StorageType.S3 => (50, "S3 bucket tags"),
            StorageType.Gcs => (64, "GCS labels"),
            _ => (int.MaxValue, "Azure container metadata"),
        };
        if (info.Count > maxCount)
        {
            invalid(field, $"At most {maxCount} entries fit {what}.");
            return;
        }

        var total = 0;
        foreach (var (key, value) in info)
        {
            total += key.Length + (value?.Length ?? 0);
            var problem = type switch
            {
                StorageType.S3 when key.Length is < 1 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)
                    || !S3TagText().IsMatch(key) =>
                    "An S3 tag key is 1 to 128 letters, digits, spaces and + - = . _ : / @, not starting with aws:.",
                StorageType.S3 when value is null || value.Length > 256 || !S3TagText().IsMatch(value) =>
                    "An S3 tag value is at most 256 letters, digits, spaces and + - = . _ : / @.",
                StorageType.Gcs when !GcsLabelKey().IsMatch(key) =>
                    "A GCS label key is 1 to 63 lowercase letters, digits, - and _, starting with a letter.",
                StorageType.Gcs when value is null || !GcsLabelValue().IsMatch(value) =>
                    "A GCS label value is at most 63 lowercase letters, digits, - and _.",
                StorageType.Azure when !AzureMetadataName().IsMatch(key) =>
                    "An Azure metadata name is a C# identifier: letters, digits and _, not starting with a digit.",
                StorageType.Azure when value is null || value.Any(c => c > 126 || c < 32) =>
                    "An Azure metadata value is printable ASCII.",
                _ => null,
            };
            if (problem is not null)
            {
                invalid($"{field}.{key}", problem);
            }
        }

        if (type == StorageType.Azure && total > 8 * 1024)
        {
            invalid(field, "Azure container metadata holds at most 8 KiB of names and values.");
        }
    }

    [GeneratedRegex(@"^[a-z][a-z0-9-]{4,28}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsProject();

    [GeneratedRegex(@"^[A-Za-z0-9-]{6,50}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CorsRuleName();

    [GeneratedRegex(@"^(\*|[A-Za-z0-9_-]{1,128}\*?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^[A-Za-z0-9_:/.\-]{1,2048}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KmsKeyName();

    [GeneratedRegex(@"^[\p{L}\p{Nd} +\-=._:/@]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex S3TagText();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLabelKey();

    [GeneratedRegex(@"^[a-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLabelValue();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AzureMetadataName();
}

/// <summary>A change that passed the rules; <see cref="VersioningOff"/>: the client asked to switch versioning off.</summary>
public sealed record CheckedChange(ProvisionChange Change, bool VersioningOff);
