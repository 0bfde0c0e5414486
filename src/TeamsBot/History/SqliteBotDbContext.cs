using Microsoft.EntityFrameworkCore;

namespace TeamsBot.History;

/// <summary>The embedded default; its migrations live in History/Migrations/Sqlite.</summary>
public sealed class SqliteBotDbContext(DbContextOptions<SqliteBotDbContext> options) : BotDbContext(options);
