using System.Text.Json;
using VetrAI.Grains.Abstractions.Errors;
using VetrAI.Grains.Jobs;

namespace VetrAI.Grains.Tests.Jobs;

public sealed class JobHandlerRegistryTests
{
    private static readonly JobHandlerRegistry Registry = new([new ScriptedJobHandler("echo")]);

    [Fact]
    public void Unknown_types_are_invalid_and_the_known_ones_are_named()
    {
        var error = Assert.Throws<InvalidInputException>(() => Registry.Validate("nope", JsonDocument.Parse("{}").RootElement));
        Assert.Contains("Unknown job type 'nope'. Known types: echo.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payloads_must_be_objects_the_handler_accepts()
    {
        Assert.Throws<InvalidInputException>(() => Registry.Validate("echo", JsonDocument.Parse("[]").RootElement));
        var error = Assert.Throws<InvalidInputException>(() => Registry.Validate("echo", JsonDocument.Parse("""{"invalid": true}""").RootElement));
        Assert.Contains("Invalid payload for a echo job: scripted rejection", error.Message, StringComparison.Ordinal);
        Registry.Validate("echo", JsonDocument.Parse("{}").RootElement);
    }

    [Fact]
    public void Two_handlers_cannot_claim_one_type() =>
        Assert.Throws<InvalidOperationException>(() => new JobHandlerRegistry([new ScriptedJobHandler("a"), new ScriptedJobHandler("a")]));
}
