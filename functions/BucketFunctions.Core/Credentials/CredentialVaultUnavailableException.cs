namespace BucketFunctions.Core.Credentials;

/// <summary>
/// The vault could not be reached or refused the operation. Its message names the operation, the bucket and the
/// vault's status and error code, never a credential, and it carries no inner exception whose text could.
/// </summary>
public sealed class CredentialVaultUnavailableException(string message) : Exception(message);
