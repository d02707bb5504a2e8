using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Routing;

/// <summary>
/// A handler's typed input, bound from a <see cref="RouteCall"/>. The type also declares, for the pipeline and the
/// OpenAPI document, the request body it reads (null for none) and the query and header parameters it takes.
/// </summary>
public interface IRouteInput<TSelf>
    where TSelf : IRouteInput<TSelf>
{
    static abstract Type? BodyType { get; }

    /// <summary>False when the body may be left out (no bytes at all): the binder then gets no fields.</summary>
    static virtual bool BodyRequired => true;

    static virtual IReadOnlyList<RouteParameter> Parameters => [];

    static abstract Result<TSelf> Bind(RouteCall call);
}

/// <summary>A query or header parameter, as the OpenAPI document lists it.</summary>
public sealed record RouteParameter(string Name, ParameterLocation In, string Description, string SchemaType = "string");

public enum ParameterLocation
{
    Query,
    Header,
}

/// <summary>A JSON request body type: how it is read from the body's fields.</summary>
public interface IRequestBody<TSelf>
    where TSelf : IRequestBody<TSelf>
{
    static abstract TSelf Read(Http.JsonFields fields);
}

/// <summary>
/// A request body whose fields are another type's, declared once elsewhere (Core's bucket body): the OpenAPI document
/// describes <see cref="Shape"/> under this type's name, with <see cref="Required"/> as its required fields.
/// </summary>
public interface IBodyShape
{
    static abstract Type Shape { get; }

    static abstract IReadOnlyList<string> Required { get; }
}
