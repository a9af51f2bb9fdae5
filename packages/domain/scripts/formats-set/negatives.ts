// Hard negatives: text that looks like a value to redact but is not one (ids, hashes, versions,
// dates, amounts, placeholders, public keys, numbers that fail the validators).
import { logTime } from './contexts'
import { type Example, negative } from './line'
import {
  ALNUM,
  B64,
  B64URL,
  DIGITS,
  group,
  HEX,
  LOWER,
  luhnFailingNumber,
  luhnNumber,
  type Rng,
  UPPER,
} from './random'
import { BRANDS, gitSha, integrity, PUBLIC_BLOCKS, pem, sha256, ulid, uuid } from './values'

export function identifierNegatives(r: Rng): Example[] {
  const out: Example[] = []
  for (let i = 0; i < 4; i++) {
    out.push(
      negative(
        `${logTime(r)} INFO request_id=${uuid(r)} trace_id=${r.chars(HEX, 32)} span_id=${r.chars(HEX, 16)} status=200`,
        'uuid and trace ids in a log',
      ),
    )
  }
  out.push(
    negative(
      JSON.stringify({ id: uuid(r), idempotency_key: uuid(r), organization_id: uuid(r), amount: '12.40' }),
      'uuids in JSON',
    ),
    negative(
      `DELETE FROM sessions WHERE user_id = '${uuid(r)}' AND created_at < now() - interval '30 days';`,
      'uuid in SQL',
    ),
    negative(`Tenant ${uuid(r).toUpperCase()} was migrated to shard 7.`, 'upper-case uuid'),
    negative(
      `commit ${gitSha(r)}\nAuthor: Jane Doe <jane>\nDate:   Tue Mar 14 10:42:01 2026 +0100\n\n    fix: round costs half-even`,
      'git log entry',
    ),
    negative(`git checkout ${gitSha(r)} && git cherry-pick ${r.chars(HEX, 7)}`, 'git SHAs in a command'),
    negative(
      `https://github.com/acme/ledger/blob/${gitSha(r)}/packages/domain/src/money.ts#L42`,
      'git SHA in a GitHub URL',
    ),
    negative(
      JSON.stringify({
        sha: gitSha(r),
        node_id: `C_kwDO${r.chars(ALNUM, 20)}`,
        parents: [{ sha: gitSha(r) }],
      }),
      'GitHub API commit JSON',
    ),
    negative(
      `Merge: ${r.chars(HEX, 7)} ${r.chars(HEX, 7)}\n    Merge pull request #${r.int(100, 9999)} from acme/fix-budgets`,
      'short SHAs',
    ),
    negative(
      `"node_modules/decimal.js": {\n  "version": "10.6.0",\n  "resolved": "https://registry.npmjs.org/decimal.js/-/decimal.js-10.6.0.tgz",\n  "integrity": "${integrity(r)}"\n}`,
      'package-lock integrity',
    ),
    negative(
      `  /vitest@3.2.4:\n    resolution: {integrity: ${integrity(r)}}\n    engines: {node: ^18.0.0 || >=20.0.0}`,
      'pnpm-lock integrity',
    ),
    negative(
      `<script src="https://cdn.example.com/lib.min.js" integrity="sha384-${r.chars(B64, 64)}" crossorigin="anonymous"></script>`,
      'subresource integrity',
    ),
    negative(`FROM node:20-alpine@sha256:${sha256(r)}\nRUN corepack enable`, 'docker image digest'),
    negative(`${sha256(r)}  tokenledger-linux-x64.tar.gz`, 'sha256sum output'),
    negative(
      `<img alt="logo" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA${r.chars(B64, 180)}AAAAAElFTkSuQmCC">`,
      'PNG data URI',
    ),
    negative(
      JSON.stringify({
        type: 'image',
        source: {
          type: 'base64',
          media_type: 'image/jpeg',
          data: `/9j/4AAQSkZJRgABAQAAAQABAAD/${r.chars(B64, 300)}`,
        },
      }),
      'base64 image block in an Anthropic request',
    ),
    negative(
      `background: url("data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxNiAxNiI+${r.chars(B64, 120)}");`,
      'SVG data URI in CSS',
    ),
    negative(
      `@font-face { src: url(data:font/woff2;base64,d09GMgABAAAAA${r.chars(B64, 200)}) format("woff2"); }`,
      'font data URI',
    ),
    negative(
      `const TEST_USER_ID = 'usr_test_0001'\nconst FIXTURE_ORG = 'org_fixture_acme'\nconst FAKE_KEY_ID = 'key_${r.chars(LOWER + DIGITS, 12)}'`,
      'test-fixture identifiers',
    ),
    negative(
      `it('rejects an unknown model id', () => {\n  expect(() => price('gpt-9-ultra', 1000)).toThrow(/unknown model/)\n})`,
      'test code',
    ),
    negative(
      `customer=cus_${r.chars(ALNUM, 14)} payment_intent=pi_${r.chars(ALNUM, 24)} price=price_${r.chars(ALNUM, 24)}`,
      'Stripe object ids (not secrets)',
    ),
    negative(
      JSON.stringify({
        id: `msg_01${r.chars(ALNUM, 22)}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        usage: { input_tokens: 1204, output_tokens: 311 },
      }),
      'Anthropic message id',
    ),
    negative(
      JSON.stringify({
        id: `chatcmpl-${r.chars(ALNUM, 29)}`,
        object: 'chat.completion',
        created: 1764758521,
        model: 'gpt-4o-mini-2024-07-18',
        system_fingerprint: `fp_${r.chars(HEX, 10)}`,
      }),
      'OpenAI completion id',
    ),
    negative(`job ${ulid(r)} queued (attempt 1 of 5), previous ${ulid(r)}`, 'ULIDs'),
    negative(
      `Created key id ${r.chars(HEX, 12)} (prefix tl_live_${r.chars(LOWER, 4)}…) for organization acme`,
      'key prefix and id only',
    ),
    negative(`ETag: W/"${r.chars(HEX, 32)}"\nCache-Control: max-age=3600`, 'ETag header'),
    negative(
      `S3 object s3://acme-exports/2026/03/14/${uuid(r)}.parquet (md5 ${r.chars(HEX, 32)})`,
      'object key and md5',
    ),
  )
  return out
}

export function numberNegatives(r: Rng): Example[] {
  const out: Example[] = []
  out.push(
    negative('Please upgrade to version 1.2.3.4 before Friday.', 'four-part version'),
    negative(
      '[assembly: AssemblyVersion("4.0.0.0")]\n[assembly: AssemblyFileVersion("4.0.1.12")]',
      '.NET assembly version',
    ),
    negative(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      'user agent',
    ),
    negative('pip install "pyobjc-core==10.3.1.2" "tokenizers>=0.19.1"', 'pinned python versions'),
    negative('OS: Microsoft Windows 10.0.19045.3803, build 19045', 'Windows build'),
    negative('node v20.19.0, pnpm 10.34.8, typescript 5.9.3', 'tool versions'),
    negative('Firmware 2.4.10.118 released; bootloader 1.0.0.7 unchanged.', 'firmware versions'),
    negative('snmpget -v2c -c public localhost 1.3.6.1.2.1.1.3.0', 'SNMP OID'),
    negative(`${logTime(r)} started; next run 2026-03-15 01:00:00 UTC`, 'timestamps'),
    negative('Meeting moved to 14.03.2026, 10:42 – 11:30 (CET).', 'European date and time range'),
    negative('Date: Tue, 14 Mar 2026 10:42:01 +0000\nExpires: Wed, 15 Mar 2026 10:42:01 GMT', 'HTTP dates'),
    negative('Elapsed 01:02:03.456, p95 00:00:01.250, p99 00:00:04.900', 'durations'),
    negative(
      'created_at=2026-03-14T10:42:01.337+05:30 updated_at=2026-03-14T23:59:59Z',
      'ISO timestamps with offsets',
    ),
    negative('crontab: 0 1 * * * ai:aggregate-daily; 5 0 1 * * ai:reset-budgets', 'cron expressions'),
    negative(
      `createdAt: ${1764758521000 + r.int(0, 9_999_999)}, expiresAt: ${1764758521000 + r.int(10_000_000, 99_999_999)}`,
      'epoch milliseconds',
    ),
    negative(`{"ts": ${1764758521 + r.int(0, 99999)}, "latency_ms": ${r.int(100, 9999)}}`, 'epoch seconds'),
    negative(
      `Order #${r.int(100000000, 999999999)} shipped, tracking 1Z${r.chars(UPPER + DIGITS, 16)}`,
      'order and UPS tracking numbers',
    ),
    negative(
      `Invoice INV-2026-${r.chars(DIGITS, 6)} due 2026-04-01, PO 45000${r.chars(DIGITS, 5)}`,
      'invoice and PO numbers',
    ),
    negative(
      `USPS tracking: 9400 1000 0000 0${r.chars(DIGITS, 3)} ${r.chars(DIGITS, 4)} ${r.chars(DIGITS, 2)}`,
      'USPS tracking number',
    ),
    negative(`FedEx ${r.chars(DIGITS, 12)} out for delivery`, 'FedEx tracking number'),
    negative('Wire to IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX', 'IBAN (not a redaction type)'),
    negative('Booking ref ZX4Q9P, seat 14C, flight LH 2024 at 10:42', 'booking reference'),
    negative('ISBN 978-0-306-40615-7 (hardcover), ISBN-10 0-306-40615-2', 'ISBNs'),
    negative('See "Designing Data-Intensive Applications", ISBN 9781449373320, chapter 7.', 'bare ISBN-13'),
    negative('EAN 4006381333931 / UPC 036000291452', 'barcodes'),
    negative('Total: $1,299.00 (tax $103.92), paid 2026-03-14', 'US prices'),
    negative('Gesamtbetrag: 1.299,00 € inkl. 19 % MwSt.', 'German price'),
    negative('合計 ¥128,000（税込）', 'yen price'),
    negative(
      '| model | input $/M | output $/M |\n| --- | ---: | ---: |\n| gpt-4o-mini | 0.15 | 0.60 |\n| claude-sonnet-4-5 | 3.00 | 15.00 |',
      'price table',
    ),
    negative('Budget 5000.00, used 4123.456789 (82.47 %), threshold 80', 'budget figures'),
    negative('Coordinates: 48.858370, 2.294481 (Eiffel Tower), elevation 330 m', 'coordinates'),
    negative('postgres listens on port 5432, pgbouncer on 6543, the api on :3100', 'ports'),
    negative('max_tokens: 4096\ntemperature: 0.2\ntop_p: 0.95\nseed: 1234567890', 'model parameters'),
    negative('Your verification code is 482 913. It expires in 10 minutes.', 'OTP code'),
    negative('ZIP 94107-1234, routing 021000021', 'zip+4 and routing number'),
    negative('Aspect ratio 16:9 at 1920x1080, 60 fps, bitrate 8000 kbps', 'ratios and resolutions'),
    negative(`IMEI ${luhnNumber(r, '35', 15)} (device registered to fleet 7)`, 'Luhn-valid IMEI'),
    negative('Ticket 123-456-7890 was merged into 123-456-7891.', 'ticket numbers with invalid area code'),
    negative('Stack: 10.4.2 → 11.0.0; schema 2026.03.14', 'versions and calendar versions'),
  )
  return out
}

export function cardAndSsnNegatives(r: Rng): Example[] {
  const out: Example[] = []
  const seps = [' ', '-', '', ' ']
  for (let i = 0; i < 8; i++) {
    const brand = BRANDS[i % 4] as (typeof BRANDS)[number]
    const n = group(
      luhnFailingNumber(r, brand.prefixes[0] as string, brand.length),
      brand.groups,
      seps[i % 4] as string,
    )
    out.push(
      negative(
        r.pick([
          `Reference number ${n} (Luhn check fails)`,
          `42,${n},pending`,
          JSON.stringify({ account_ref: n, status: 'open' }),
          `Shipment ${n} left the warehouse at 10:42.`,
        ]),
        'Luhn-failing number',
      ),
    )
  }
  out.push(
    negative(
      `SSN 000-${r.int(10, 99)}-${r.int(1000, 9999)} is not a valid number (area 000).`,
      'ssn area 000',
    ),
    negative(`SSN: 666-${r.int(10, 99)}-${r.int(1000, 9999)}`, 'ssn area 666'),
    negative(`ITIN 9${r.int(10, 99)}-7${r.int(0, 9)}-${r.int(1000, 9999)} (never an SSN)`, 'ssn area 9xx'),
    negative(`social security number: ${r.int(100, 599)}-00-${r.int(1000, 9999)}`, 'ssn group 00'),
    negative(`SSN ${r.int(100, 599)}-${r.int(10, 99)}-0000`, 'ssn serial 0000'),
    negative(
      `Part number ${r.int(100, 599)}-${r.int(10, 99)}-${r.int(1000, 9999)}-${r.int(10, 99)}`,
      'ssn-shaped groups in a longer part number',
    ),
    negative(`Employer ID (EIN) ${r.int(10, 99)}-${r.chars(DIGITS, 7)}`, 'EIN'),
    negative(
      `Test card from the docs: 4111 1111 1111 1112 — declines as intended.`,
      'test card with a wrong check digit',
    ),
  )
  return out
}

export function secretNegatives(r: Rng): Example[] {
  return [
    negative('OPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=sk-ant-...', 'elided keys'),
    negative("const openai = new OpenAI({ apiKey: 'sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX' })", 'masked key'),
    negative(
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AWS documentation keys',
    ),
    negative('api_key: "your-api-key-here"', 'placeholder'),
    negative(
      'curl -H "Authorization: Bearer <YOUR_API_KEY>" https://api.example.com/v1/models',
      'placeholder bearer',
    ),
    negative('export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'x placeholder'),
    negative('apiKey: process.env.OPENAI_API_KEY ?? "", // set in .env', 'env reference'),
    negative('client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])', 'environ reference'),
    negative(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell/compose template, written as text
      'STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\nSLACK_WEBHOOK_URL={{ secrets.SLACK_WEBHOOK_URL }}',
      'templates',
    ),
    negative(
      `Stripe.setPublishableKey('pk_live_${r.chars(ALNUM, 24)}')`,
      'publishable key (public by design)',
    ),
    negative('password: ********\ntoken: [hidden]', 'masked values'),
    negative('Authorization: Bearer $TOKEN', 'shell variable'),
    negative(
      'Rotate the AWS secret access key and the Slack bot token every 90 days; never paste an SSN or card number into a prompt.',
      'prose about secrets',
    ),
    negative(
      'Keys start with sk-proj- (project), sk-svcacct- (service account) or sk-admin- (admin).',
      'prefixes in prose',
    ),
    negative(
      'A PKCS#1 file starts with -----BEGIN RSA PRIVATE KEY----- and PKCS#8 with -----BEGIN PRIVATE KEY-----.',
      'PEM headers in prose',
    ),
    negative('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----', 'PEM with elided body'),
    negative(
      '-----BEGIN OPENSSH PRIVATE KEY-----\n<paste your key here>\n-----END OPENSSH PRIVATE KEY-----',
      'PEM placeholder body',
    ),
    negative('cache_key = "user:42:dashboard:v3"\nprimary_key = "id"', 'non-secret key names'),
    negative(
      `session_token_ttl = 3600\nmax_tokens = 1024\ntoken_count = ${r.int(100, 9999)}`,
      'token counts',
    ),
    negative(
      'The redacted prompt reads: "Call [REDACTED:phone] or mail [REDACTED:email], card [REDACTED:credit_card]".',
      'already-redacted markers',
    ),
  ]
}

export function publicKeyNegatives(r: Rng): Example[] {
  const out: Example[] = PUBLIC_BLOCKS.map((kind) =>
    negative(`Here is the ${kind.name}:\n${pem(r, kind)}`, kind.name),
  )
  out.push(
    negative(
      JSON.stringify({
        public_key: pem(r, PUBLIC_BLOCKS[0] as (typeof PUBLIC_BLOCKS)[number]),
        alg: 'RS256',
      }),
      'JSON-escaped public key',
    ),
    negative(
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(B64, 43)} deploy@build-01`,
      'OpenSSH public key',
    ),
    negative(
      `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${r.chars(B64, 500)} jane@laptop`,
      'OpenSSH RSA public key',
    ),
    negative(
      `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBG${r.chars(B64, 58)}\n${r.chars(B64, 64)}\n=${r.chars(B64, 4)}\n-----END PGP PUBLIC KEY BLOCK-----`,
      'PGP public key',
    ),
    negative(
      JSON.stringify({
        keys: [{ kty: 'RSA', kid: r.chars(B64URL, 16), use: 'sig', n: r.chars(B64URL, 342), e: 'AQAB' }],
      }),
      'JWKS public key',
    ),
    negative(
      `-----BEGIN TRANSCRIPT-----\nAgent: How can I help?\nCaller: I was charged twice for order #${r.int(100000, 999999)} on 14.03.2026.\n-----END TRANSCRIPT-----`,
      'transcript without PII',
    ),
    negative(
      '-----BEGIN SUMMARY-----\nThe customer asked about invoice INV-2026-004211 and version 2.3.1.0 of the app.\n-----END SUMMARY-----',
      'delimited block without PII',
    ),
  )
  return out
}

export function networkNegatives(r: Rng): Example[] {
  const mac = (sep: string) => Array.from({ length: 6 }, () => r.chars(HEX, 2)).join(sep)
  return [
    negative(`link/ether ${mac(':')} brd ff:ff:ff:ff:ff:ff`, 'MAC address in ip link output'),
    negative(`Device MAC ${mac('-').toUpperCase()} registered`, 'MAC with dashes'),
    negative(
      `Cisco: ${r.chars(HEX, 4)}.${r.chars(HEX, 4)}.${r.chars(HEX, 4)} Gi0/1 DYNAMIC`,
      'Cisco MAC notation',
    ),
    negative(`bluetooth: paired ${mac(':').toUpperCase()} (headphones)`, 'Bluetooth address'),
    negative('std::map<std::string, int> counts; std::cout << counts.size();', 'C++ scope operators'),
    negative('lookup :: Ord k => k -> Map k v -> Maybe v', 'Haskell type signature'),
    negative('use std::collections::HashMap; let m: HashMap<u8, u8> = HashMap::new();', 'Rust paths'),
    negative('Timestamps 10:42:01, 10:42:07 and 23:59:59 were sampled.', 'times'),
    negative('server 0.pool.ntp.org iburst; listen on all interfaces', 'hostname with digits'),
    negative('Sections 4.2.1 and 4.2.10 of the spec; see also RFC 4291 §2.2.', 'section numbers'),
    negative('ping: unknown host 300.1.2.3 (invalid address)', 'IPv4 with an octet above 255'),
    negative(
      'Errors: a@b, @channel, user@localhost, logo@2x.png, pkg@1.2.3, git@github.com:acme/api.git',
      'email-like but not email',
    ),
    negative('@dataclass(frozen=True)\nclass Money:\n    amount: Decimal', 'Python decorator'),
    negative('Ask @jane.doe or @ops-team in #billing', 'mentions'),
  ]
}

/** Values that look like one of the types at a glance, in the places they usually appear. */
export function lookalikeNegatives(r: Rng): Example[] {
  return [
    negative('Form hint: "SSN (e.g. 123-45-6789)"', 'published example SSN'),
    negative(
      'The Woolworth wallet card number 078-05-1120 was printed on millions of sample cards.',
      'published SSN',
    ),
    negative('Card number placeholder: 0000 0000 0000 0000', 'all-zero card placeholder'),
    negative('Enter your card as 1234 5678 9012 3456 without dashes', 'sequential card placeholder'),
    negative(
      `Internal order id ${luhnFailingNumber(r, '4', 16)} (not a card)`,
      'Luhn-failing 16 digits starting with 4',
    ),
    negative('Timezone offset +05:30, +09:00 and -03:00 are supported.', 'timezone offsets'),
    negative('Room 4.12, building 3, floor 2; extension 2041', 'room and extension numbers'),
    negative('Final score 3-1 after extra time; attendance 45,812', 'scores and counts'),
    negative(
      'Address range 192.168.1 is incomplete; 256.100.50.25 is not an address either.',
      'malformed IPv4',
    ),
    negative('Brand colours: #ff00aa, #00ffcc, rgb(12, 200, 33)', 'hex colours'),
    negative(
      `main.${r.chars(HEX, 8)}.js  vendor.${r.chars(HEX, 8)}.js  styles.${r.chars(HEX, 20)}.css`,
      'bundle hashes',
    ),
    negative(
      `<div class="css-${r.chars(LOWER + DIGITS, 6)} e1${r.chars(LOWER + DIGITS, 6)}0">`,
      'generated class names',
    ),
    negative(
      "gtag('config', 'G-4XKJ2P7Q9B'); ga('create', 'UA-12345678-1', 'auto');",
      'analytics ids (public)',
    ),
    negative(
      JSON.stringify({
        access_token: '[REDACTED:api_key]',
        token_type: 'Bearer',
        expires_in: 3599,
        scope: 'openid email',
      }),
      'token response with redacted token',
    ),
    negative(
      JSON.stringify({ api_key_id: uuid(r), api_key_prefix: 'tl_live', revoked_at: null }),
      'api key metadata',
    ),
    negative(`nonce="${r.chars(B64, 22)}" csp-report-only`, 'CSP nonce'),
    negative(`Content-Security-Policy: script-src 'self' 'sha256-${r.chars(B64, 43)}='`, 'CSP hash'),
    negative(
      `aws sts get-caller-identity → "Account": "${r.chars(DIGITS, 12)}", "Arn": "arn:aws:iam::${r.chars(DIGITS, 12)}:role/deploy"`,
      'AWS account id and ARN',
    ),
    negative(
      `x-amz-request-id: ${r.chars(UPPER + DIGITS, 16)}\nx-amz-id-2: ${r.chars(B64, 76)}`,
      'AWS request ids',
    ),
    negative(`Region eu-west-1, bucket acme-exports, KMS key alias/ledger (key id ${uuid(r)})`, 'KMS key id'),
    negative('Chapter 7: "Sharing secrets" — never commit .env, rotate tokens, use a vault.', 'prose'),
    negative(
      `Build #${r.int(1000, 9999)} passed in 4m 12s on runner ubuntu-24.04 (image 20260310.1.0)`,
      'CI build numbers',
    ),
    negative(`Q1 FY2026 revenue 12,480,000 USD; EBITDA margin 18.4 %; headcount 214`, 'financial figures'),
    negative(`lat=37.774929&lng=-122.419416&zoom=12&ts=${1764758521 + r.int(0, 9999)}`, 'map query string'),
    negative(
      'Sample data: user@example, admin@test, root@localhost — none have a domain.',
      'addresses without a domain',
    ),
  ]
}
