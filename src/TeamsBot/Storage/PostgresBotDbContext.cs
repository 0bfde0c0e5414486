using Microsoft.EntityFrameworkCore;

namespace TeamsBot.Storage;

/// <summary>For several instances sharing one database; its migrations live in History/Migrations/Postgres.</summary>
public sealed class PostgresBotDbContext(DbContextOptions<PostgresBotDbContext> options) : BotDbContext(options);
