using System.Buffers.Binary;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Themes;

namespace VetrAI.ApiFrontend.Themes;

/// <summary>What a theme's logo or favicon may be, decided by its bytes: PNG, JPEG and ICO by their signatures, SVG
/// by parsing it (<see cref="SvgSafety"/>). The declared content type and the file name's extension, when they say
/// anything, must agree with the bytes; a file that claims to be what it is not is refused.</summary>
public static class ThemeImages
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Ico = "image/x-icon";
    public const string Svg = "image/svg+xml";

    /// <summary>The URL segment of an image kind.</summary>
    public static string Segment(ThemeImageKind kind) => kind == ThemeImageKind.Logo ? "logo" : "favicon";

    /// <summary>The image kind of a URL segment (the route only lets the two through).</summary>
    public static ThemeImageKind KindOf(string segment) => segment == "logo" ? ThemeImageKind.Logo : ThemeImageKind.Favicon;

    /// <summary>The content type of <paramref name="bytes"/>, checked against what the client said about them.</summary>
    /// <param name="bytes">The whole upload.</param>
    /// <param name="declaredType">The part's Content-Type, normalized; null or <c>application/octet-stream</c> say nothing.</param>
    /// <param name="fileName">The part's file name; its extension, when it is an image extension, must agree.</param>
    /// <exception cref="InvalidInputException">The bytes are no accepted image, or not the one declared.</exception>
    public static string Recognize(ReadOnlySpan<byte> bytes, string? declaredType, string? fileName)
    {
        var declared = declaredType switch
        {
            null or "application/octet-stream" => null,
            Png => Png,
            Jpeg or "image/jpg" or "image/pjpeg" => Jpeg,
            Ico or "image/vnd.microsoft.icon" or "image/ico" => Ico,
            Svg => Svg,
            _ => throw new InvalidInputException($"Files of type {declaredType} are not accepted; send a PNG, JPEG, ICO or SVG image."),
        };

        var detected = Detect(bytes, declared);
        if (declared is not null && declared != detected)
        {
            throw new InvalidInputException($"The file was declared {declared} but its content is {detected}: a disguised upload is refused.");
        }

        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        var named = extension switch
        {
            "" => null,
            ".png" => Png,
            ".jpg" or ".jpeg" or ".jfif" => Jpeg,
            ".ico" => Ico,
            ".svg" => Svg,
            _ => "",
        };
        if (named is not null && named != detected)
        {
            throw new InvalidInputException($"The file is named '{extension}' but its content is {detected}: a disguised upload is refused.");
        }

        return detected;
    }

    private static string Detect(ReadOnlySpan<byte> bytes, string? declared)
    {
        if (IsPng(bytes))
        {
            return Png;
        }

        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return Jpeg;
        }

        if (IsIco(bytes))
        {
            return Ico;
        }

        if (LooksLikeMarkup(bytes))
        {
            var refusal = SvgSafety.Check(bytes);
            if (refusal is null)
            {
                return Svg;
            }

            if (declared is null or Svg)
            {
                throw new InvalidInputException($"The SVG image is refused: {refusal}");
            }
        }

        throw new InvalidInputException(
            declared is null
                ? "The file is not a PNG, JPEG, ICO or SVG image (its content was checked, not its name)."
                : $"The file was declared {declared} but its content is not an image of that type: a disguised upload is refused.");
    }

    private static bool IsPng(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 33
        && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        && bytes[12..16].SequenceEqual("IHDR"u8);

    /// <summary>An icon directory (reserved 0, type 1, at least one image) whose first image lies inside the file.</summary>
    private static bool IsIco(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 22 || BinaryPrimitives.ReadUInt16LittleEndian(bytes) != 0 || BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]) != 1)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (count == 0 || bytes.Length < 6 + (16 * count))
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[18..]);
        return size > 0 && offset >= 6 + (16 * count) && (ulong)offset + size <= (ulong)bytes.Length;
    }

    /// <summary>Text starting with '&lt;' after an optional UTF-8 byte order mark and whitespace.</summary>
    private static bool LooksLikeMarkup(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var start = bytes.IndexOfAnyExcept((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        return start >= 0 && bytes[start] == (byte)'<';
    }
}
