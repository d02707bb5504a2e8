namespace BucketFunctions.Core.Probing;

/// <summary>One step of a credential check, as shown to clients (e.g. "endpoint", "list").</summary>
public sealed record ProbeCheck(string Name, bool Passed, string Detail);
