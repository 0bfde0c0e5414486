using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// JSON web tokens: three base64url parts whose header decodes to a JSON object with an "alg" member. The
/// signature may be empty (alg "none"). Decoding the header rules out look-alikes such as file names.
/// </summary>
internal sealed partial class JwtDetector : IDlpDetector
{
    private const int MaxHeaderChars = 1024;

    public string Id => "jwt";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "JWT";

    public string Noun => "JSON web token";

    public string NounPlural => "JSON web tokens";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (var match in TokenRegex().EnumerateMatches(normalisedText))
        {
            var token = normalisedText.AsSpan(match.Index, match.Length);
            if (HasAlgHeader(token[..token.IndexOf('.')]))
            {
                findings.Add(new DlpFinding(Id, match.Index, match.Length));
            }
        }
    }

    private static bool HasAlgHeader(ReadOnlySpan<char> header)
    {
        // IsValid first: TryDecodeFromChars throws on impossible lengths, and this is user input.
        if (header.Length > MaxHeaderChars || !Base64Url.IsValid(header, out int length))
        {
            return false;
        }

        Span<byte> json = stackalloc byte[length];
        if (!Base64Url.TryDecodeFromChars(header, json, out int written))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("alg"u8))
                {
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    // Headers always start with '{"' which base64url-encodes to "eyJ".
    [GeneratedRegex(
        @"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
