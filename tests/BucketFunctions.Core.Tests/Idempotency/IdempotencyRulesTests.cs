using BucketFunctions.Core.Idempotency;

namespace BucketFunctions.Core.Tests.Idempotency;

public sealed class IdempotencyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly IdempotencyOptions Options = new() { LeaseDuration = TimeSpan.FromMinutes(2), Retention = TimeSpan.FromHours(24) };
    private static readonly StoredResponse Response = new(200, "application/json", "{}", new Dictionary<string, string>());

    [Theory]
    [InlineData(true, false, 0, IdempotencyRules.Decision.Replay)]
    [InlineData(true, true, 0, IdempotencyRules.Decision.KeyReused)]
    [InlineData(true, true, 25 * 60, IdempotencyRules.Decision.TakeOver)]
    [InlineData(false, false, 0, IdempotencyRules.Decision.InProgress)]
    [InlineData(false, true, 0, IdempotencyRules.Decision.KeyReused)]
    [InlineData(false, false, 3, IdempotencyRules.Decision.TakeOver)]
    public void An_existing_record_decides_what_a_repeat_gets(bool completed, bool otherBody, int minutesLater, IdempotencyRules.Decision expected)
    {
        var record = new IdempotencyRecord([1, 2], Now, Now + Options.LeaseDuration, completed ? Response : null);

        var decision = IdempotencyRules.Decide(record, otherBody ? [9, 9] : [1, 2], Now.AddMinutes(minutesLater), Options);

        Assert.Equal(expected, decision);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("tab\tinside")]
    [InlineData("ünïcode")]
    public void Unusable_keys_are_refused(string key) => Assert.NotNull(IdempotencyRules.CheckKey(key));

    [Theory]
    [InlineData("a")]
    [InlineData("order-2024-0001 retry/1")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    public void Usable_keys_are_accepted(string key) => Assert.Null(IdempotencyRules.CheckKey(key));

    [Fact]
    public void Keys_are_at_most_255_characters()
    {
        Assert.Null(IdempotencyRules.CheckKey(new string('k', 255)));
        Assert.NotNull(IdempotencyRules.CheckKey(new string('k', 256)));
    }
}
