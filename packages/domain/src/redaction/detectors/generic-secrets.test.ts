import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'
import { detectGenericSecrets } from './generic-secrets'

const keys = (text: string) => found(text).filter((f) => f.startsWith('api_key:'))

describe('labeled secret detection', () => {
  it.each([
    ['env assignment', 'API_KEY=a8Fk29dLq0ZxP3mN7vB2', 'a8Fk29dLq0ZxP3mN7vB2'],
    ['quoted assignment', "client_secret = 'Zq3xV9bN2mL8kJ4hG6fD1sA7'", 'Zq3xV9bN2mL8kJ4hG6fD1sA7'],
    ['JSON field', '{"access_token": "r7Yh2Kq9Xz4Lw1Vb8Nm3Pd6T"}', 'r7Yh2Kq9Xz4Lw1Vb8Nm3Pd6T'],
    ['camelCase name', 'const authToken = "Hq28xLm4Pz91Kd7Vw3Rt5Ns0"', 'Hq28xLm4Pz91Kd7Vw3Rt5Ns0'],
    ['hex secret', 'secret: e708ba56e1517a99f6b5fb07349476ef', 'e708ba56e1517a99f6b5fb07349476ef'],
    ['password', 'DB_PASSWORD=Sup3rS3cret!', 'Sup3rS3cret!'],
    ['Go assignment', 'apikey := "Mv82kLq0Zx7Pw3Rn5Bt1Yc9D"', 'Mv82kLq0Zx7Pw3Rn5Bt1Yc9D'],
    [
      'bearer token',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['password in a URL', 'DATABASE_URL=postgres://admin:S3cr3tP4ss@db.internal:5432/app', 'S3cr3tP4ss'],
    [
      'unencoded password in a URL',
      'mongodb+srv://appUser:Xk9#mP2$qL7@cluster0.example.net/db',
      'Xk9#mP2$qL7',
    ],
  ])('finds the value of a %s', (_why, text, value) => {
    expect(keys(text)).toEqual([`api_key:${value}`])
  })

  it.each([
    ['secret name, not value', 'LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"'],
    ['UUID id', "credentialsId: 'ff083f76-7804-4ef1-80e4-fe975bb9141b'"],
    ['token endpoint URL', "access_token_url='https://github.com/login/oauth/access_token',"],
    ['token counts', '{"max_tokens": 1024, "input_tokens": 52}'],
    ['function call', 'token = tokenizer(text)'],
    ['member access', 'apiKey: this.apiKey,'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} reference is the input under test
    ['template', 'password: ${DB_PASSWORD}'],
    ['env reference', 'api_key = os.environ.get'],
    ['placeholder', 'api_key = "your-api-key-here-1234"'],
    ['empty', 'my_password = ""'],
    ['boolean', 'my_password = True'],
    ['short password', 'password=hunter2'],
    ['non-secret key name', "cache_key = 'e3b0c44298fc1c149afbf4c8996fb924'"],
    ['public key name', 'public_key = "Mv82kLq0Zx7Pw3Rn5Bt1Yc9D"'],
    ['comparison', 'if token == "Mv82kLq0Zx7Pw3Rn5Bt1Yc9D"'],
    ['URL with placeholder password', 'https://user:password@example.com'],
    ['prose', 'The key point: token budgets matter.'],
    ['code identifier', 'const secretKey = generateSecretKeyV2Fixture'],
    ['test fixture name', "api_key: 'fixture_api_key_1234567890'"],
  ])('ignores %s', (_why, text) => {
    expect(keys(text)).toEqual([])
  })

  it('ends an unquoted value at the first terminator, and only within 301 characters', () => {
    const value = 'a8Fk29dLq0ZxP3mN7vB2'
    for (const end of [' ', '\t', '\r', '\n', "'", '"', '`', ',', ';', '&', ')', '}', ']', '<', '>'])
      expect(keys(`API_KEY=${value}${end}Zq3xV9bN2`)).toEqual([`api_key:${value}`])
    // Non-ASCII does not end a value.
    expect(keys(`API_KEY=${value}é9`)).toEqual([`api_key:${value}é9`])
    const long = 'a8Fk29dLq0ZxP3mN7vB2'.repeat(16).slice(0, 301)
    expect(keys(`API_KEY=${long} x`)).toEqual([`api_key:${long}`])
    // A value past the cap is cut there, and the cut value is judged as it stands.
    expect(keys(`API_KEY=${long}Q x`)).toEqual([`api_key:${long}`])
  })

  it('tells references, paths, code and addresses from secrets, each by one mark', () => {
    const secret = 'Zq3xV9bN2mL8kJ4hG6fD'
    expect(keys(`api_key = "${secret}"`)).toEqual([`api_key:${secret}`])
    const marked = [
      `./${secret}`,
      `~/${secret}`,
      `/${secret}`,
      `%${secret}`,
      `(${secret}`,
      `Zq3xV9bN2m{{L8kJ4hG6fD}}`,
      `Zq3xV9bN2m$` + `{L8kJ4hG6fD}`,
      `Zq3xV9bN2m%(L8kJ4hG6fD)s`,
      `Zq3xV9bN2m<L8kJ4hG6fD>`,
      `s3://${secret}`,
      `Zq3xV9bN2m\u00a0L8kJ4hG6fD`,
      `Zq3xV9bN2m\tL8kJ4hG6fD`,
      `Zq3xV9bN2mL8@kJ4hG6fD.io`,
      `config.Zq3xV9bN2mL8kJ4hG6fD`,
      'ZQ3XV9BN2M_L8KJ4HG6FD',
      'F1E2D3C4-B5A6-4789-8ABC-DEF012345678',
    ]
    for (const value of marked) expect([value, keys(`api_key = "${value}"`)]).toEqual([value, []])
  })

  it('leaves provider tokens to their rules whatever the name', () => {
    expect(keys('my_password=ghp_Zq3xV9bN2mL8kJ4hG6fD1sA7')).toEqual([])
  })

  it('still finds random values that happen to contain a word', () => {
    expect(keys("api_key = 'key_live_X7pQ2mR9tL4wN8kS'")).toEqual(['api_key:key_live_X7pQ2mR9tL4wN8kS'])
  })

  it('leaves a value to the detector that claims its exact span', () => {
    const text = 'aws_secret_access_key = wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s\n'
    const start = text.indexOf('wq9')
    const end = start + 40
    expect(detectGenericSecrets(text)).toEqual([{ type: 'api_key', start, end }])
    expect(detectGenericSecrets(text, [{ type: 'aws_key', start, end }])).toEqual([])
    // A claim on any other span changes nothing.
    expect(detectGenericSecrets(text, [{ type: 'aws_key', start, end: end - 1 }])).toEqual([
      { type: 'api_key', start, end },
    ])
    // And the AWS detector's finding is what redaction reports for it.
    expect(found(text)).toEqual(['aws_key:wq9RxXaPSuq1Wu1P8JHvKbKfttElR/5zHoCZi03s'])
  })
})
