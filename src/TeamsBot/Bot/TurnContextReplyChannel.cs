using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsBot.Cards;
using TeamsBot.Pipeline;

namespace TeamsBot.Bot;

/// <summary>
/// The stages' reply channel over a Bot Framework turn. Keeps a typing indicator alive while the model works and
/// stops it before the first card, so "typing…" never shows after the answer.
/// </summary>
internal sealed class TurnContextReplyChannel(ITurnContext context) : IReplyChannel, IAsyncDisposable
{
    /// <summary>Teams shows a typing indicator for about three seconds.</summary>
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    private CancellationTokenSource? _typingStop;
    private Task _typing = Task.CompletedTask;

    public void StartTyping()
    {
        _typingStop = new CancellationTokenSource();
        _typing = KeepTypingAsync(_typingStop.Token);
    }

    public async Task SendCardAsync(AdaptiveCard card, bool aiGenerated, CancellationToken cancellationToken)
    {
        await StopTypingAsync();
        await context.SendActivityAsync(ToActivity(card, aiGenerated), cancellationToken);
    }

    private async Task SendTypingAsync(CancellationToken cancellationToken)
    {
        await context.SendActivityAsync(new Activity(ActivityTypes.Typing), cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopTypingAsync();

    internal static Activity ToActivity(AdaptiveCard card, bool aiGenerated)
    {
        var activity = (Activity)MessageFactory.Attachment(new Attachment
        {
            ContentType = AdaptiveCard.ContentType,
            Content = JObject.Parse(CardJson.Serialize(card)),
        });
        if (aiGenerated)
        {
            activity.Entities = [AiGeneratedLabel()];
        }

        return activity;
    }

    private async Task StopTypingAsync()
    {
        if (_typingStop is null)
        {
            return;
        }

        await _typingStop.CancelAsync();
        await _typing;
        _typingStop.Dispose();
        _typingStop = null;
    }

    private async Task KeepTypingAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await SendTypingAsync(stop);
                await Task.Delay(TypingInterval, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            // Typing is a courtesy: a failed indicator must not fail the answer.
        }
    }

    /// <summary>Teams shows "AI generated" on a message carrying this schema.org entity.</summary>
    private static Entity AiGeneratedLabel()
    {
        var entity = new Entity("https://schema.org/Message");
        entity.Properties["@type"] = "Message";
        entity.Properties["@context"] = "https://schema.org";
        entity.Properties["@id"] = string.Empty;
        entity.Properties["additionalType"] = new JArray("AIGeneratedContent");
        return entity;
    }
}
