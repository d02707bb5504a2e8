using System.Text.Json;
using Azure.Data.Tables;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Idempotency;

/// <summary>Idempotency record ⇄ row in the organization's partition. The row holds the request's keyed fingerprint, never the request or its plain hash.</summary>
internal static class IdempotencyEntityMapper
{
    public static TableEntity ToEntity(string organizationId, string key, IdempotencyRecord record)
    {
        var entity = new TableEntity(TenantRows.Partition(organizationId), TenantRows.Idempotency(key))
        {
            ["RequestFingerprint"] = record.RequestFingerprint,
            ["CreatedAt"] = record.CreatedAt,
            ["LeaseExpiresAt"] = record.LeaseExpiresAt,
        };
        if (record.Response is { } response)
        {
            AddResponse(entity, response);
        }

        return entity;
    }

    /// <summary>Only the response columns: merged into a pending row, they complete it and leave its other columns as claimed.</summary>
    public static TableEntity ToResponseEntity(IdempotencyLease lease, StoredResponse response) => AddResponse(Row(lease), response);

    /// <summary>Only the lease's end: merged into a pending row, it renews the hold and leaves the rest as claimed.</summary>
    public static TableEntity ToLeaseEntity(IdempotencyLease lease, DateTimeOffset leaseExpiresAt)
    {
        var entity = Row(lease);
        entity["LeaseExpiresAt"] = leaseExpiresAt;
        return entity;
    }

    public static TableEntity Row(IdempotencyLease lease) =>
        new(TenantRows.Partition(lease.OrganizationId), TenantRows.Idempotency(lease.Key));

    private static TableEntity AddResponse(TableEntity entity, StoredResponse response)
    {
        entity["StatusCode"] = response.StatusCode;
        entity["ContentType"] = response.ContentType;
        entity["Body"] = response.Body;
        entity["Headers"] = JsonSerializer.Serialize(response.Headers);
        return entity;
    }

    public static IdempotencyRecord ToRecord(TableEntity entity)
    {
        StoredResponse? response = null;
        if (entity.GetInt32("StatusCode") is { } status)
        {
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(entity.GetString("Headers") ?? "{}") ?? [];
            response = new StoredResponse(status, entity.GetString("ContentType") ?? "application/json", entity.GetString("Body") ?? string.Empty, headers);
        }

        return new IdempotencyRecord(
            entity.GetBinary("RequestFingerprint") ?? [],
            entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("LeaseExpiresAt") ?? DateTimeOffset.MinValue,
            response);
    }
}
