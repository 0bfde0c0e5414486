using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace TeamsBot.EchoBot;

/// <summary>The EchoBot sample's handler: replies inline, before the HTTP request is answered.</summary>
internal sealed class EchoActivityHandler : ActivityHandler
{
    protected override async Task OnMessageActivityAsync(
        ITurnContext<IMessageActivity> turnContext,
        CancellationToken cancellationToken)
    {
        string reply = "Echo: " + turnContext.Activity.Text;
        await turnContext.SendActivityAsync(MessageFactory.Text(reply, reply), cancellationToken);
    }
}
