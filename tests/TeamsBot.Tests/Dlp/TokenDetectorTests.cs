using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Tests.Dlp;

public sealed class TokenDetectorTests
{
    [Theory]
    [InlineData("ghp_")]
    [InlineData("gho_")]
    [InlineData("ghu_")]
    [InlineData("ghs_")]
    [InlineData("ghr_")]
    public void GitHub_ClassicTokens_Detected(string prefix)
    {
        var token = prefix + FakeSecrets.Base62(36);
        DetectorAssert.Finds(new GitHubTokenDetector(), $"GITHUB_TOKEN={token}", token);
    }

    [Fact]
    public void GitHub_FineGrainedToken_Detected()
    {
        var token = "github_pat_" + FakeSecrets.Base62(22) + "_" + FakeSecrets.Base62(59, 2);
        DetectorAssert.Finds(new GitHubTokenDetector(), $"token: {token}.", token);
    }

    [Theory]
    [InlineData("ghp_", 35)]   // too short
    [InlineData("ghx_", 36)]   // unknown prefix
    public void GitHub_NotAToken_NotDetected(string prefix, int length) =>
        DetectorAssert.FindsNothing(new GitHubTokenDetector(), prefix + FakeSecrets.Base62(length));

    [Fact]
    public void GitLab_PersonalAccessToken_Detected()
    {
        var token = FakeSecrets.GitLabToken();
        DetectorAssert.Finds(new GitLabTokenDetector(), $"export GL_TOKEN={token}", token);
    }

    [Fact]
    public void GitLab_NotAToken_NotDetected()
    {
        DetectorAssert.FindsNothing(new GitLabTokenDetector(), "glpat-" + FakeSecrets.Base62(19));
        DetectorAssert.FindsNothing(new GitLabTokenDetector(), "glxyz-" + FakeSecrets.Base62(20));
    }

    [Theory]
    [InlineData("xoxb-")]
    [InlineData("xoxp-")]
    [InlineData("xoxa-")]
    [InlineData("xoxr-")]
    [InlineData("xoxs-")]
    public void Slack_Tokens_Detected(string prefix)
    {
        var token = prefix + "000000000000-" + FakeSecrets.Base62(24);
        DetectorAssert.Finds(new SlackTokenDetector(), $"slack {token} here", token);
    }

    [Fact]
    public void Slack_WebhookUrl_Detected()
    {
        var url = "https://hooks.slack.com/services/T00000000/B00000000/" + FakeSecrets.Base62(24);
        DetectorAssert.Finds(new SlackTokenDetector(), $"post to {url}", url);
    }

    [Theory]
    [InlineData("xoxq-000000000000-abcdefabcdef")]
    [InlineData("xoxb-short")]
    [InlineData("the xoxb prefix is for bots")]
    public void Slack_NotAToken_NotDetected(string text) => DetectorAssert.FindsNothing(new SlackTokenDetector(), text);

    [Fact]
    public void Jwt_TokenWithAlgHeader_Detected()
    {
        var jwt = FakeSecrets.Jwt();
        DetectorAssert.Finds(new JwtDetector(), $"Authorization: Bearer {jwt}", jwt);
    }

    [Fact]
    public void Jwt_UnsignedToken_Detected()
    {
        var jwt = FakeSecrets.Jwt("""{"alg":"none"}""");
        jwt = jwt[..(jwt.LastIndexOf('.') + 1)];
        DetectorAssert.Finds(new JwtDetector(), jwt + " ", jwt);
    }

    [Fact]
    public void Jwt_HeaderWithoutAlgOrNotJson_NotDetected()
    {
        DetectorAssert.FindsNothing(new JwtDetector(), FakeSecrets.Jwt("""{"typ":"JWT"}"""));
        DetectorAssert.FindsNothing(new JwtDetector(), "eyJ" + FakeSecrets.Base62(20) + "." + FakeSecrets.Base62(20) + "." + FakeSecrets.Base62(20));
        DetectorAssert.FindsNothing(new JwtDetector(), "eyJhbGciOiJIUzI1NiJ9.only-two-parts");
    }

    [Fact]
    public void PrivateKey_PemBlock_FindsWholeBlock()
    {
        var pem = FakeSecrets.PrivateKeyPem();
        DetectorAssert.Finds(new PrivateKeyDetector(), $"my key:\n{pem}\nthanks", pem);
    }

    [Fact]
    public void PrivateKey_OpenSshAndPgpBlocks_Detected()
    {
        var body = "\n" + FakeSecrets.Base64(70) + "\n";
        var openSsh = "-----BEGIN OPENSSH PRIVATE KEY-----" + body + "-----END OPENSSH PRIVATE KEY-----";
        var pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: 1\n" + body + "=AbCd\n-----END PGP PRIVATE KEY BLOCK-----";
        DetectorAssert.Finds(new PrivateKeyDetector(), openSsh + "\n\n" + pgp, openSsh, pgp);
    }

    [Fact]
    public void PrivateKey_BlockWithoutEndLine_FindsKeyMaterialOnly()
    {
        var pem = FakeSecrets.PrivateKeyPem(withEnd: false).TrimEnd('\n');
        DetectorAssert.Finds(new PrivateKeyDetector(), pem + "\n\nthanks for looking", pem);
    }

    [Theory]
    [InlineData("What does -----BEGIN RSA PRIVATE KEY----- mean?")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----")]
    public void PrivateKey_HeaderOnlyOrPublicKey_NotDetected(string text) =>
        DetectorAssert.FindsNothing(new PrivateKeyDetector(), text);
}
