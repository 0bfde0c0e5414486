using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsBot.Audit;
using TeamsBot.Export;
using TeamsBot.Storage;
using TeamsBot.Tests.Audit;

namespace TeamsBot.Tests.Export;

/// <summary>The consent card's context is written by the client: only the user it was issued to may redeem it, in time.</summary>
public sealed class ExportConsentTokenTests
{
    private const string Tenant = "tenant-1";
    private const string Alice = "5c0ffee5-0000-4b7a-a3d2-0f0e7f0e7a11";
    private const string Bob = "7a1b2c3d-0000-4a6b-8c7d-9e0f1a2b3c4d";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void IsValidFor_TheUserItWasIssuedTo_True()
    {
        var tokens = Tokens();

        Assert.True(tokens.IsValidFor(tokens.Issue(Tenant, Alice, TimeSpan.FromHours(1)), Tenant, Alice));
    }

    [Fact]
    public void IsValidFor_AnotherUserOrTenant_False()
    {
        var tokens = Tokens();
        string token = tokens.Issue(Tenant, Alice, TimeSpan.FromHours(1));

        Assert.False(tokens.IsValidFor(token, Tenant, Bob));
        Assert.False(tokens.IsValidFor(token, "tenant-2", Alice));
    }

    [Fact]
    public void IsValidFor_AfterItsLifetime_False()
    {
        var tokens = Tokens();
        string token = tokens.Issue(Tenant, Alice, TimeSpan.FromHours(1));

        _clock.Advance(TimeSpan.FromMinutes(61));

        Assert.False(tokens.IsValidFor(token, Tenant, Alice));
    }

    [Fact]
    public void IsValidFor_ExpiryMovedOrIssuedWithAnotherKey_False()
    {
        var tokens = Tokens();
        string[] parts = tokens.Issue(Tenant, Alice, TimeSpan.FromHours(1)).Split('.');
        string later = string.Join('.', parts[0], parts[1], (long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 86_400)
            .ToString(System.Globalization.CultureInfo.InvariantCulture), parts[3]);
        var otherKey = Tokens(Convert.ToBase64String(new byte[32]));

        Assert.False(tokens.IsValidFor(later, Tenant, Alice));
        Assert.False(tokens.IsValidFor(otherKey.Issue(Tenant, Alice, TimeSpan.FromHours(1)), Tenant, Alice));
        Assert.False(tokens.IsValidFor(null, Tenant, Alice));
        Assert.False(tokens.IsValidFor("v1.x.y", Tenant, Alice));
    }

    private ExportConsentToken Tokens(string key = AuditTestData.KeyEncryptionKey) =>
        new(new AuditKeyEncryptionKey(Options.Create(new AuditOptions { KeyEncryptionKey = key }),
            Options.Create(new StorageOptions()), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment(),
            NullLogger<AuditKeyEncryptionKey>.Instance), _clock);
}
