namespace TeamsBot.Tests.AppPackage;

/// <summary>The manifest against Microsoft's official Teams manifest JSON schema (@microsoft/app-manifest, offline).</summary>
public sealed class ManifestSchemaTests
{
    [Fact]
    public async Task ValidateAgainstSchema_FilledManifest_HasNoErrors()
    {
        var errors = await ManifestValidator.ValidateAsync(ManifestTemplate.Fill(ManifestTemplate.TestValues));

        Assert.True(errors.Count == 0, "Schema errors:\n" + string.Join('\n', errors));
    }

    [Fact]
    public async Task ValidateAgainstSchema_ManifestWithPlaceholders_IsRejected()
    {
        // Shows the validator really validates: unfilled GUIDs and URLs break the schema's patterns.
        var errors = await ManifestValidator.ValidateAsync(ManifestTemplate.Text);

        Assert.Contains(errors, e => e.StartsWith("/id ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/bots/0/botId ", StringComparison.Ordinal));
    }
}
