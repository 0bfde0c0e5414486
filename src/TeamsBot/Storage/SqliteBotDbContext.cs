using Microsoft.EntityFrameworkCore;

namespace TeamsBot.Storage;

/// <summary>The embedded default; its migrations live in History/Migrations/Sqlite.</summary>
public sealed class SqliteBotDbContext(DbContextOptions<SqliteBotDbContext> options) : BotDbContext(options);
