using System.Globalization;
using System.Text;
using TeamsBot.Tests.Dlp;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// Secrets and personal data of the shapes DLP knows, unique per message (a seed), and every form in which one of them
/// could sit in a file: as written, digits only, UTF-8 and UTF-16 both byte orders.
/// </summary>
internal sealed class SecretCanaries
{
    private readonly List<string> _values = [];

    /// <summary>Every value planted so far.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Card, IBAN, email, phone-free personal data: DLP redacts these and the message is answered.</summary>
    public string PersonalData(int seed)
    {
        string card = Plant(LuhnValidCard(seed));
        string iban = Plant(GermanIban(seed));
        string email = Plant(string.Create(CultureInfo.InvariantCulture, $"canary.{seed}.x{seed * 7919}@contoso.com"));
        return $"Please pay with card {card} to IBAN {iban} and confirm to {email}.";
    }

    /// <summary>Everything: the personal data plus secrets that DLP blocks (AWS, GitHub, PEM, JWT, a password).</summary>
    public string Everything(int seed)
    {
        string aws = Plant(FakeSecrets.AwsSecretKey(seed));
        string github = Plant(FakeSecrets.GitHubToken(seed));
        string pem = FakeSecrets.PrivateKeyPem(seed);
        foreach (var line in pem.Split('\n').Where(l => l.Length == 64))
        {
            Plant(line);
        }

        string jwt = Plant(FakeSecrets.Jwt(seed: seed));
        string password = Plant(string.Create(CultureInfo.InvariantCulture, $"Canary{seed}Pw!x{seed * 31}"));
        return PersonalData(seed) + $"\naws_secret_access_key = {aws}\ntoken {github}\n{pem}\nBearer {jwt}\n"
            + $"Server=db;Database=app;Password={password};";
    }

    /// <summary>Each planted value found in <paramref name="bytes"/>, in any encoding; empty when none is there.</summary>
    public IReadOnlyList<string> FindIn(ReadOnlySpan<byte> bytes)
    {
        var hits = new List<string>();
        foreach (var value in _values)
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            {
                if (bytes.IndexOf(encoding.GetBytes(value)) >= 0)
                {
                    hits.Add($"{value} ({encoding.WebName})");
                }
            }
        }

        return hits;
    }

    private string Plant(string value)
    {
        _values.Add(value);
        // Cards and IBANs are also looked for as the bare digits/characters a normaliser could store.
        string compact = new(value.Where(char.IsAsciiLetterOrDigit).ToArray());
        if (compact != value && compact.Length >= 12 && !value.Contains('@', StringComparison.Ordinal))
        {
            _values.Add(compact);
        }

        return value;
    }

    /// <summary>A 16-digit Visa-shaped number that passes the Luhn check, different for every seed.</summary>
    private static string LuhnValidCard(int seed)
    {
        string body = "4" + (100_000_000_000_00L + (seed * 7_654_321L)).ToString(CultureInfo.InvariantCulture)[..14];
        int sum = 0;
        for (int i = 0; i < body.Length; i++)
        {
            int digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }

            sum += digit;
        }

        string number = body + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
        return $"{number[..4]} {number[4..8]} {number[8..12]} {number[12..]}";
    }

    /// <summary>A German IBAN with a valid mod-97 check, different for every seed.</summary>
    private static string GermanIban(int seed)
    {
        string bban = (370_400_440_532_013_000L + seed * 1_009L).ToString(CultureInfo.InvariantCulture).PadLeft(18, '0');
        // Check digits: BBAN + "DE00" with letters as numbers (D=13, E=14), mod 97.
        var remainder = System.Numerics.BigInteger.Parse(bban + "131400", CultureInfo.InvariantCulture) % 97;
        string check = (98 - (int)remainder).ToString("00", CultureInfo.InvariantCulture);
        string iban = "DE" + check + bban;
        return string.Join(' ', Enumerable.Range(0, (iban.Length + 3) / 4).Select(i => iban.Substring(i * 4, Math.Min(4, iban.Length - (i * 4)))));
    }
}
