using System.Security.Cryptography;
using System.Text;

namespace VetrAI.Runtime.Messaging;

/// <summary>The shared secret that authenticates calls between cluster members. Compared as
/// SHA-256 digests in constant time, so neither the content nor the length leaks through timing.</summary>
internal sealed class ClusterSecret(string secret)
{
    public const string HeaderName = "X-VetrAI-Cluster-Secret";

    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public string Value { get; } = secret;

    public bool Matches(string? presented)
    {
        if (presented is null)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
