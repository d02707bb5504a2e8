using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tests.TableStorage;

public sealed class TableConnectionStringTests
{
    [Fact]
    public void Development_storage_points_at_the_local_emulator()
    {
        var parsed = TableConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal("devstoreaccount1", parsed.Credential.Name);
    }

    [Fact]
    public void An_explicit_table_endpoint_is_used_as_given()
    {
        var parsed = TableConnectionString.Parse("AccountName=acct;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:5555/acct/");

        Assert.Equal(new Uri("http://127.0.0.1:5555/acct"), parsed.TableEndpoint);
        Assert.Equal("acct", parsed.Credential.Name);
    }

    [Fact]
    public void Without_an_endpoint_the_public_cloud_endpoint_is_built()
    {
        var parsed = TableConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://acct.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountName=acct")]
    [InlineData("AccountKey=c2VjcmV0LWtleS12YWx1ZQ==")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;garbage")]
    public void A_broken_connection_string_fails_without_echoing_the_key(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => TableConnectionString.Parse(connectionString));

        Assert.DoesNotContain("c2VjcmV0LWtleS12YWx1ZQ", error.Message);
    }
}
