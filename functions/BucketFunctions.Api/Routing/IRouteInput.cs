using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Routing;

/// <summary>
/// A handler's typed input, bound from a <see cref="RouteCall"/>. The type also declares, for the pipeline and the
/// OpenAPI document, the request body it reads (null for none) and the query and header parameters it takes.
/// </summary>
public interface IRouteInput<TSelf>
    where TSelf : IRouteInput<TSelf>
{
    static virtual RequestBody? RequestBody => null;

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
/// A route's request body as the OpenAPI document names it: <see cref="Shape"/>'s fields under <see cref="Name"/>, with
/// <see cref="RequiredFields"/> required besides those the shape requires itself. Several routes' bodies can share one
/// shape declared once elsewhere (Core's bucket body). An <see cref="Optional"/> body may be left out (no bytes at all):
/// the binder then gets no fields.
/// </summary>
public sealed record RequestBody(string Name, Type Shape, IReadOnlyList<string> RequiredFields, bool Optional = false)
{
    /// <summary>A body type of its own (an <see cref="IRequestBody{TSelf}"/>), under its own name.</summary>
    public static RequestBody Of<T>() => new(typeof(T).Name, typeof(T), []);
}
