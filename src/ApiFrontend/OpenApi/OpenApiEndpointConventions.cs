namespace VetrAI.ApiFrontend.OpenApi;

/// <summary>Endpoint metadata: error statuses an endpoint sends beyond those the OpenAPI document derives from
/// its shape (see <see cref="ErrorResponsesTransformer"/>), e.g. 401 from an anonymous sign-in or 429 from a
/// throttle.</summary>
public sealed class ErrorStatusesMetadata(IReadOnlyList<int> statusCodes)
{
    public IReadOnlyList<int> StatusCodes { get; } = statusCodes;
}

/// <summary>Endpoint metadata: the endpoint reads an API key from <c>X-API-Key</c> (the document lists the key
/// scheme for it, and no scheme at all when the key may come another way).</summary>
public sealed class ApiKeyAccessMetadata(bool optional)
{
    /// <summary>The key may also come in the body, so a request without the header is still well formed.</summary>
    public bool Optional { get; } = optional;
}

/// <summary>How endpoints tell the OpenAPI document what their handlers do that their declaration cannot show.</summary>
public static class OpenApiEndpointConventions
{
    /// <summary>The endpoint also answers these error statuses, with the standard error body.</summary>
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new ErrorStatusesMetadata(statusCodes);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }

    /// <summary>The endpoint answers <paramref name="status"/> with one of <paramref name="bodies"/>.</summary>
    public static TBuilder ProducesOneOf<TBuilder>(this TBuilder builder, int status, params Type[] bodies) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new AlternativeAnswersMetadata(status, bodies);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }

    /// <summary>The endpoint authenticates programs by <c>X-API-Key</c> (<paramref name="optional"/>: or by a key
    /// in the body).</summary>
    public static TBuilder AcceptsApiKey<TBuilder>(this TBuilder builder, bool optional = false) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new ApiKeyAccessMetadata(optional);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }
}
