using System.Text.Json;
using Azure.Data.Tables;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tokens;

/// <summary>
/// API token record ⇄ its row in the tokens table: one partition per token, keyed by the token id. Workspaces are a
/// JSON array; capabilities are their comma-separated wire names.
/// </summary>
internal static class TokenEntityMapper
{
    public const string RowKey = "token";

    public static string Partition(string tokenId) => TableKey.Encode(tokenId);

    public static TableEntity ToEntity(ApiTokenRecord token)
    {
        var entity = new TableEntity(Partition(token.TokenId), RowKey)
        {
            ["OrganizationId"] = token.OrganizationId,
            ["Hash"] = token.Hash,
            ["Description"] = token.Description,
            ["Workspaces"] = JsonSerializer.Serialize(token.Workspaces),
            ["Capabilities"] = string.Join(',', CapabilityNames.ToNames(token.Capabilities)),
            ["CreatedAt"] = token.CreatedAt,
        };
        if (token.ExpiresAt is { } expiresAt)
        {
            entity["ExpiresAt"] = expiresAt;
        }

        return entity;
    }

    public static ApiTokenRecord ToRecord(string tokenId, TableEntity entity) => new(
        tokenId,
        entity.GetString("OrganizationId") ?? throw Corrupt(tokenId, "OrganizationId"),
        entity.GetBinary("Hash") ?? throw Corrupt(tokenId, "Hash"),
        entity.GetString("Description") ?? string.Empty,
        JsonSerializer.Deserialize<List<string>>(entity.GetString("Workspaces") ?? throw Corrupt(tokenId, "Workspaces")) ?? throw Corrupt(tokenId, "Workspaces"),
        ParseCapabilities(entity.GetString("Capabilities")),
        entity.GetDateTimeOffset("ExpiresAt"),
        entity.GetDateTimeOffset("CreatedAt") ?? throw Corrupt(tokenId, "CreatedAt"));

    /// <summary>A name this version does not know grants nothing: failing closed beats failing the request.</summary>
    private static Capability ParseCapabilities(string? names)
    {
        var capabilities = Capability.None;
        foreach (var name in (names ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (CapabilityNames.TryParse(name, out var capability))
            {
                capabilities |= capability;
            }
        }

        return capabilities;
    }

    private static InvalidOperationException Corrupt(string tokenId, string property) =>
        new($"Token row {tokenId} has no {property}.");
}
