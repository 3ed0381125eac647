using Microsoft.AspNetCore.WebUtilities;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.Requests;

/// <summary>Reading a multipart body the client may have malformed: a missing closing boundary, a section header
/// without a colon, too many headers. MultipartReader reports those as I/O or data errors, which are the
/// client's, so they become 400 here instead of reaching the edge as a server failure.</summary>
internal static class MultipartBodies
{
    public const string Malformed = "The multipart body is malformed (a part or the closing boundary is missing or broken).";

    /// <summary>The next section, or null at the end; 400 when the body is malformed.</summary>
    public static async Task<MultipartSection?> NextSectionAsync(this MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception exception) when (IsMalformed(exception, cancellationToken))
        {
            throw new InvalidInputException(Malformed);
        }
    }

    /// <summary>Whether <paramref name="exception"/>, thrown while reading the body, means the client sent a broken
    /// body (and did not merely go away). Kestrel's own refusals (a body over the size limit: 413) are
    /// <see cref="BadHttpRequestException"/>s, an IOException too, and keep their status.</summary>
    public static bool IsMalformed(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && exception is InvalidDataException or IOException
        && exception is not BadHttpRequestException;
}
