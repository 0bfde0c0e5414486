using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>One vendor credential format: detector id and names, literal prefixes and the pattern of the whole token.</summary>
/// <param name="Id">Detector id used in Policy:Dlp:Rules and audit records.</param>
/// <param name="Label">Placeholder label.</param>
/// <param name="Noun">User-facing name of one finding.</param>
/// <param name="NounPlural">User-facing name of several findings.</param>
/// <param name="Prefixes">Literal prefixes every token starts with.</param>
/// <param name="Pattern">Matched at the prefix; must start with one of <paramref name="Prefixes"/>.</param>
/// <param name="TokenChars">Characters that may continue the token: a match next to one of them is part of something longer.</param>
/// <param name="MixedBody">Require upper case, lower case and digits after the prefix (random bodies always have them).</param>
internal sealed record VendorTokenFormat(
    string Id,
    string Label,
    string Noun,
    string NounPlural,
    string[] Prefixes,
    Regex Pattern,
    string TokenChars,
    bool MixedBody);
