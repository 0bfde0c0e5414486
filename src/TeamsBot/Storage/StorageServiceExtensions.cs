using Microsoft.EntityFrameworkCore;
using TeamsBot.History;

namespace TeamsBot.Storage;

public static class StorageServiceExtensions
{
    public static IServiceCollection AddConversationStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required with Storage:Provider=Postgres, e.g. "
                + "Host=db;Database=teamsbot;Username=teamsbot;Password=…")
            .ValidateOnStart();
        services.AddSingleton<IDbContextFactory<BotDbContext>, BotDbContextFactory>();
        services.AddSingleton<IConversationStore, EfConversationStore>();
        services.AddSingleton<Quota.IQuotaLedger, Quota.DbQuotaLedger>();
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }
}
