using VetrAI.ApiFrontend.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using VetrAI.Grains.Abstractions.Errors;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>One uploaded file, whole: theme images are small and must be checked before anything is stored.</summary>
internal sealed record UploadedFile(string? FileName, string? ContentType, byte[] Bytes);

internal static class ThemeUploads
{
    /// <summary>Room for the multipart framing around the file.</summary>
    private const long FramingAllowance = 16 * 1024;

    /// <summary>Reads the first file part of a multipart/form-data request into memory, refusing it (413) past
    /// <paramref name="maxBytes"/> without reading further.</summary>
    public static async Task<UploadedFile> ReadSingleFileAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException("Send the image as multipart/form-data with one file part.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (boundary is not { Length: > 0 and <= 200 })
        {
            throw new InvalidInputException("The multipart/form-data Content-Type needs a boundary.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + FramingAllowance;
        }

        var sections = new MultipartReader(boundary, request.Body);
        while (await sections.NextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            byte[] bytes;
            try
            {
                bytes = await ReadAtMostAsync(section.Body, maxBytes, cancellationToken);
            }
            catch (Exception exception) when (MultipartBodies.IsMalformed(exception, cancellationToken))
            {
                throw new InvalidInputException(MultipartBodies.Malformed);
            }

            return new UploadedFile(name, Tickets.AttachmentFiles.NormalizeContentType(section.ContentType), bytes);
        }

        throw new InvalidInputException("The request has no file: send multipart/form-data with one file part.");
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new PayloadTooLargeException($"The image is larger than the limit of {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
