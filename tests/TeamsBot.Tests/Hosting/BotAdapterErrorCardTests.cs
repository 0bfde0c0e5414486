using System.Net;
using Microsoft.Data.Sqlite;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

/// <summary>
/// When a message cannot be taken (its receipt fails), the real app answers 500 so that Teams delivers it again, and
/// the card it sends says what is true: nothing was stored.
/// </summary>
public sealed class BotAdapterErrorCardTests
{
    [Fact]
    public async Task Receive_StoreFails_500AndTheCardDoesNotClaimTheMessageIsSaved()
    {
        await using var connector = await ConnectorDouble.StartAsync(default);
        await using var bot = await BotProcess.StartAsync(new BotProcessOptions(), default);
        await BreakTheTurnsTableAsync(bot.DatabasePath);
        string conversation = "a:receipt-fails-" + Guid.NewGuid().ToString("N");

        using var response = await bot.PostActivityAsync(
            TeamsActivities.PersonalMessage("will this be kept?", connector.ServiceUrl, "28:teamsbot-dev", conversation),
            null, default);
        var card = await connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0,
            TimeSpan.FromSeconds(30), default);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("I could not take your message", card.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("saved", card.Body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The running app's inserts into <c>turns</c> fail from now on (as with a full or broken disk).</summary>
    private static async Task BreakTheTurnsTableAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "ALTER TABLE turns RENAME TO turns_unavailable";
        await command.ExecuteNonQueryAsync();
    }
}
