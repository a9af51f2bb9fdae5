import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const BODY = [
  'MIIEpQIBAAKCAQEAn6/O8li+SX4m98LLYt/PKSzEmQ++ZBD7Loh9P13f4yQ92EF3',
  'yxR5MsXFu9PRsrYQA7/4UTPHiC4y2sAVCBg4C2yyBpUEtMQjyCESi6Y=',
]
const rsa = (body: string[], sep = '\n') =>
  ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join(sep)

describe('private key detection', () => {
  it('redacts the whole block, not the text around it', () => {
    const block = rsa(BODY)
    expect(found(`Here's the key:\n${block}\nWhat format is this?`)).toEqual([`private_key:${block}`])
  })

  it('handles JSON-escaped newlines and stops at the END line', () => {
    const block = rsa(BODY, '\\n')
    expect(found(`{"private_key": "${block}\\n", "x": 1}`)).toEqual([`private_key:${block}`])
  })

  it.each([
    'OPENSSH PRIVATE KEY',
    'EC PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
  ])('knows the %s label', (label) => {
    const block = `-----BEGIN ${label}-----\n${BODY.join('\n')}\n-----END ${label}-----`
    expect(found(block)).toEqual([`private_key:${block}`])
  })

  it('skips encryption headers inside the block', () => {
    const block = rsa(['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,3F1B2C', '', ...BODY])
    expect(found(block)).toEqual([`private_key:${block}`])
  })

  it('redacts a block truncated before its END line up to the end of its body', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${BODY.join('\n')}\n(truncated)`
    expect(found(text)).toEqual([`private_key:-----BEGIN RSA PRIVATE KEY-----\n${BODY.join('\n')}`])
  })

  it.each([
    ['empty body', '-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----'],
    ['placeholder body', '-----BEGIN PRIVATE KEY-----\nxxx\n-----END PRIVATE KEY-----'],
    ['abridged body', '"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"'],
    ['header only', 'The file starts with -----BEGIN RSA PRIVATE KEY----- and ends with the END line.'],
  ])('ignores a %s', (_why, text) => {
    expect(found(text)).toEqual([])
  })

  it('finds nothing in the base64 bodies of public keys and certificates', () => {
    const text = [
      '-----BEGIN CERTIFICATE-----',
      'MIIBhDCCASmgAwIBAgIUVd55oplNqX7/BbJooxDUuvunafcwCgYIKoZIzj0EAwIw',
      'FzEVMBMGA1UEAwwMZXhhbXBsZS50ZXN0MB4XDTI2MTEyNTAyMjUzM1oXDTI2MTEy',
      '-----END CERTIFICATE-----',
      '-----BEGIN PUBLIC KEY-----',
      'MCowBQYDK2VwAyEA2Y9zKAD13vywbuif87MugmJzblz+EoOpYKQlUQKF00U=',
      '-----END PUBLIC KEY-----',
    ].join('\n')
    expect(found(text)).toEqual([])
    expect(found(JSON.stringify(text))).toEqual([])
  })

  it('exempts nothing inside other armor', () => {
    const cert =
      '-----BEGIN CERTIFICATE-----\nMIIBhDCCASmgAwIBAgIU\nmail ops@example.com\n-----END CERTIFICATE-----'
    expect(found(cert)).toEqual(['email:ops@example.com'])
    const key = rsa(BODY)
    expect(found(`-----BEGIN NOTES-----\n${key}\n-----END NOTES-----`)).toEqual([`private_key:${key}`])
  })
})
