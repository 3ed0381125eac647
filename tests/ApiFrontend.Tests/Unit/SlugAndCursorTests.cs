using System.Net;
using VetrAI.ApiFrontend.Errors;
using VetrAI.ApiFrontend.Organizations;
using VetrAI.ApiFrontend.Paging;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Abstractions.Users;

namespace VetrAI.ApiFrontend.Tests.Unit;

public sealed class SlugAndCursorTests
{
    [Theory]
    [InlineData("Acme Rockets", "acme-rockets")]
    [InlineData("  Ünïcödé  GmbH & Co. KG ", "unicode-gmbh-co-kg")]
    [InlineData("a--b__c", "a-b-c")]
    public void Slugs_come_from_the_name(string name, string slug) => Assert.Equal(slug, Slugs.FromName(name, randomSuffix: false));

    [Theory]
    [InlineData("")]
    [InlineData("X")]
    [InlineData("!!!")]
    [InlineData("A name far longer than sixty-three characters, which a slug cannot hold at all")]
    public void Generated_slugs_are_always_valid(string name)
    {
        Assert.True(Slugs.IsValid(Slugs.FromName(name, randomSuffix: false)));
        Assert.True(Slugs.IsValid(Slugs.FromName(name, randomSuffix: true)));
    }

    [Fact]
    public void A_cursor_survives_its_round_trip_to_the_microsecond()
    {
        var cursor = new Cursor(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234560), "key:with:colons");
        Assert.True(Cursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.False(Cursor.TryDecode("not a cursor", out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    public void Out_of_range_limits_are_rejected(string limit)
        => Assert.Throws<InvalidInputException>(() => PageRequest.Parse(limit, null));

    [Fact]
    public void Exceptions_map_to_their_status()
    {
        Assert.Equal(404, ApiExceptionHandler.Map(new NotFoundException("x")).Status);
        Assert.Equal(409, ApiExceptionHandler.Map(new ConflictException("x")).Status);
        Assert.Equal(503, ApiExceptionHandler.Map(new TimeoutException()).Status);
        Assert.Equal(409, ApiExceptionHandler.Map(new Orleans.Storage.InconsistentStateException()).Status);
        Assert.Equal(503, ApiExceptionHandler.Map(new Orleans.Runtime.SiloUnavailableException()).Status);
        Assert.Equal(503, ApiExceptionHandler.Map(new Npgsql.NpgsqlException("down")).Status);
        var (status, detail, _) = ApiExceptionHandler.Map(new InvalidOperationException("secret"));
        Assert.Equal((int)HttpStatusCode.InternalServerError, status);
        Assert.DoesNotContain("secret", detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), ApiExceptionHandler.Map(new TooManyRequestsException("x", TimeSpan.FromSeconds(7))).RetryAfter);
    }

    [Theory]
    [InlineData("ann@example.com", true)]
    [InlineData(" Ann@Example.com ", true)]
    [InlineData("Ann <ann@example.com>", false)]
    [InlineData("ann@localhost", false)]
    [InlineData("ann@@example.com", false)]
    [InlineData("an n@example.com", false)]
    public void Email_addresses_are_plain(string email, bool valid) => Assert.Equal(valid, EmailAddresses.IsValid(email));
}
