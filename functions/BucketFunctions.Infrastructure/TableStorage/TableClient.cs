using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// A small client for one Azure Storage table, on Azure.Core's pipeline (retries, diagnostics, credentials). It
/// mirrors Azure.Data.Tables' TableClient in names and behaviour, so that package can replace this folder when the
/// registry serves it. Failures surface as <see cref="RequestFailedException"/> carrying status and the service's
/// error code.
/// </summary>
public sealed partial class TableClient
{
    private const string StorageScope = "https://storage.azure.com/.default";
    private const string JsonMinimalMetadata = "application/json;odata=minimalmetadata";
    private const int MaxTransactionSize = 100;

    private readonly HttpPipeline pipeline;
    private readonly Uri serviceUri;

    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(TableConnectionString.Parse(connectionString), tableName, options)
    {
    }

    public TableClient(Uri serviceUri, string tableName, AzureNamedKeyCredential credential, TableClientOptions? options = null)
        : this(serviceUri, tableName, new SharedKeyLitePolicy(credential ?? throw new ArgumentNullException(nameof(credential))), options)
    {
    }

    /// <summary>Microsoft Entra ID (e.g. managed identity): bearer tokens for the storage scope.</summary>
    public TableClient(Uri serviceUri, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(serviceUri, tableName, new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), StorageScope), options)
    {
    }

    private TableClient(TableConnectionString connection, string tableName, TableClientOptions? options)
        : this(connection.TableEndpoint, tableName, connection.Credential, options)
    {
    }

    private TableClient(Uri serviceUri, string tableName, HttpPipelinePolicy authentication, TableClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        if (!TableName().IsMatch(tableName ?? string.Empty))
        {
            throw new ArgumentException("A table name is 3–63 letters and digits, starting with a letter.", nameof(tableName));
        }

        Name = tableName!;
        this.serviceUri = new Uri(serviceUri.AbsoluteUri.TrimEnd('/'));
        var pipelineOptions = new HttpPipelineOptions(options ?? new TableClientOptions())
        {
            RequestFailedDetailsParser = TableErrorParser.Instance,
        };
        pipelineOptions.PerRetryPolicies.Add(authentication);
        pipeline = HttpPipelineBuilder.Build(pipelineOptions);
    }

    public string Name { get; }

    private Uri TableUri => new(serviceUri.AbsoluteUri + "/" + Name);

    /// <summary>Creates the table; false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "/Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJson(message, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["TableName"] = Name })));
        var response = await SendAsync(message, cancellationToken, allow: 409).ConfigureAwait(false);
        return response.Status != 409;
    }

    /// <summary>Deletes the table; false when there was none.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"/Tables('{Name}')");
        var response = await SendAsync(message, cancellationToken, allow: 404).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>Inserts an entity; 409 <c>EntityAlreadyExists</c> when its keys are taken. Returns the new ETag.</summary>
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(RequestMethod.Post, "/" + Name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJson(message, TableEntityJson.Serialize(entity));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return ETagOf(response);
    }

    /// <summary>The entity, or null when it does not exist. <paramref name="select"/> limits the properties returned.</summary>
    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, "/" + Name + EntityPath(partitionKey, rowKey));
        AppendSelect(message, select);
        var response = await SendAsync(message, cancellationToken, allow: 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return null;
        }

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableEntityJson.Deserialize(document.RootElement);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return entity;
    }

    /// <summary>Updates an existing entity if its ETag still matches (<c>default</c> = any); 412 when it changed, 404 when it is gone.</summary>
    public async Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateEntityWrite(entity, mode);
        message.Request.Headers.SetValue("If-Match", ifMatch == default ? "*" : ifMatch.ToString());
        return ETagOf(await SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Inserts the entity, or merges into / replaces the existing one.</summary>
    public async Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateEntityWrite(entity, mode);
        return ETagOf(await SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deletes an entity if its ETag still matches (<c>default</c> = any). False when it did not exist; 412 when it changed.</summary>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, "/" + Name + EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch == default ? "*" : ifMatch.ToString());
        var response = await SendAsync(message, cancellationToken, allow: 404).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>
    /// One page of a query. The service returns at most 1,000 entities (or <paramref name="top"/>) a page and may
    /// return fewer, even none, with a continuation: callers page until the token is null.
    /// </summary>
    public async Task<TableQueryPage> QueryPageAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? top = null,
        TableContinuationToken? continuation = null,
        CancellationToken cancellationToken = default)
    {
        if (top is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(top), "A page holds 1 to 1,000 entities.");
        }

        using var message = CreateMessage(RequestMethod.Get, "/" + Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }

        AppendSelect(message, select);
        if (top is { } t)
        {
            uri.AppendQuery("$top", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (continuation is not null)
        {
            uri.AppendQuery("NextPartitionKey", continuation.NextPartitionKey);
            if (continuation.NextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", continuation.NextRowKey);
            }
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var entities = document.RootElement.GetProperty("value").EnumerateArray().Select(TableEntityJson.Deserialize).ToList();
        var next = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partition)
            ? new TableContinuationToken(partition!, response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var row) ? row : null)
            : null;
        return new TableQueryPage(entities, next);
    }

    /// <summary>Every entity matching the filter, page after page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var selected = select?.ToList();
        TableContinuationToken? continuation = null;
        do
        {
            var page = await QueryPageAsync(filter, selected, null, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// Runs up to 100 operations on one partition as one entity group transaction: all apply or none does. A refusal
    /// raises <see cref="TableTransactionFailedException"/> naming the failing operation.
    /// </summary>
    public async Task<IReadOnlyList<TableOperationResult>> SubmitTransactionAsync(
        IReadOnlyList<TableTransactionAction> actions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxTransactionSize)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxTransactionSize} operations.", nameof(actions));
        }

        if (actions.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new ArgumentException("Every operation of a transaction must target the same partition.", nameof(actions));
        }

        var (body, contentType) = TableBatch.Write(TableUri, actions);
        using var message = CreateMessage(RequestMethod.Post, "/$batch");
        message.Request.Headers.SetValue("Content-Type", contentType);
        message.Request.Content = RequestContent.Create(body);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return TableBatch.Read(response.Content.ToString(), actions.Count);
    }

    /// <summary>The OData path segment addressing one entity, keys quoted and escaped.</summary>
    internal static string EntityPath(string partitionKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        return $"(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static ETag ETagOf(Response response) => response.Headers.ETag ?? default;

    private static void SetJson(HttpMessage message, byte[] json)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(json);
    }

    /// <summary>Keys are always selected too, so a selected entity can still be addressed.</summary>
    private static void AppendSelect(HttpMessage message, IEnumerable<string>? select)
    {
        var names = select?.ToList();
        if (names is { Count: > 0 })
        {
            message.Request.Uri.AppendQuery("$select", string.Join(',', new[] { "PartitionKey", "RowKey" }.Union(names, StringComparer.Ordinal)));
        }
    }

    private HttpMessage CreateEntityWrite(TableEntity entity, TableUpdateMode mode)
    {
        var method = mode == TableUpdateMode.Merge ? new RequestMethod("MERGE") : RequestMethod.Put;
        var message = CreateMessage(method, "/" + Name + EntityPath(entity.PartitionKey, entity.RowKey));
        SetJson(message, TableEntityJson.Serialize(entity));
        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(serviceUri);
        request.Uri.AppendPath(path, escape: false);
        request.Headers.SetValue("x-ms-version", TableClientOptions.ServiceVersion);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("Accept", JsonMinimalMetadata);
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken, int? allow = null)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status >= 400 && response.Status != allow)
        {
            throw new RequestFailedException(response, null, TableErrorParser.Instance);
        }

        return response;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
