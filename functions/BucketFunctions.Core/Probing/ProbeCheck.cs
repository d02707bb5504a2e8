namespace BucketFunctions.Core.Probing;

/// <summary>
/// One step of a credential check, as the validation report shows it. <see cref="Passed"/> is null when the step was
/// skipped because an earlier one failed. Names are <see cref="ProbeCheckNames"/>.
/// </summary>
public sealed record ProbeCheck(string Name, bool? Passed, string Detail);
