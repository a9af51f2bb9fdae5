// Lines with values to redact, one section per type, each in realistic surroundings.
import { CONTEXTS, inContext, logTime } from './contexts'
import { type Example, line, v } from './line'
import { ALNUM, B64, DIGITS, fullWidthDigits, group, HEX, type Rng } from './random'
import {
  API_KEYS,
  awsAccessKeyId,
  awsSecret,
  azureAccountKey,
  BRANDS,
  cardNumber,
  cnMobile,
  fullWidthJapanesePhone,
  ipv4,
  ipv6,
  jwt,
  opaqueSecret,
  PHONE_FORMATS,
  PRIVATE_KEYS,
  pem,
  pemLines,
  person,
  phoneFormat,
  ssnDigits,
} from './values'

const NBSP = '\u00A0'
const THIN = '\u2009'
const NARROW_NBSP = '\u202F'
const NB_HYPHEN = '\u2011'
const EN_DASH = '\u2013'
const ZWSP = '\u200B'

export function emailLines(r: Rng): Example[] {
  const out: Example[] = []
  const sentences = [
    (e: string) => [`Please send the revised quote to `, v('email', e), ` before Friday.`],
    (e: string) => [`My new address is `, v('email', e), `, the old one bounces.`],
    (e: string) => [`Reply-To: "Support" <`, v('email', e), `>`],
    (e: string) => [`cc `, v('email', e), ` on anything about the invoice`],
    (e: string) => [`Contact: `, v('email', e), `\nDo not share outside the team.`],
  ]
  for (let i = 0; i < 20; i++) {
    const p = person(r)
    const context = CONTEXTS[i % CONTEXTS.length] as (typeof CONTEXTS)[number]
    out.push(
      line(`email in ${context}`, (put) =>
        inContext(r, put, context, 'email', v('email', p.email), r.pick(sentences)(p.email)),
      ),
    )
  }
  const p = () => person(r)
  out.push(
    line('mailto link in markdown', (put) => {
      const e = p().email
      return `Questions? [Write to us](mailto:${put(v('email', e))}?subject=Quote) or open a ticket.`
    }),
    line('percent-encoded email in a query string', (put) => {
      const e = encodeURIComponent(p().email)
      return `GET /api/users/search?q=${put(v('email', e))}&limit=20 HTTP/1.1`
    }),
    line('percent-encoded email in a redirect URL', (put) => {
      const e = encodeURIComponent(p().email)
      return `https://app.example.com/login?redirect=%2Fsettings&login_hint=${put(v('email', e))}&prompt=consent`
    }),
    line('percent-encoded email inside an encoded search query', (put) => {
      const e = encodeURIComponent(p().email)
      return `https://mail.example.com/search?q=from%3A${put(v('email', e))}%20has%3Aattachment&hl=en`
    }),
    line('email with full-width at sign', (put) => {
      const [local, domain] = p().email.split('@')
      return `連絡先：${put(v('email', `${local}＠${domain}`))}までお願いします。`
    }),
    line('email with a zero-width space before the at sign', (put) => {
      const [local, domain] = p().email.split('@')
      return `copied from the PDF: ${put(v('email', `${local}${ZWSP}@${domain}`))} (see page 3)`
    }),
    line('email with zero-width joiners in the domain', (put) => {
      const q = p()
      return `Send to ${put(v('email', `${q.first}@exa\u200Dmple\u200D.com`))}`
    }),
    line('local part longer than 64 characters', (put) => {
      const local = `noreply.billing.notifications.${r.chars('abcdefghijklmnopqrstuvwxyz', 30)}.automated-system`
      return `From: ${put(v('email', `${local}@mail.example.com`))}`
    }),
    line('local part longer than 64 characters in JSON', (put) => {
      const local = `${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 70)}`
      return JSON.stringify({ recipient: put(v('email', `${local}@example.org`), 'json'), status: 'bounced' })
    }),
    line('email signature', (put) => {
      const q = p()
      const phone = phoneFormat('GB', r.int(0, 6))(r)
      return `Best regards,\n${q.name}\nHead of Procurement | Acme Ltd\n${put(v('email', q.email))}\nM: ${put(v('phone', phone))}\nwww.acme.example`
    }),
    line('email after a time in a log line', (put) => {
      const q = p()
      return `10:42:01 smtp: delivered to ${put(v('email', q.email))} status=250 size=18234`
    }),
    line(
      'upper-case email with plus tag',
      (put) => `FROM: ${put(v('email', `${p().first.toUpperCase()}+ALERTS@EXAMPLE.COM`))}`,
    ),
    line('two emails in a git trailer', (put) => {
      const a = p()
      const b = p()
      return `Signed-off-by: ${a.name} <${put(v('email', a.email))}>\nCo-authored-by: ${b.name} <${put(v('email', b.email))}>`
    }),
  )
  return out
}

export function phoneLines(r: Rng): Example[] {
  const out: Example[] = []
  const sentences = [
    (n: string) => [`You can reach me on `, v('phone', n), ` after 6pm.`],
    (n: string) => [`Call me at `, v('phone', n), ` if the delivery is late`],
    (n: string) => [`Tel.: `, v('phone', n)],
    (n: string) => [`my mobile changed to `, v('phone', n), `, please update the CRM`],
    (n: string) => [`Rückruf bitte unter `, v('phone', n), `.`],
  ]
  let i = 0
  for (const [country, formats] of Object.entries(PHONE_FORMATS)) {
    for (const format of formats) {
      const number = format(r)
      const context = CONTEXTS[i++ % CONTEXTS.length] as (typeof CONTEXTS)[number]
      out.push(
        line(`${country} phone in ${context}`, (put) =>
          inContext(r, put, context, 'phone', v('phone', number), r.pick(sentences)(number)),
        ),
      )
    }
  }
  out.push(
    line(
      'JP phone with full-width digits',
      (put) => `携帯：${put(v('phone', fullWidthJapanesePhone(r)))}（平日のみ）`,
    ),
    line('CN mobile in Chinese text', (put) => {
      const n = cnMobile(r)
      return `我的手机号是${put(v('phone', n))}，请尽快联系。`
    }),
    line('US phone with non-breaking hyphens (U+2011)', (put) => {
      const n = phoneFormat('US', 1)(r).replace(/-/g, NB_HYPHEN)
      return `Phone: ${put(v('phone', n))}`
    }),
    line('US phone with en dashes', (put) => {
      const n = phoneFormat('US', 1)(r).replace(/-/g, EN_DASH)
      return `Front desk ${put(v('phone', n))} (ext. 12)`
    }),
    line('percent-encoded international phone in a query string', (put) => {
      const n = encodeURIComponent(phoneFormat('GB', 2)(r))
      return `https://wa.example.com/send?phone=${put(v('phone', n))}&text=Hi%20there`
    }),
    line('tel: link', (put) => {
      const n = `+1${r.pick(['415', '212'])}${r.int(2, 9)}${r.chars(DIGITS, 6)}`
      return `<a href="tel:${put(v('phone', n))}">Call sales</a>`
    }),
    line('two phones in a transcript', (put) => {
      const a = phoneFormat('AU', 0)(r)
      const b = phoneFormat('AU', 1)(r)
      return `-----BEGIN TRANSCRIPT-----\nAgent: Which number should we use?\nCaller: My mobile, ${put(v('phone', a))}, or the office on ${put(v('phone', b))}.\nAgent: Thanks, noted.\n-----END TRANSCRIPT-----`
    }),
    line('phone with extension in a signature', (put) => {
      const n = phoneFormat('US', 0)(r)
      return `--\nMaría Silva\nAccounts Payable\n${put(v('phone', n))} ext. 2041`
    }),
    line('phone at 10:42 in a log', (put) => {
      const n = phoneFormat('DE', 3)(r)
      return `10:42:07 sms.send to=${put(v('phone', n))} template=otp ttl=300`
    }),
  )
  return out
}

export function ssnLines(r: Rng): Example[] {
  const out: Example[] = []
  const ssn = (sep: string) => ssnDigits(r).join(sep)
  const contexts = CONTEXTS.slice(0, 8)
  for (const context of contexts) {
    const s = ssn(r.pick(['-', '-', ' ']))
    out.push(
      line(`SSN in ${context}`, (put) =>
        inContext(r, put, context, 'ssn', v('ssn', s), [`My social security number is `, v('ssn', s), `.`]),
      ),
    )
  }
  out.push(
    line('SSN with dots', (put) => `Employee SSN ${put(v('ssn', ssn('.')))} on file`),
    line('bare nine digits after SSN', (put) => `SSN: ${put(v('ssn', ssn('')))}`),
    line(
      'SSN with non-breaking hyphens (U+2011)',
      (put) => `SSN ${put(v('ssn', ssn(NB_HYPHEN)))} (from the scanned W-2)`,
    ),
    line('SSN with en dashes', (put) => `Social Security No. ${put(v('ssn', ssn(EN_DASH)))}`),
    line('SSN with full-width digits', (put) => `SSN：${put(v('ssn', fullWidthDigits(ssn('-'))))}`),
    line('SSN in a W-2 form dump', (put) => {
      const s = ssn('-')
      return `a Employee's social security number\n${put(v('ssn', s))}\nb Employer identification number (EIN)\n${r.int(10, 99)}-${r.chars(DIGITS, 7)}`
    }),
    line('SSN inside transcript delimiters', (put) => {
      const s = ssn('-')
      return `-----BEGIN TRANSCRIPT-----\nCaller: the last four are ${s.slice(-4)}, full number ${put(v('ssn', s))}\n-----END TRANSCRIPT-----`
    }),
  )
  return out
}

export function cardLines(r: Rng): Example[] {
  const out: Example[] = []
  const seps = [' ', '-', '', ' ', NBSP, THIN, NARROW_NBSP]
  let i = 0
  for (const brand of BRANDS) {
    for (let k = 0; k < 2; k++) {
      const sep = seps[i % seps.length] as string
      const n = group(cardNumber(r, brand), brand.groups, sep)
      const sepName =
        brand.groups.length === 1
          ? 'no separator'
          : ({ ' ': 'spaces', '-': 'hyphens', '': 'no separator' }[sep] ??
            `U+${sep.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
      const context = CONTEXTS[i++ % CONTEXTS.length] as (typeof CONTEXTS)[number]
      out.push(
        line(`${brand.name} card (${sepName}) in ${context}`, (put) =>
          inContext(r, put, context, 'card_number', v('credit_card', n), [
            r.pick(['Please charge ', 'Use my card ', 'card no. ', 'Kartennummer: ']),
            v('credit_card', n),
            r.pick([' exp 09/28', ', CVV on request', ' for the renewal', '']),
          ]),
        ),
      )
    }
  }
  const visa = BRANDS[0] as (typeof BRANDS)[number]
  out.push(
    line('card in a CSV row after an id', (put) => {
      const n = cardNumber(r, visa)
      return `42,${put(v('credit_card', n))},12/27,${r.pick(['Jane Doe', 'Omar Haddad'])}`
    }),
    line(
      'card with full-width digits',
      (put) =>
        `カード番号：${put(v('credit_card', fullWidthDigits(group(cardNumber(r, visa), [4, 4, 4, 4], ' '))))}`,
    ),
    line('card in a payment log at 10:42', (put) => {
      const n = cardNumber(r, BRANDS[2] as (typeof BRANDS)[number])
      return `${logTime(r)} WARN payment.declined pan=${put(v('credit_card', n))} amount=129.00 currency=EUR`
    }),
    line('card read out in a transcript', (put) => {
      const n = group(cardNumber(r, visa), [4, 4, 4, 4], ' ')
      return `-----BEGIN TRANSCRIPT-----\nAgent: And the card number?\nCaller: ${put(v('credit_card', n))}, expiry oh-nine twenty-eight.\n-----END TRANSCRIPT-----`
    }),
  )
  return out
}

export function apiKeyLines(r: Rng): Example[] {
  const out: Example[] = []
  const envName: Record<string, string> = {
    OpenAI: 'OPENAI_API_KEY',
    Anthropic: 'ANTHROPIC_API_KEY',
    Google: 'GOOGLE_API_KEY',
    GitHub: 'GITHUB_TOKEN',
    GitLab: 'GITLAB_TOKEN',
    Slack: 'SLACK_TOKEN',
    Stripe: 'STRIPE_SECRET_KEY',
    Twilio: 'TWILIO_API_KEY',
    SendGrid: 'SENDGRID_API_KEY',
    Mailgun: 'MAILGUN_API_KEY',
    npm: 'NPM_TOKEN',
    PyPI: 'TWINE_PASSWORD',
    Hugging: 'HF_TOKEN',
  }
  const layouts = [
    (name: string, key: string, put: (t: ReturnType<typeof v>) => string) =>
      `${name}=${put(v('api_key', key))}`,
    (name: string, key: string, put: (t: ReturnType<typeof v>) => string) =>
      `export ${name}="${put(v('api_key', key))}"`,
    (_: string, key: string, put: (t: ReturnType<typeof v>) => string) =>
      `I get 401 Unauthorized with this key: ${put(v('api_key', key))} — what am I doing wrong?`,
    (name: string, key: string, put: (t: ReturnType<typeof v>) => string) =>
      `env:\n  - name: ${name}\n    value: ${put(v('api_key', key))}`,
    (name: string, key: string, put: (t: ReturnType<typeof v>) => string) =>
      `process.env.${name} ??= '${put(v('api_key', key))}' // TODO remove before commit`,
    (name: string, key: string, put: (t: ReturnType<typeof v>) => string) =>
      `${logTime(r)} DEBUG config loaded ${name.toLowerCase()}=${put(v('api_key', key))}`,
  ]
  let i = 0
  for (const [family, make] of Object.entries(API_KEYS)) {
    // Two lines per family: the common ones turn up far more often in prompts and logs.
    for (let k = 0; k < 2; k++) {
      const key = make(r)
      const name = envName[family.split(' ')[0] as string] ?? 'API_KEY'
      const layout = layouts[i++ % layouts.length] as (typeof layouts)[number]
      out.push(line(family, (put) => layout(name, key, (t) => put(t))))
    }
  }
  const key = (family: string) => (API_KEYS[family] as (r: Rng) => string)(r)
  out.push(
    line(
      'OpenAI key in an SDK constructor (TypeScript)',
      (put) => `const openai = new OpenAI({ apiKey: '${put(v('api_key', key('OpenAI project key')))}' })`,
    ),
    line(
      'Anthropic key in a Python client',
      (put) =>
        `client = anthropic.Anthropic(\n    api_key="${put(v('api_key', key('Anthropic API key')))}",\n)`,
    ),
    line('OpenAI key in JSON tool-call arguments', (put) =>
      JSON.stringify({
        role: 'assistant',
        tool_calls: [
          {
            id: `call_${r.chars(ALNUM, 24)}`,
            type: 'function',
            function: {
              name: 'configure_integration',
              arguments: JSON.stringify({
                provider: 'openai',
                api_key: put(v('api_key', key('OpenAI service-account key')), 'json2'),
              }),
            },
          },
        ],
      }),
    ),
    line(
      'Slack webhook in a curl command',
      (put) =>
        `curl -X POST -H 'Content-type: application/json' --data '{"text":"deploy done"}' ${put(v('api_key', key('Slack webhook URL')))}`,
    ),
    line(
      'GitHub token in a git remote URL',
      (put) =>
        `git remote set-url origin https://x-access-token:${put(v('api_key', key('GitHub server-to-server token')))}@github.com/acme/api.git`,
    ),
    line(
      'npm token in .npmrc',
      (put) => `//registry.npmjs.org/:_authToken=${put(v('api_key', key('npm token')))}\nalways-auth=true`,
    ),
    line(
      'PyPI token in .pypirc',
      (put) => `[pypi]\n  username = __token__\n  password = ${put(v('api_key', key('PyPI token')))}`,
    ),
    line('key in a percent-encoded search query', (put) => {
      const k = key('OpenAI project key')
      return `GET /admin/logs?q=OPENAI_API_KEY%3D${put(v('api_key', k))}&from=2026-03-01 HTTP/1.1`
    }),
    line('Azure SAS signature in a URL (percent-encoded base64)', (put) => {
      const sig = encodeURIComponent(`${r.chars(B64, 43)}=`)
      return `https://acmeexports.blob.core.windows.net/reports/q1.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T00:00:00Z&spr=https&sig=${put(v('api_key', sig))}`
    }),
    line(
      'Google key in a Maps URL',
      (put) =>
        `https://maps.googleapis.com/maps/api/geocode/json?address=Unter%20den%20Linden%201&key=${put(v('api_key', key('Google API key')))}`,
    ),
    line(
      'Azure storage connection string',
      (put) =>
        `DefaultEndpointsProtocol=https;AccountName=acmeprodlogs;AccountKey=${put(v('api_key', azureAccountKey(r)))};EndpointSuffix=core.windows.net`,
    ),
    line('Azure storage key in appsettings.json', (put) =>
      JSON.stringify(
        {
          ConnectionStrings: {
            Blob: `DefaultEndpointsProtocol=https;AccountName=acmedata;AccountKey=${put(v('api_key', azureAccountKey(r)), 'json')};EndpointSuffix=core.windows.net`,
          },
        },
        null,
        2,
      ),
    ),
    line(
      'generic api_key assignment (Python)',
      (put) => `api_key = "${put(v('api_key', opaqueSecret(r, 32)))}"`,
    ),
    line(
      'generic client_secret in YAML',
      (put) =>
        `oauth:\n  client_id: acme-dashboard\n  client_secret: ${put(v('api_key', opaqueSecret(r, 40)))}`,
    ),
    line(
      'generic secret in TOML',
      (put) => `[auth]\nsigning_secret = "${put(v('api_key', r.chars(HEX, 64)))}"`,
    ),
    line(
      'database password in .env',
      (put) =>
        `DB_USER=app\nDB_PASSWORD=${put(v('api_key', `${opaqueSecret(r, 14)}!${r.chars(ALNUM, 6)}`))}\nDB_HOST=db.internal`,
    ),
    line(
      'password in a connection URL',
      (put) =>
        `DATABASE_URL=postgres://app:${put(v('api_key', opaqueSecret(r, 24)))}@db.internal:5432/ledger`,
    ),
    line(
      'Bearer token in a curl command',
      (put) =>
        `curl https://api.example.com/v2/orders -H "Authorization: Bearer ${put(v('api_key', opaqueSecret(r, 40)))}"`,
    ),
    line(
      'Bearer JWT in an HTTP dump',
      (put) =>
        `GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ${put(v('api_key', jwt(r)))}\nAccept: application/json`,
    ),
    line(
      'bare JWT in a chat prompt',
      (put) => `Why does this token fail verification? ${put(v('api_key', jwt(r)))}`,
    ),
    line('JWT with short segments', (put) => `token=${put(v('api_key', jwt(r, true)))}`),
    line('JWT with short segments in JSON', (put) =>
      JSON.stringify({ id_token: put(v('api_key', jwt(r, true)), 'json'), expires_in: 3600 }),
    ),
    line(
      'JWT in a query string',
      (put) => `https://app.example.com/magic-link?token=${put(v('api_key', jwt(r)))}&next=%2Fhome`,
    ),
    line(
      'Stripe key inside transcript delimiters',
      (put) =>
        `-----BEGIN TRANSCRIPT-----\nDev: here's what I pasted into the dashboard ${put(v('api_key', key('Stripe live secret key')))}\nSupport: please roll that key now.\n-----END TRANSCRIPT-----`,
    ),
    line(
      'Hugging Face token in a notebook cell',
      (put) =>
        `from huggingface_hub import login\nlogin(token="${put(v('api_key', key('Hugging Face token')))}")`,
    ),
    line(
      'SendGrid key in Go',
      (put) => `client := sendgrid.NewSendClient("${put(v('api_key', key('SendGrid API key')))}")`,
    ),
    line(
      'Twilio key in Ruby',
      (put) =>
        `Twilio::REST::Client.new('${put(v('api_key', key('Twilio API key')))}', ENV['TWILIO_SECRET'])`,
    ),
  )
  return out
}

export function awsLines(r: Rng): Example[] {
  const id = () => awsAccessKeyId(r)
  const secret = () => awsSecret(r)
  return [
    line(
      'credentials file',
      (put) =>
        `[default]\naws_access_key_id = ${put(v('aws_key', id()))}\naws_secret_access_key = ${put(v('aws_key', secret()))}\nregion = eu-west-1`,
    ),
    line(
      'AWS_SECRET_ACCESS_KEY in .env',
      (put) =>
        `AWS_ACCESS_KEY_ID=${put(v('aws_key', id()))}\nAWS_SECRET_ACCESS_KEY=${put(v('aws_key', secret()))}`,
    ),
    line(
      'AWS_SECRET_ACCESS_KEY alone',
      (put) => `export AWS_SECRET_ACCESS_KEY=${put(v('aws_key', secret()))}`,
    ),
    line(
      'secret on the line after its label',
      (put) =>
        `Here are the keys from the console:\nAccess key ID: ${put(v('aws_key', id()))}\nSecret access key:\n${put(v('aws_key', secret()))}`,
    ),
    line('STS credentials JSON', (put) =>
      JSON.stringify(
        {
          Credentials: {
            AccessKeyId: put(v('aws_key', `ASIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`), 'json'),
            SecretAccessKey: put(v('aws_key', secret()), 'json'),
            Expiration: '2026-12-03T10:00:00Z',
          },
        },
        null,
        2,
      ),
    ),
    line(
      'boto3 client',
      (put) =>
        `s3 = boto3.client(\n    "s3",\n    aws_access_key_id="${put(v('aws_key', id()))}",\n    aws_secret_access_key="${put(v('aws_key', secret()))}",\n)`,
    ),
    line(
      'access key id in an error message',
      (put) =>
        `An error occurred (InvalidAccessKeyId) when calling the PutObject operation: The AWS Access Key Id you provided does not exist in our records. (key: ${put(v('aws_key', id()))})`,
    ),
    line(
      'access key id in a chat prompt',
      (put) => `Is ${put(v('aws_key', id()))} still active? I rotated it last week.`,
    ),
    line('access key id and secret in JSON tool-call arguments', (put) =>
      JSON.stringify({
        type: 'tool_use',
        id: `toolu_01${r.chars(ALNUM, 22)}`,
        name: 'configure_s3_export',
        input: {
          access_key_id: put(v('aws_key', id()), 'json'),
          secret_access_key: put(v('aws_key', secret()), 'json'),
          bucket: 'acme-exports',
        },
      }),
    ),
    line(
      'Terraform provider block',
      (put) =>
        `provider "aws" {\n  region     = "us-east-1"\n  access_key = "${put(v('aws_key', id()))}"\n  secret_key = "${put(v('aws_key', secret()))}"\n}`,
    ),
    line(
      'CloudTrail log line',
      (put) =>
        `${logTime(r)} eventName=AssumeRole userIdentity.accessKeyId=${put(v('aws_key', id()))} sourceIPAddress=${put(v('ip_address', ipv4(r)))}`,
    ),
  ]
}

export function privateKeyLines(r: Rng): Example[] {
  const out: Example[] = []
  const kind = (i: number) => PRIVATE_KEYS[i % PRIVATE_KEYS.length] as (typeof PRIVATE_KEYS)[number]
  for (let i = 0; i < PRIVATE_KEYS.length; i++) {
    const k = kind(i)
    out.push(
      line(
        `${k.name} in a markdown code block`,
        (put) => `Is this key valid?\n\n\`\`\`\n${put(v('private_key', pem(r, k)))}\n\`\`\``,
      ),
    )
  }
  out.push(
    line('PKCS#8 key JSON-escaped in a GCP service-account file', (put) =>
      JSON.stringify({
        type: 'service_account',
        project_id: 'acme-ledger-prod',
        private_key_id: r.chars(HEX, 40),
        private_key: `${put(v('private_key', pem(r, kind(1))), 'json')}\n`,
        client_email: put(v('email', 'exporter@acme-ledger-prod.iam.gserviceaccount.com'), 'json'),
        client_id: r.chars(DIGITS, 21),
      }),
    ),
    line('EC key JSON-escaped in tool-call arguments (double-escaped)', (put) =>
      JSON.stringify({
        role: 'assistant',
        tool_calls: [
          {
            id: `call_${r.chars(ALNUM, 24)}`,
            type: 'function',
            function: {
              name: 'store_secret',
              arguments: JSON.stringify({
                name: 'signing-key',
                pem: put(v('private_key', pem(r, kind(3))), 'json2'),
              }),
            },
          },
        ],
      }),
    ),
    line('OpenSSH key in a request body (JSON-escaped)', (put) =>
      JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [
          {
            role: 'user',
            content: put(['Why does ssh reject this key?\n', v('private_key', pem(r, kind(4)))], 'json'),
          },
        ],
      }),
    ),
    line('RSA key as a JSON array of lines', (put) => {
      const lines = pemLines(r, kind(5))
      return `{"key_lines": ["${put(v('private_key', lines.join('", "')))}"]}`
    }),
    line('EC key as a pretty-printed JSON array of lines', (put) => {
      const lines = pemLines(r, kind(2))
      return `{\n  "lines": [\n    "${put(v('private_key', lines.join('",\n    "')))}"\n  ]\n}`
    }),
    line('RSA key quoted in an email reply', (put) => {
      const lines = pemLines(r, kind(5))
      return `On Tue, Omar wrote:\n> here is the deploy key\n> ${put(v('private_key', lines.join('\n> ')))}\n\nThanks, rotating it now.`
    }),
    line('PKCS#8 key as JS string concatenation', (put) => {
      const lines = pemLines(r, kind(2))
      return `const key =\n  '${put(v('private_key', lines.join("\\n' +\n  '")))}\\n'\n`
    }),
    line('RSA key in a YAML block scalar', (put) => {
      const lines = pemLines(r, kind(5))
      return `tls:\n  key: |\n    ${put(v('private_key', lines.join('\n    ')))}\n  cert_file: /etc/ssl/acme.crt`
    }),
    line(
      'PKCS#8 key with literal \\n in .env',
      (put) => `JWT_PRIVATE_KEY="${put(v('private_key', pemLines(r, kind(2)).join('\\n')))}"`,
    ),
    line(
      'EC key with CRLF line ends',
      (put) => `key.pem:\r\n${put(v('private_key', pem(r, kind(3), '\r\n')))}\r\n`,
    ),
    line(
      'OpenSSH key inside transcript delimiters',
      (put) =>
        `-----BEGIN TRANSCRIPT-----\nUser: I pasted my key below, can you convert it to PEM?\n${put(v('private_key', pem(r, kind(4))))}\n-----END TRANSCRIPT-----`,
    ),
    line(
      'private key and certificate in one bundle (only the key is secret)',
      (put) =>
        `${pem(r, { name: 'c', label: 'CERTIFICATE', bodyStart: 'MIIDdzCCAl+gAwIBAgIE', bodyLength: 600, lineWidth: 64 })}\n${put(v('private_key', pem(r, kind(2))))}`,
    ),
    line(
      'PKCS#8 key in a Python triple-quoted string',
      (put) => `PRIVATE_KEY = """${put(v('private_key', pem(r, kind(2))))}\n"""`,
    ),
  )
  return out
}

export function ipLines(r: Rng): Example[] {
  const out: Example[] = []
  for (let i = 0; i < 8; i++) {
    const ip = i % 3 === 2 ? ipv6(r) : ipv4(r)
    const context = CONTEXTS[(i * 3) % CONTEXTS.length] as (typeof CONTEXTS)[number]
    out.push(
      line(`IP in ${context}`, (put) =>
        inContext(r, put, context, 'client_ip', v('ip_address', ip), [
          `The requests come from `,
          v('ip_address', ip),
          `, can you block it?`,
        ]),
      ),
    )
  }
  out.push(
    line(
      'nginx access log',
      (put) =>
        `${put(v('ip_address', ipv4(r)))} - - [14/Mar/2026:10:42:01 +0000] "GET /api/v1/usage?page=2 HTTP/1.1" 200 5123 "-" "Mozilla/5.0"`,
    ),
    line(
      'IPv4 CIDR in a firewall rule',
      (put) => `allow ${put(v('ip_address', `10.${r.int(0, 255)}.0.0/16`))};\ndeny all;`,
    ),
    line(
      'IPv4 CIDR list in YAML',
      (put) =>
        `ingress:\n  allowed_cidrs:\n    - ${put(v('ip_address', `192.168.${r.int(0, 255)}.0/24`))}\n    - ${put(v('ip_address', `${ipv4(r)}/32`))}`,
    ),
    line(
      'IPv6 with zone id',
      (put) =>
        `ping6 ${put(v('ip_address', `fe80::${r.int(0x100, 0xfff).toString(16)}:${r.int(0x1000, 0xffff).toString(16)}:fe4d:5e6f%eth0`))}`,
    ),
    line('IPv6 with numeric zone id', (put) => `listening on [${put(v('ip_address', 'fe80::1%3'))}]:5353`),
    line(
      'IPv6 CIDR',
      (put) =>
        `route add -inet6 ${put(v('ip_address', `2001:db8:${r.int(0x100, 0xfff).toString(16)}::/48`))} gateway`,
    ),
    line(
      'IPv6 in a URL with port',
      (put) =>
        `curl -k https://[${put(v('ip_address', ipv6(r).replace(/^::ffff:.*/, '2001:db8::42')))}]:8443/healthz`,
    ),
    line(
      'IPv4 in a URL',
      (put) => `Webhook target http://${put(v('ip_address', ipv4(r)))}:8080/hooks/ledger returned 502`,
    ),
    line(
      'X-Forwarded-For chain',
      (put) =>
        `X-Forwarded-For: ${put(v('ip_address', ipv4(r)))}, ${put(v('ip_address', ipv4(r)))}, ${put(v('ip_address', ipv6(r)))}`,
    ),
    line('loopback IPv6', (put) => `bind: address already in use (${put(v('ip_address', '::1'))} port 3100)`),
    line(
      'IPv4-mapped IPv6 in a Node error',
      (put) => `Error: connect ECONNREFUSED ${put(v('ip_address', `::ffff:${ipv4(r)}`))}:5432`,
    ),
    line(
      'IP at 10:42 in a syslog line',
      (put) =>
        `Mar 14 10:42:01 web-1 sshd[2211]: Failed password for root from ${put(v('ip_address', ipv4(r)))} port 52144 ssh2`,
    ),
  )
  return out
}

/** Longer documents with several kinds of values, as whole prompts look. */
export function mixedLines(r: Rng): Example[] {
  const out: Example[] = []
  for (let i = 0; i < 6; i++) {
    const p = person(r)
    const phone = r.pick(Object.values(PHONE_FORMATS).flat())(r)
    const brand = BRANDS[(i * 2) % 5] as (typeof BRANDS)[number]
    const card = group(cardNumber(r, brand), brand.groups, ' ')
    out.push(
      line('support transcript with email, phone and card', (put) =>
        [
          '-----BEGIN TRANSCRIPT-----',
          `[${String(9 + i).padStart(2, '0')}:0${i}:12] Agent: Thanks for calling, can I have your email?`,
          `[${String(9 + i).padStart(2, '0')}:0${i}:20] Caller: It's ${put(v('email', p.email))}.`,
          `[${String(9 + i).padStart(2, '0')}:0${i}:41] Caller: Best number is ${put(v('phone', phone))}.`,
          `[${String(9 + i).padStart(2, '0')}:1${i}:03] Caller: Charge ${put(v('credit_card', card))} for order #${r.int(100000, 999999)}.`,
          '-----END TRANSCRIPT-----',
          'Summarise the call in two sentences.',
        ].join('\n'),
      ),
    )
  }
  for (let i = 0; i < 4; i++) {
    const p = person(r)
    const [a, g, s] = ssnDigits(r)
    out.push(
      line('HR onboarding request in a chat request body', (put) =>
        JSON.stringify({
          model: 'claude-sonnet-4-5',
          max_tokens: 1024,
          messages: [
            {
              role: 'user',
              content: put(
                [
                  `Fill the I-9 summary for ${p.name}:\n\tEmail:\t`,
                  v('email', p.email),
                  `\n\tSSN:\t`,
                  v('ssn', `${a}-${g}-${s}`),
                  `\n\tStart date:\t2026-01-0${i + 5}\n\tNote: "remote, laptop shipped"`,
                ],
                'json',
              ),
            },
          ],
        }),
      ),
    )
  }
  for (let i = 0; i < 4; i++) {
    const host = ipv4(r)
    const key = (API_KEYS['OpenAI project key'] as (r: Rng) => string)(r)
    out.push(
      line(
        'incident notes with an IP, a key and an address',
        (put) =>
          `## Incident ${r.int(100, 999)}\n- 10:42 UTC: spike of 429s from ${put(v('ip_address', host))}\n- leaked key: \`${put(v('api_key', key))}\` (revoked)\n- owner: ${put(v('email', person(r).email))}\n- build 2.14.0.${r.int(1, 99)} deployed at 11:05`,
      ),
    )
  }
  return out
}
