using VetrAI.Grains.Abstractions.Audit;

namespace VetrAI.Grains.Abstractions.Themes;

/// <summary>One theme of an organization (key: theme id): name, colors, custom CSS, logo and favicon. The methods
/// that take an organization answer <c>NotFoundException</c> when the theme is not that organization's, whether or
/// not it exists; a deleted theme is not found by anyone.</summary>
[Alias("theme")]
public interface IThemeGrain : IGrainWithStringKey
{
    /// <summary>Creates the theme (once; the key must be new).</summary>
    /// <exception cref="Errors.ConflictException">The key is taken.</exception>
    /// <exception cref="Errors.InvalidInputException">A value breaks <see cref="ThemeRules"/>.</exception>
    Task<ThemeView> CreateAsync(string organizationId, ThemeSpec spec, ActorContext actor);

    /// <summary>The theme, for a caller acting in <paramref name="organizationId"/>.</summary>
    [ReadOnly]
    Task<ThemeView> GetAsync(string organizationId);

    /// <summary>Changes the fields given (see <see cref="UpdateThemeCommand"/>).</summary>
    Task<ThemeView> UpdateAsync(string organizationId, UpdateThemeCommand command, ActorContext actor);

    /// <summary>Deletes the theme. If it is its organization's active theme, the organization has none afterwards.
    /// The stored images are the caller's to remove (their paths are answered).</summary>
    Task<IReadOnlyList<string>> DeleteAsync(string organizationId, ActorContext actor);

    /// <summary>Fails unless the theme may be changed by a caller of <paramref name="organizationId"/>; called
    /// before an upload so that nothing is stored for a theme that would refuse it.</summary>
    [ReadOnly]
    Task EnsureCanChangeAsync(string organizationId);

    /// <summary>Records an image already stored in object storage as the theme's logo or favicon; answers the
    /// theme and the storage path of the image it replaced (null when none), for the caller to remove.</summary>
    Task<ThemeImageChange> SetImageAsync(string organizationId, ThemeImageKind kind, ThemeImage image, ActorContext actor);

    /// <summary>Makes the theme its organization's active theme.</summary>
    Task<ThemeView> ActivateAsync(string organizationId, ActorContext actor);

    /// <summary>The theme for anonymous readers (its stylesheet and images are public).</summary>
    /// <exception cref="Errors.NotFoundException">It was never created or was deleted.</exception>
    [ReadOnly]
    Task<ThemeView> GetPublishedAsync();

    /// <summary>The theme's colors and the absolute URL of its logo, for emails.</summary>
    /// <exception cref="Errors.NotFoundException">It was never created or was deleted.</exception>
    [ReadOnly]
    Task<ThemeBranding> GetBrandingAsync();
}
