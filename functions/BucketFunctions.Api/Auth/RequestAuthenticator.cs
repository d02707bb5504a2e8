using System.Security.Cryptography;
using System.Text;
using BucketFunctions.Core.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Auth;

/// <summary>Who sent a request: a tenant by <c>Authorization: Bearer</c>, an operator by <c>x-admin-key</c>.</summary>
public sealed class RequestAuthenticator(TokenAuthenticator tokens, IOptions<AdminOptions> admin)
{
    public const string AdminKeyHeader = "x-admin-key";

    public Task<Caller?> AuthenticateTenantAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? tokens.AuthenticateAsync(header[scheme.Length..].Trim(), cancellationToken)
            : Task.FromResult<Caller?>(null);
    }

    /// <summary>Constant-time comparison of fixed-length digests, so neither content nor length leaks through timing.</summary>
    public bool IsOperator(HttpRequest request)
    {
        var presented = request.Headers[AdminKeyHeader].ToString();
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(admin.Value.Key)));
    }
}
