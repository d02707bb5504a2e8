using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Api.Tests.Routing;

/// <summary>
/// The bucket body is declared once (Core's <see cref="BucketRegistrationInput"/>): the reader fills every one of its
/// fields, and the OpenAPI document's three bucket bodies are that type's fields, required as each route requires them.
/// </summary>
public sealed class BucketBodyTests
{
    private static readonly JsonObject Schemas = ContractSchema.Current.Document["components"]!["schemas"]!.AsObject();

    private static IEnumerable<string> PropertiesOf(string schema) => Schemas[schema]!["properties"]!.AsObject().Select(p => p.Key);

    [Fact]
    public void The_reader_fills_every_field_of_the_shape_from_its_json_name()
    {
        // Every field is text but provision, an object (its own shape is read by System.Text.Json).
        var text = RegistrationFields.All.Where(f => f != RegistrationFields.Provision).ToList();
        var body = new JsonObject { [RegistrationFields.Provision] = new JsonObject { ["bucketType"] = "value-of-bucketType" } };
        foreach (var field in text)
        {
            body[field] = "value-of-" + field;
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var read = BucketBody.Read(new JsonFields(JsonDocument.Parse(bytes).RootElement, bytes)).Value;

        var values = typeof(BucketRegistrationInput).GetProperties()
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.GetValue(read) switch
            {
                Core.Credentials.SecretString secret => secret.Reveal(),
                var value => value,
            });
        Assert.Equal(RegistrationFields.All.Order(), values.Keys.Order());
        Assert.All(text, field => Assert.Equal("value-of-" + field, values[field]));
        Assert.Equal("value-of-bucketType", Assert.IsType<Core.Provisioning.ProvisionInput>(values[RegistrationFields.Provision]).BucketType);
    }

    [Theory]
    [InlineData("CreateBucketRequest")]
    [InlineData("UpdateBucketRequest")]
    [InlineData("ValidateBucketRequest")]
    public void Each_bucket_body_in_the_document_has_exactly_the_shapes_fields(string schema) =>
        Assert.Equal(RegistrationFields.All, PropertiesOf(schema));

    [Fact]
    public void Only_the_create_body_requires_fields_and_those_are_the_ones_the_validator_requires()
    {
        var required = Schemas["CreateBucketRequest"]!["required"]!.AsArray().Select(f => f!.GetValue<string>());
        Assert.Equal(RegistrationFields.RequiredOnCreate, required);
        Assert.Equal("string", Schemas["CreateBucketRequest"]!["properties"]!["name"]!["type"]!.GetValue<string>());
        Assert.Null(Schemas["UpdateBucketRequest"]!["required"]);
        Assert.Null(Schemas["ValidateBucketRequest"]!["required"]);
        var paths = ContractSchema.Current.Document["paths"]!;
        Assert.False(paths["/bucket/{bucketId}/validate"]!["post"]!["requestBody"]!["required"]!.GetValue<bool>());
        Assert.True(paths["/bucket"]!["post"]!["requestBody"]!["required"]!.GetValue<bool>());
    }
}
