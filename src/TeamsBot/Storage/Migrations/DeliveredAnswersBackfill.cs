using Microsoft.EntityFrameworkCore.Migrations;

namespace TeamsBot.Storage.Migrations;

/// <summary>
/// Answers stored before the outbox existed were sent before they were stored: mark them delivered, or every instance
/// would send them all again. Same SQL for SQLite and PostgreSQL (quoted names, no functions).
/// </summary>
internal static class DeliveredAnswersBackfill
{
    public static void Apply(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(
            "UPDATE turns SET \"AnswerDeliveredAt\" = \"CreatedAt\" WHERE \"Role\" = 'User' AND \"Status\" = 'Answered';");
    }
}
