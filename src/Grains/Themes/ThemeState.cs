using System.Text.Json.Serialization;
using VetrAI.Grains.Abstractions.Themes;
using VetrAI.Grains.ReadModels;

namespace VetrAI.Grains.Themes;

/// <summary>The stored state of a theme. Index columns: tenant = its organization, status = active | deleted, so the
/// organization's theme list is one indexed query.</summary>
internal sealed record ThemeState : IIndexedState
{
    public string Id { get; init; } = "";

    public string OrganizationId { get; init; } = "";

    public string Name { get; init; } = "";

    public ThemeColors Colors { get; init; } = ThemeRules.DefaultColors;

    public string? CustomCss { get; init; }

    public ThemeImage? Logo { get; init; }

    public ThemeImage? Favicon { get; init; }

    public bool Deleted { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? DeletedAt { get; init; }

    [JsonIgnore]
    public bool Exists => Id.Length > 0 && !Deleted;

    [JsonPropertyName("index")]
    public StateIndex Index => new(Id, OrganizationId, Deleted ? "deleted" : "active", CreatedAt);

    public ThemeView ToView() => new(Id, OrganizationId, Name, Colors, CustomCss, Logo, Favicon, CreatedAt, UpdatedAt);
}
