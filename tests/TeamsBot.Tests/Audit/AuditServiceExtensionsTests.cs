using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

public sealed class AuditServiceExtensionsTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task AddAuditLog_AuditSection_ContentKeptOnlyWhenConfigured(string? includeContent, bool expected)
    {
        using var file = new TempSqliteDatabase();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:IncludeContent"] = includeContent }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddSingleton<IDbContextFactory<BotDbContext>>(file);
        services.AddAuditLog();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IAuditLog>().AppendAsync(AuditTestData.Entry(1, "hi"), default);

        Assert.Equal(expected, provider.GetRequiredService<IOptions<AuditOptions>>().Value.IncludeContent);
        using var db = file.CreateDbContext();
        Assert.Equal(expected ? "hi" : null, db.Set<AuditRecord>().Single().Content);
    }
}
