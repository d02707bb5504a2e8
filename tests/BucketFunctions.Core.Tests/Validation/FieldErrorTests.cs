using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Tests.Validation;

public sealed class FieldErrorTests
{
    [Theory]
    [InlineData("bucket", "/bucket")]
    [InlineData("Idempotency-Key", "/Idempotency-Key")]
    [InlineData("provision.versioning", "/provision/versioning")]
    [InlineData("provision.corsRules[0].corsRuleName", "/provision/corsRules/0/corsRuleName")]
    [InlineData("provision.corsRules[12].allowedOrigins[3]", "/provision/corsRules/12/allowedOrigins/3")]
    [InlineData("provision['a.b/c~d']", "/provision/a.b~1c~0d")]
    public void A_field_path_becomes_a_pointer_with_one_segment_per_step(string field, string pointer) =>
        Assert.Equal(pointer, new FieldError(field, "message").Pointer);
}
