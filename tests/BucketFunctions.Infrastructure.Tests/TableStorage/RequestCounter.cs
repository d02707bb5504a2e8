using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tests.TableStorage;

/// <summary>Counts the requests a table client sends that match a test.</summary>
internal sealed class RequestCounter(Func<Request, bool> matches) : HttpPipelineSynchronousPolicy
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public TableClientOptions Options()
    {
        var options = TableClients.CreateOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return options;
    }

    public void Reset() => Interlocked.Exchange(ref count, 0);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (matches(message.Request))
        {
            Interlocked.Increment(ref count);
        }
    }
}
