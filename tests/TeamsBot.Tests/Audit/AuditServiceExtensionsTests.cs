using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Audit:IncludeContent"] = includeContent,
                ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
            }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddSingleton<IDbContextFactory<BotDbContext>>(file)
            .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment());
        services.AddAuditLog();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IAuditLog>().AppendAsync(AuditTestData.Entry(1, "hi"), default);

        Assert.Equal(expected, provider.GetRequiredService<IOptions<AuditOptions>>().Value.IncludeContent);
        using var db = file.CreateDbContext();
        var record = db.Set<AuditRecord>().Single();
        Assert.Equal(expected ? "hi" : null, (await AuditTestData.OpenAsync(file, record, "hi")).Content);
    }
}
