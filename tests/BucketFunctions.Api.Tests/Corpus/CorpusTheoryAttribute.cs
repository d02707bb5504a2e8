using Xunit.Abstractions;
using Xunit.Sdk;

namespace BucketFunctions.Api.Tests.Corpus;

/// <summary>A theory over corpus files that shows a file marked <c># known-issue: …</c> as skipped, with that reason.</summary>
[XunitTestCaseDiscoverer("BucketFunctions.Api.Tests.Corpus.CorpusTheoryDiscoverer", "BucketFunctions.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusTheoryAttribute : TheoryAttribute;

public sealed class CorpusTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        dataRow is [string file] && CorpusFile.Load(file).KnownIssue is { } issue
            ? CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, "known issue: " + issue)
            : base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
}
