#!/usr/bin/env python3
"""Builds the DLP corpus (dlp-corpus.jsonl) from a fixed seed.

Every value is synthesised here: keys have the documented prefixes, lengths, alphabets and check digits of their
vendors (GitHub's CRC32 suffix, Luhn, IBAN mod-97) but random bodies, so none is a real credential. Shapes follow
public references: gitleaks' rules and their true/false-positive examples, Presidio's recognizers and their test
vectors, and the vendors' own documentation of their key formats.

Each line: {"text": ..., "expect": detector id or null, "family": ..., "source": ...}.
Run from this folder: python3 generate.py > dlp-corpus.jsonl
"""
import base64
import json
import random
import string
import sys
import zlib

rng = random.Random(20261130)
B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
cases = []


def add(text, expect, family, source):
    cases.append({"text": text, "expect": expect, "family": family, "source": source})


def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid():
    h = rand(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def b64(nbytes):
    return base64.b64encode(bytes(rng.randrange(256) for _ in range(nbytes))).decode()


def b64url(nbytes):
    return base64.urlsafe_b64encode(bytes(rng.randrange(256) for _ in range(nbytes))).decode().rstrip("=")


def base62_int(value, width):
    out = ""
    while value:
        value, r = divmod(value, 62)
        out = B62_ORDERED[r] + out
    return out.rjust(width, "0")


B62_ORDERED = string.digits + string.ascii_uppercase + string.ascii_lowercase


def github_token(prefix="ghp_"):
    body = rand(B62, 30)
    return prefix + body + base62_int(zlib.crc32(body.encode()), 6)


def password_value():
    words = ["Summer", "Winter", "Falcon", "Tiger", "Blue", "Orange", "Rocket", "Maple", "Kestrel", "Harbor"]
    style = rng.randrange(4)
    if style == 0:
        return rng.choice(words) + str(rng.randrange(1990, 2030)) + rng.choice("!#$%&*?@")
    if style == 1:
        return rand(string.ascii_letters + string.digits + "!#%&*+-?@^_", rng.randrange(10, 24))
    if style == 2:
        return rng.choice(words).lower() + rng.choice(["_", ".", "-"]) + rng.choice(words) + str(rng.randrange(10, 99))
    return rand(string.ascii_lowercase, 3) + rand(string.digits, 3) + rand(string.ascii_uppercase, 2) + rand("!@#$", 1)


def luhn_complete(prefix, length):
    digits = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for check in string.digits:
        candidate = digits + check
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch)
            if i % 2 == 1:
                d *= 2
                if d > 9:
                    d -= 9
            total += d
        if total % 10 == 0:
            return candidate
    raise AssertionError


def luhn_valid(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def iban(country, length):
    bban = "".join(rng.choice(string.digits) for _ in range(length - 4))
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def iban_valid(value):
    v = value[4:] + value[:4]
    return int("".join(str(int(c, 36)) for c in v)) % 97 == 1


def group(value, size, sep):
    return sep.join(value[i:i + size] for i in range(0, len(value), size))


# ---------------------------------------------------------------- passwords as people write them
GL = "gitleaks generic-password / Presidio-style key=value"
config_forms = [
    ("yaml", "database:\n  host: db.internal\n  username: app\n  password: {v}\n  port: 5432"),
    ("yaml", "spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/app\n    password: \"{v}\""),
    ("yaml", "smtp:\n  user: mailer\n  pass: {v}"),
    ("yaml", "redis_password: '{v}'"),
    ("ini", "[database]\nuser = report\npassword = {v}\n"),
    ("ini", "[client]\nuser=root\npassword={v}"),
    ("env", "PGPASSWORD={v} psql -h db.internal -U app"),
    ("env", "export PGPASSWORD='{v}'"),
    ("env", "DB_HOST=db.internal\nDB_USER=app\nDB_PASS={v}\n"),
    ("env", "MYSQL_ROOT_PASSWORD={v}"),
    ("env", "MYSQL_PWD={v} mysql -u root"),
    ("env", "docker run -e POSTGRES_PASSWORD={v} postgres:16"),
    ("env", "SMTP_PASS={v}"),
    ("env", "ADMIN_PASSWD={v}"),
    ("json", "{{\"username\": \"svc-report\", \"password\": \"{v}\"}}"),
    ("json", "\"DbPassword\": \"{v}\","),
    ("connstr", "Server=tcp:sql01.internal,1433;Database=Sales;User ID=sa;Password={v};Encrypt=true;"),
    ("connstr", "Host=db;Port=5432;Username=app;Pwd={v};"),
    ("connstr", "Data Source=ora01;User Id=hr;Password=\"{v}\";"),
    ("cli", "mysql -u admin --password={v} -h 10.0.0.5"),
    ("cli", "psql --host=db --username=app --password {v}"),
    ("xml", "<add key=\"SmtpPassword\" value=\"{v}\" />"),
    ("props", "spring.datasource.password={v}"),
    ("toml", "password = \"{v}\""),
]
for i in range(60):
    kind, form = config_forms[i % len(config_forms)]
    add(form.format(v=password_value()), "password", "password-config", f"{GL}; {kind}")

prose_forms = [
    ("en", "my password is {v}"),
    ("en", "My password is {v} if you need to log in while I'm away."),
    ("en", "the password is {v}"),
    ("en", "Password: {v}"),
    ("en", "pwd: {v}"),
    ("en", "wifi password: {v}"),
    ("en", "The new password for the shared mailbox is {v} - please change it."),
    ("en", "login: jdoe / pass: {v}"),
    ("en", "use pw {v} for the test account"),
    ("de", "das Passwort ist {v}"),
    ("de", "Mein Passwort lautet {v}"),
    ("de", "Kennwort: {v}"),
    ("de", "Das neue Kennwort ist {v}, bitte gleich ändern."),
    ("fr", "mot de passe : {v}"),
    ("fr", "Mon mot de passe est {v}"),
    ("fr", "le mot de passe est {v} pour le compte admin"),
    ("es", "la contraseña es {v}"),
    ("es", "Mi contraseña: {v}"),
    ("es", "contraseña del wifi es {v}"),
    ("pt", "a senha é {v}"),
    ("pt", "Senha: {v}"),
    ("it", "la password è {v}"),
    ("nl", "het wachtwoord is {v}"),
    ("nl", "Wachtwoord: {v}"),
    ("pl", "hasło: {v}"),
    ("sv", "lösenordet är {v}"),
    ("ru", "пароль: {v}"),
]
for i in range(54):
    lang, form = prose_forms[i % len(prose_forms)]
    add(form.format(v=password_value()), "password", "password-prose", f"prose ({lang})")

url_forms = [
    "postgres://app:{v}@db.internal:5432/sales",
    "postgresql://report_user:{v}@10.1.2.3/reports?sslmode=require",
    "mysql://root:{v}@localhost:3306/shop",
    "mongodb+srv://admin:{v}@cluster0.ab1cd.mongodb.net/test?retryWrites=true",
    "redis://:{v}@cache.internal:6379/0",
    "amqp://guest:{v}@rabbit.internal:5672/",
    "https://deploy:{v}@git.internal.example.com/team/repo.git",
    "ftp://backup:{v}@files.example.org/nightly",
    "smtp://mailer:{v}@smtp.example.com:587",
    "DATABASE_URL=postgres://u:{v}@pg.example.com/db",
]
for i in range(30):
    v = password_value().replace("@", "A").replace("#", "H").replace("?", "Q").replace("/", "S")
    add("connect with " + url_forms[i % len(url_forms)].format(v=v), "password", "password-url",
        "gitleaks generic URL credentials / RFC 3986 userinfo")

# ---------------------------------------------------------------- vendor keys
def openai_key():
    kind = rng.randrange(4)
    if kind == 0:
        return "sk-" + rand(B62, 20) + "T3BlbkFJ" + rand(B62, 20)
    if kind == 1:
        return "sk-proj-" + rand(B62 + "_-", 74) + "T3BlbkFJ" + rand(B62 + "_-", 74)
    if kind == 2:
        return "sk-svcacct-" + rand(B62 + "_-", 58) + "T3BlbkFJ" + rand(B62 + "_-", 58)
    return "sk-proj-" + rand(B62 + "_-", 48)


vendor = [
    ("openai_key", "vendor-openai", "gitleaks openai.go; OpenAI API key docs", openai_key,
     ["OPENAI_API_KEY={k}", "client = OpenAI(api_key=\"{k}\")", "here is my key {k} can you check why it fails",
      "export OPENAI_API_KEY='{k}'", "{k}"]),
    ("anthropic_key", "vendor-anthropic", "gitleaks anthropic.go",
     lambda: "sk-ant-api03-" + rand(B62 + "_-", 93) + "AA",
     ["ANTHROPIC_API_KEY={k}", "x-api-key: {k}", "key is {k}"]),
    ("anthropic_key", "vendor-anthropic", "gitleaks anthropic.go (admin)",
     lambda: "sk-ant-admin01-" + rand(B62 + "_-", 93) + "AA", ["admin key {k}"]),
    ("google_api_key", "vendor-google", "gitleaks gcp.go; Google API key docs",
     lambda: "AIza" + rand(B62 + "_-", 35),
     ["GOOGLE_API_KEY={k}", "https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={k}",
      "const firebaseConfig = {{ apiKey: \"{k}\", authDomain: \"demo.firebaseapp.com\" }};", "key {k}"]),
    ("stripe_key", "vendor-stripe", "gitleaks stripe.go; Stripe API keys docs",
     lambda: rng.choice(["sk_live_", "rk_live_", "sk_test_", "rk_test_"]) + rand(B62, rng.choice([24, 99])),
     ["STRIPE_SECRET_KEY={k}", "stripe.api_key = \"{k}\"", "curl https://api.stripe.com/v1/charges -u {k}:",
      "the live key {k} stopped working"]),
    ("npm_token", "vendor-npm", "gitleaks npm.go; npm access tokens docs",
     lambda: "npm_" + rand(B62, 36),
     ["//npm.internal.example.com/:_authToken={k}", "NPM_TOKEN={k}", "token {k}"]),
    ("pypi_token", "vendor-pypi", "gitleaks pypi.go; PyPI API tokens docs",
     lambda: "pypi-AgEIcHlwaS5vcmc" + rand(B62 + "_-", rng.randrange(60, 160)),
     ["[pypi]\n  username = __token__\n  password = {k}", "TWINE_PASSWORD={k}", "twine upload -p {k} dist/*"]),
    ("huggingface_token", "vendor-huggingface", "gitleaks huggingface.go; Hugging Face user access tokens",
     lambda: "hf_" + rand(string.ascii_letters, 34),
     ["HF_TOKEN={k}", "huggingface-cli login --token {k}", "from_pretrained(model_id, token=\"{k}\")",
      "my hf token {k}"]),
    ("azure_client_secret", "vendor-azure-ad", "gitleaks azure.go azure-ad-client-secret",
     lambda: rand(B62 + "_~.", 3) + rng.choice(string.digits) + "Q~" + rand(B62 + "_~.-", 34),
     ["AZURE_CLIENT_SECRET={k}", "\"ClientSecret\": \"{k}\"", "client secret is {k}",
      "az login --service-principal -u {u} -p {k} --tenant contoso.onmicrosoft.com"]),
    ("webhook_url", "vendor-teams-webhook", "gitleaks teams.go microsoft-teams-webhook",
     lambda: f"https://contoso.webhook.office.com/webhookb2/{uuid()}@{uuid()}/IncomingWebhook/{rand(HEX, 32)}/{uuid()}",
     ["Invoke-RestMethod -Method Post -Uri \"{k}\" -Body $json", "TEAMS_WEBHOOK={k}", "post alerts to {k}"]),
    ("webhook_url", "vendor-teams-webhook", "Teams Workflows (Power Automate) webhook URL with sig",
     lambda: (f"https://prod-{rng.randrange(10, 99)}.westeurope.logic.azure.com:443/workflows/{rand(HEX, 32)}"
              f"/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={b64url(32)}"),
     ["webhook: {k}", "curl -H 'Content-Type: application/json' -d @card.json '{k}'"]),
    ("slack_token", "vendor-slack", "gitleaks slack.go slack-webhook-url",
     lambda: f"https://hooks.slack.com/services/T{rand(string.ascii_uppercase + string.digits, 8)}/B{rand(string.ascii_uppercase + string.digits, 10)}/{rand(B62, 24)}",
     ["SLACK_WEBHOOK_URL={k}", "curl -X POST -d '{{\"text\":\"hi\"}}' {k}"]),
    ("slack_token", "vendor-slack", "gitleaks slack.go bot/user tokens",
     lambda: rng.choice(["xoxb-", "xoxp-"]) + f"{rng.randrange(10**11, 10**12)}-{rng.randrange(10**12, 10**13)}-" + rand(B62, 24),
     ["SLACK_BOT_TOKEN={k}", "token {k}"]),
    ("gitlab_token", "vendor-gitlab", "gitleaks gitlab.go",
     lambda: rng.choice(["glpat-", "gldt-", "glrt-", "glptt-"]) + rand(B62 + "_-", 20),
     ["GITLAB_TOKEN={k}", "git clone https://oauth2:{k}@gitlab.example.com/group/proj.git", "use {k}"]),
    ("twilio_key", "vendor-twilio", "gitleaks twilio.go twilio-api-key",
     lambda: "SK" + rand(HEX, 32), ["TWILIO_API_KEY={k}", "api key sid {k}"]),
    ("sendgrid_key", "vendor-sendgrid", "gitleaks sendgrid.go",
     lambda: "SG." + rand(B62 + "_-", 22) + "." + rand(B62 + "_-", 43),
     ["SENDGRID_API_KEY={k}", "sg = SendGridAPIClient('{k}')", "{k}"]),
    ("azure_storage_key", "vendor-azure-storage", "Azure storage connection string docs",
     lambda: f"DefaultEndpointsProtocol=https;AccountName=st{rand(string.ascii_lowercase, 8)};AccountKey={b64(64)};EndpointSuffix=core.windows.net",
     ["AZURE_STORAGE_CONNECTION_STRING=\"{k}\"", "{k}"]),
    ("azure_storage_key", "vendor-azure-storage", "Azure SAS token docs (service SAS / account SAS)",
     lambda: (f"https://st{rand(string.ascii_lowercase, 8)}.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=sco&sp=rwdlacx"
              f"&se=2026-12-31T23:59:59Z&st=2026-01-01T00:00:00Z&spr=https&sig={b64(32).replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')}"),
     ["download it from {k}", "azcopy copy ./db.bak \"{k}\""]),
    ("azure_storage_key", "vendor-azure-storage", "Azure Service Bus connection string docs",
     lambda: f"Endpoint=sb://ns-{rand(string.ascii_lowercase, 6)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={b64(32)}",
     ["{k}"]),
    ("aws_access_key", "vendor-aws", "gitleaks aws.go aws-access-token",
     lambda: rng.choice(["AKIA", "ASIA", "ABIA", "ACCA"]) + rand(string.ascii_uppercase + "234567", 16),
     ["aws_access_key_id = {k}", "AWS_ACCESS_KEY_ID={k}", "the key id is {k}"]),
    ("aws_secret_key", "vendor-aws", "AWS credentials file docs",
     lambda: rand(B62 + "+/", 40),
     ["aws_secret_access_key = {k}", "AWS_SECRET_ACCESS_KEY={k}", "\"SecretAccessKey\": \"{k}\","]),
    ("github_token", "vendor-github", "gitleaks github.go; GitHub token format (CRC32 checksum)",
     lambda: github_token(rng.choice(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"])),
     ["GITHUB_TOKEN={k}", "git remote set-url origin https://{k}@github.com/org/repo.git", "{k}"]),
    ("github_token", "vendor-github", "gitleaks github.go fine-grained PAT",
     lambda: "github_pat_" + rand(B62, 22) + "_" + rand(B62, 59), ["token: {k}"]),
    ("private_key", "vendor-private-key", "gitleaks private-key",
     lambda: "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(b64(51) for _ in range(5)) + "\n-----END OPENSSH PRIVATE KEY-----",
     ["{k}"]),
]
for detector, family, source, make, forms in vendor:
    for i in range(max(6, 3 * len(forms))):
        add(forms[i % len(forms)].format(k=make(), u=uuid()), detector, family, source)


def service_account():
    lines = [b64(48) for _ in range(25)]
    key = "-----BEGIN PRIVATE KEY-----\\n" + "\\n".join(lines) + "\\n-----END PRIVATE KEY-----\\n"
    project = "proj-" + rand(string.ascii_lowercase, 6)
    return json.dumps({
        "type": "service_account", "project_id": project, "private_key_id": rand(HEX, 40),
        "private_key": "@@KEY@@", "client_email": f"svc@{project}.iam.gserviceaccount.com",
        "client_id": str(rng.randrange(10**20, 10**21)),
    }, indent=2).replace("@@KEY@@", key)


for i in range(8):
    add(("Our service account file:\n" if i % 2 else "") + service_account(), "private_key",
        "vendor-google-service-account", "Google service account key file docs; gitleaks gcp-service-account")


def k8s_secret(style):
    name = "db-" + rand(string.ascii_lowercase, 5)
    user = base64.b64encode(b"app").decode()
    pw = base64.b64encode(password_value().encode()).decode()
    if style == 0:
        return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: prod\ntype: Opaque\n"
                f"data:\n  username: {user}\n  password: {pw}\n")
    if style == 1:
        return (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\ntype: kubernetes.io/tls\ndata:\n"
                f"  tls.crt: {b64(90)}\n  tls.key: {b64(120)}\n")
    if style == 2:
        return json.dumps({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name},
                           "data": {"token": base64.b64encode(rand(B62, 32).encode()).decode()}}, indent=2)
    return (f"kind: Secret\napiVersion: v1\nmetadata:\n  name: {name}\nstringData:\n  api-token: {rand(B62, 28)}\n")


for i in range(12):
    add(k8s_secret(i % 4), "kubernetes_secret", "vendor-kubernetes-secret",
        "Kubernetes Secret docs; gitleaks kubernetes-secret-yaml")

# ---------------------------------------------------------------- cards and IBANs
presidio_cards = ["4012888888881881", "4111111111111111", "5555555555554444", "5105105105105100",
                  "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
                  "3530111333300000", "3566002020360505", "30569309025904", "5019717010103742",
                  "4917300800000000", "2223003122003222", "36227206271667"]
for _ in range(20):
    presidio_cards.append(luhn_complete(rng.choice(["4", "51", "52", "53", "54", "55", "2221", "6011", "35"]), 16))


def card_format(number, style):
    if len(number) == 15 and number[0] == "3":
        parts = [number[:4], number[4:10], number[10:]]
    elif len(number) == 14:
        parts = [number[:4], number[4:10], number[10:]]
    else:
        parts = [number[i:i + 4] for i in range(0, len(number), 4)]
    return {
        "plain": number,
        "space": " ".join(parts), "dash": "-".join(parts), "dot": ".".join(parts), "slash": "/".join(parts),
        "twolines": " ".join(parts[:2]) + "\n" + " ".join(parts[2:]),
        "twolines-crlf": "-".join(parts[:2]) + "\r\n" + "-".join(parts[2:]),
    }[style]


card_templates = ["card number {c}", "Please charge {c} exp 04/28", "Kreditkarte: {c}", "my visa is {c}, cvv 123",
                  "{c}", "numéro de carte {c}", "Card:\n{c}\nExpiry: 12/27"]
styles = ["plain", "space", "dash", "dot", "slash", "twolines", "twolines-crlf"]
for i, number in enumerate(presidio_cards):
    for s in range(3):
        style = styles[(i + s * 3) % len(styles)]
        fam = "card-" + ("basic" if style in ("plain", "space", "dash") else style.split("-")[0])
        add(card_templates[(i + s) % len(card_templates)].format(c=card_format(number, style)), "credit_card", fam,
            "Presidio credit card recognizer test vectors; Luhn")

iban_countries = [("DE", 22), ("GB", 22), ("FR", 27), ("ES", 24), ("IT", 27), ("NL", 18), ("BE", 16), ("CH", 21),
                  ("AT", 20), ("PL", 28), ("SE", 24), ("NO", 15), ("DK", 18), ("FI", 18), ("IE", 22), ("PT", 25),
                  ("LU", 20), ("CZ", 24), ("SA", 24), ("AE", 23)]
presidio_ibans = ["DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
                  "ES9121000418450200051332", "NL91ABNA0417164300", "CH9300762011623852957"]
ibans = presidio_ibans + [iban(c, n) for c, n in iban_countries for _ in range(2)]
iban_templates = ["IBAN: {i}", "please transfer to {i} by Friday", "Bankverbindung {i}", "{i}", "RIB / IBAN {i} merci"]
for i, value in enumerate(ibans):
    assert iban_valid(value), value
    for s, fmt in enumerate(["compact", "spaced", "lower", "dash", "lowerspaced"]):
        if (i + s) % 2 and s != 0 and fmt not in ("lower", "dash"):
            continue
        text = {"compact": value, "spaced": group(value, 4, " "), "lower": value.lower(),
                "dash": group(value, 4, "-"), "lowerspaced": group(value.lower(), 4, " ")}[fmt]
        fam = "iban-basic" if fmt in ("compact", "spaced") else "iban-" + ("lower" if "lower" in fmt else "dash")
        add(iban_templates[(i + s) % len(iban_templates)].format(i=text), "iban", fam, "Presidio IBAN recognizer tests; ISO 13616 mod-97")

# ---------------------------------------------------------------- personal data the detectors already know
for text in ["Contact me at john.smith@example.com", "mail: anna-maria.mueller@firma.de, thanks",
             "cc jdoe+teams@contoso.co.uk", "write to info@société.fr or support@example.org"]:
    add(text, "email", "personal-email", "Presidio email recognizer tests")
for text in ["call me on +44 20 7946 0958", "(415) 555-0100", "Tel. +49 30 1234567", "my cell 415-555-0123",
             "reach me at 020 7946 0958"]:
    add(text, "phone", "personal-phone", "Presidio phone recognizer tests")
for text in ["SSN 078-05-1120", "her social security number is 219 09 9999"]:
    add(text, "us_ssn", "personal-ssn", "Presidio US SSN recognizer tests")
for text in ["the server at 192.168.10.24 is down", "client ip 2001:db8:85a3::8a2e:370:7334"]:
    add(text, "ip_address", "personal-ip", "Presidio IP recognizer tests")

# ---------------------------------------------------------------- evasion: homoglyphs and split tokens
CYR = {"A": "\u0410", "B": "\u0412", "C": "\u0421", "E": "\u0415", "H": "\u041D", "I": "\u0406", "K": "\u041A",
       "M": "\u041C", "O": "\u041E", "P": "\u0420", "S": "\u0405", "T": "\u0422", "X": "\u0425",
       "a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043E", "p": "\u0440", "x": "\u0445", "y": "\u0443",
       "i": "\u0456", "j": "\u0458", "s": "\u0455", "h": "\u04BB"}
GRK = {"A": "\u0391", "B": "\u0392", "E": "\u0395", "H": "\u0397", "I": "\u0399", "K": "\u039A", "M": "\u039C",
       "N": "\u039D", "O": "\u039F", "P": "\u03A1", "T": "\u03A4", "X": "\u03A7", "Y": "\u03A5", "Z": "\u0396",
       "o": "\u03BF"}


def swap(value, table, count):
    chars = list(value)
    spots = [i for i, ch in enumerate(chars) if ch in table]
    rng.shuffle(spots)
    for i in spots[:count]:
        chars[i] = table[chars[i]]
    return "".join(chars)


def fullwidth(value):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in value)


def aws_key():
    return "AKIA" + rand(string.ascii_uppercase + "234567", 16)


for i in range(10):
    add("key id " + swap(aws_key(), CYR, 3 + i % 3), "aws_access_key", "evasion-homoglyph", "Unicode confusables (Cyrillic)")
    add("aws_access_key_id=" + swap(aws_key(), GRK, 2 + i % 3), "aws_access_key", "evasion-homoglyph", "Unicode confusables (Greek)")
    add("token " + swap(github_token(), CYR, 2 + i % 4), "github_token", "evasion-homoglyph", "Unicode confusables (Cyrillic)")
for i in range(5):
    add(fullwidth(aws_key()), "aws_access_key", "evasion-homoglyph", "fullwidth forms")
    add("GITHUB_TOKEN=" + fullwidth(github_token()), "github_token", "evasion-homoglyph", "fullwidth forms")

ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def split(value, how):
    if how == "zw":
        pos = sorted(rng.sample(range(2, len(value) - 1), 3))
        out, last = "", 0
        for p in pos:
            out += value[last:p] + rng.choice(ZW)
            last = p
        return out + value[last:]
    if how == "space4":
        return group(value, 4, " ")
    if how == "space":
        p = rng.randrange(6, len(value) - 4)
        return value[:p] + " " + value[p:]
    if how == "newline":
        p = rng.randrange(8, len(value) - 4)
        return value[:p] + "\n" + value[p:]
    if how == "crlf":
        p = rng.randrange(8, len(value) - 4)
        return value[:p] + "\r\n" + value[p:]
    raise AssertionError(how)


for i, how in enumerate(["zw", "space4", "space", "newline", "crlf"] * 3):
    add("here: " + split(aws_key(), how) + " (new key)", "aws_access_key", "evasion-split", f"split token ({how})")
    add("token " + split(github_token(), how), "github_token", "evasion-split", f"split token ({how})")

# ---------------------------------------------------------------- look-alikes that must stay clean
negatives = {
    "neg-password-words": [
        "Please reset your password before Friday.", "Forgot your password? Click the link on the login page.",
        "The password must be at least 12 characters long.", "password: <your password here>",
        "password=${DB_PASSWORD}", "Password: ********", "DB_PASSWORD=%DB_PASSWORD%", "the password is required",
        "My password is expired, who can reset it?", "Passwort vergessen? Wende dich an den Helpdesk.",
        "Das Passwort ist abgelaufen.", "mot de passe oublié : contactez le support", "Le mot de passe est incorrect.",
        "la contraseña es demasiado corta", "Contraseña incorrecta, inténtalo de nuevo.", "pwd: /home/alice/projects",
        "PWD=/home/alice/src", "OLDPWD=/tmp", "Use a password manager, never write passwords down.",
        "Password policy: rotate every 90 days.", "the password is stored in Key Vault",
        "Your password is about to expire in 3 days.", "the password field is empty",
        "password: \"{{ vault_db_password }}\"", "password = [PASSWORD_1]", "Пароль должен содержать не менее 8 символов.",
        "set the pass: through the admin portal", "senha: esqueci", "password reset for user jdoe is done",
        "How do I change the password in Teams?", "pass: true", "bypass=true", "passport number on file",
    ],
    "neg-numbers": [
        "Order #7834512093 shipped on 2024-01-15.", "Invoice 2024-000187 is overdue.", "order 1234567890123",
        "tracking number 1Z999AA10123456784", "call reference 20231187-44", "ticket INC0012345678",
        "the meeting is 15/01/2024 at 10:30", "due 15.01.2024", "Build 10.0.19045.3803", "version 4.23.1",
        "v2.14.0-rc.1", "released 2026.11.30.1", "pi is 3.14159265358979", "total 1,234,567,890 EUR",
        "timestamp 1700000000123", "epoch ms 1732982400000", "ISBN 978-3-16-148410-0", "ISBN 0-306-40615-2",
        "ISBN-13: 9780306406157", "isbn 978 0 306 40615 7", "serial 4012-8888-8888-1882", "4012888888881882",
        "card ending in 1881", "5555 5555 5555 4445", "account 0000 0000 0000 0000", "4111.1111.1111.1112",
        "routes 2024/01/15/0930", "phone-like id 1234-5678-9012", "PO 4500012345 line 10", "EAN 4006381333931",
        "DE89 3704 0044 0532 0130 01", "GB00WEST12345698765432", "de89370400440532013001",
        "fr76-3000-6000-0112-3456-7890-188", "ISO 27001:2022 certified", "SKU 100234-556-7",
    ],
    "neg-ids-hashes": [
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixes it", "merged 3f78685 into main",
        "request id 123e4567-e89b-12d3-a456-426614174000", "correlation id: 9b2f0a3c-1d4e-4f6a-8b7c-2d3e4f5a6b7c",
        "sha256:7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730",
        "integrity=\"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC\"",
        "md5 d41d8cd98f00b204e9800998ecf8427e", "image digest @sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "the AKIA prefix marks long-term AWS keys", "GitHub classic tokens start with ghp_ and fine-grained with github_pat_",
        "OpenAI keys look like sk-... and Anthropic keys like sk-ant-...", "pip install scikit-learn sk-video",
        "Stripe uses sk_live_ for live secret keys", "npm_config_cache=/tmp/npm", "pypi-simple index",
        "hf_hub_download(repo_id='bert-base-uncased')", "Azure AD secrets contain Q~ after four characters",
        "AIza is the prefix of Google API keys", "SG. is the SendGrid key prefix", "SKU SK-2024-0042",
        "MAC 00:1A:2B:3C:4D:5E", "color #1e90ff and #ff8c00", "ARN arn:aws:iam::123456789012:role/ReadOnly",
        "objectId 5f9c2b1e8d3a4c7f9e0b1a2c", "tenant contoso.onmicrosoft.com", "app id 00000003-0000-0000-c000-000000000000",
    ],
    "neg-base64-urls": [
        "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\">",
        "font-src data:font/woff2;base64,d09GMgABAAAAAAUwAA0AAAAACkAAAATcAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGhYbHhwg",
        "see https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook",
        "https://contoso.webhook.office.com is our tenant's webhook host",
        "https://hooks.slack.com/services/ is where Slack webhooks live",
        "https://github.com/org/repo/pull/1234#discussion_r1523456789", "https://example.com/path?page=2&sort=desc",
        "https://storage.example.com/files/report.pdf?version=3", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  LOG_LEVEL: info\n  FEATURE_X: \"true\"\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
        "kind: Secret\n(we keep ours in Key Vault, not in the cluster)",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----",
        "What does -----BEGIN PRIVATE KEY----- mean in a PEM file?", "\"private_key\": \"<paste the key here>\"",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@laptop is my public key",
        "the SAS token goes after ?sv= in the URL", "sig= is the signature parameter",
        "base64 of hello is aGVsbG8=", "token: expired", "Authorization: Bearer <token>", "api_key=YOUR_API_KEY_HERE",
    ],
    "neg-prose": [
        "Can you summarise the Q3 sales report for the leadership meeting?",
        "Translate this into German: the quarterly numbers look good.",
        "Москва — столица России, встреча в 10:00.", "Ελληνικά: η συνάντηση είναι στις 3 μ.μ.",
        "Café Müller — it’s “fine”, ½ done.", "The API returns 429 when you exceed 60 requests per minute.",
        "Write a haiku about Kubernetes secrets management best practices.",
        "Our Stripe integration failed with error card_declined.", "Set up GitHub Actions with OIDC instead of long-lived tokens.",
        "Rotate the OpenAI key every 90 days and store it in Key Vault.", "Call the helpdesk on extension 4471.",
        "Room 4.12, building B, floor 4", "We sold 12,345 units at 19.99 each.", "Meet at 10:30-11:00 on 2026-12-01.",
        "The Greek letter Κ (kappa) and Cyrillic К look alike.", "ΑΚΙΑ is not a word in Greek.",
        "Pay with a card ending 4242 or by transfer.", "Passwort und Benutzername bitte nicht per Chat senden.",
        "Le mot de passe doit contenir 12 caractères.", "La contraseña debe tener 12 caracteres.",
    ],
}
for family, texts in negatives.items():
    for text in texts:
        add(text, None, family, "look-alike (gitleaks false-positive examples, Presidio negative tests, everyday text)")

# Luhn-invalid and wrong-length numbers grouped like cards, and mod-97-invalid IBANs, generated.
for _ in range(25):
    n = luhn_complete(rng.choice(["4", "51", "6011"]), 16)
    bad = n[:-1] + str((int(n[-1]) + rng.randrange(1, 10)) % 10)
    assert not luhn_valid(bad)
    add("ref " + group(bad, 4, rng.choice([" ", "-", ".", "/"])), None, "neg-numbers", "Luhn-invalid card look-alike")
for c, n in iban_countries[:15]:
    v = iban(c, n)
    bad = v[:4] + v[4:-1] + str((int(v[-1]) + 1) % 10)
    assert not iban_valid(bad)
    add("IBAN " + group(bad, 4, rng.choice([" ", "-"])).lower(), None, "neg-numbers", "mod-97-invalid IBAN look-alike")
for _ in range(15):
    add("commit " + rand(HEX, 40), None, "neg-ids-hashes", "git SHA")
    add("id " + uuid(), None, "neg-ids-hashes", "UUID")

# Plain-word passwords are only recognisable in config: a YAML line of its own, or an XML element.
for word in ["changeme", "letmein", "hunter", "sunshine", "dragon", "monkey"]:
    add(f"db:\n  user: app\n  password: {word}\n  pool: 5", "password", "password-config", "YAML config line (plain value)")
    add(f"<server>\n  <id>nexus</id>\n  <username>deploy</username>\n  <password>{word}</password>\n</server>",
        "password", "password-config", "XML config element (Maven settings)")
for text in ["Password: N/A\nUser: guest", "password: TBD\n", "Password:\nPlease ask the helpdesk.",
             "Password: see the vault entry for prod", "Subject: password reset\nBody: please reset it",
             "<password>${env.NEXUS_PASSWORD}</password>", "password: false\n"]:
    add(text, None, "neg-password-words", "look-alike (config line without a value)")

for case in cases:
    sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")
