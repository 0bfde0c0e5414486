using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using TeamsBot.Cards;
using TeamsBot.Export;

namespace TeamsBot.Bot;

/// <summary>The activities of Teams' file consent flow: the consent card, and the card of the uploaded file.</summary>
internal static class FileConsentActivities
{
    /// <summary>
    /// A <c>application/vnd.microsoft.teams.card.file.consent</c> attachment. Only the accept carries the token; a
    /// decline needs none.
    /// </summary>
    public static IMessageActivity ConsentCard(ExportOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return MessageFactory.Attachment(new Attachment
        {
            ContentType = FileConsentCard.ContentType,
            Name = offer.FileName,
            Content = new FileConsentCard
            {
                Description = ExportCards.ConsentDescription,
                SizeInBytes = offer.SizeBytes,
                AcceptContext = new JObject { [ExportConsentToken.ContextKey] = offer.Token },
                DeclineContext = new JObject(),
            },
        });
    }

    /// <summary>A <c>application/vnd.microsoft.teams.card.file.info</c> attachment naming the file in OneDrive.</summary>
    public static IMessageActivity FileInfo(FileConsentAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var activity = MessageFactory.Attachment(new Attachment
        {
            ContentType = FileInfoCard.ContentType,
            ContentUrl = answer.ContentUrl,
            Name = answer.Name,
            Content = new FileInfoCard { UniqueId = answer.UniqueId, FileType = answer.FileType },
        });
        activity.Text = ExportCards.UploadedText;
        return activity;
    }
}
