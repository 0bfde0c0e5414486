namespace TeamsBot.Dlp.Detectors;

/// <summary>Check digits and entropy used to confirm pattern matches.</summary>
internal static class Checksums
{
    /// <summary>Luhn (mod 10) over the ASCII digits of <paramref name="value"/>; other characters are skipped.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> value)
    {
        int sum = 0;
        int count = 0;
        bool doubleIt = false;
        for (int i = value.Length - 1; i >= 0; i--)
        {
            char c = value[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            int d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            count++;
            doubleIt = !doubleIt;
        }

        return count > 0 && sum % 10 == 0;
    }

    /// <summary>ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 == 1.</summary>
    /// <param name="iban">Upper-case letters and digits only, no spaces.</param>
    public static bool IsIbanMod97Valid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 5)
        {
            return false;
        }

        int remainder = 0;
        for (int i = 0; i < iban.Length; i++)
        {
            char c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>Shannon entropy in bits per character, over ASCII (other characters count as one symbol).</summary>
    public static double ShannonEntropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[129];
        foreach (char c in value)
        {
            counts[c < 128 ? c : 128]++;
        }

        double entropy = 0;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / value.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}
