import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

describe('email detection', () => {
  it.each([
    ['info@presidio.site', 'info@presidio.site'],
    ['From: Bob Stone <bob@mail.example-corp.io>', 'bob@mail.example-corp.io'],
    ['<a href="mailto:sales@example.net">', 'sales@example.net'],
    ["Send it to o'connor@example.ie.", "o'connor@example.ie"],
    ["email='dana.r@example.com'", 'dana.r@example.com'],
    ['CC: ALICE_SMITH@Example.ORG', 'ALICE_SMITH@Example.ORG'],
    ['user+tag@sub.domain.example.co.uk', 'user+tag@sub.domain.example.co.uk'],
    ['user@xn--80ak6aa92e.com', 'user@xn--80ak6aa92e.com'],
    ['Écrire à josé.garcía@correo.es.', 'josé.garcía@correo.es'],
    ['Bestellung an müller@bücher.de', 'müller@bücher.de'],
    ['почта: иван@пример.рф', 'иван@пример.рф'],
    ['请联系jane@example.com谢谢', 'jane@example.com'],
    // After a colon in a URL's path or query it is a search term, not the URL's userinfo.
    ['https://mail.example.com/search?q=to:sam.lee@example.org', 'sam.lee@example.org'],
    ['https://crm.example.com/contacts/email:ana@example.com.br', 'ana@example.com.br'],
    ['https://mail.example.com/search?q=from%3Akim.park%40example.co.kr', 'kim.park%40example.co.kr'],
    [
      `to ${'very.long.local.part.'.repeat(5)}x@example.com`,
      `${'very.long.local.part.'.repeat(5)}x@example.com`,
    ],
  ])('finds the address in %j', (text, address) => {
    expect(found(text)).toEqual([`email:${address}`])
  })

  it.each([
    ['package@version', 'npm install lodash@4.17.21'],
    ['retina asset', 'Use logo@2x.png for retina screens.'],
    ['mention', 'Thanks @octocat for the review!'],
    ['decorator', "@app.route('/login')"],
    ['no TLD', 'my email is info@presidio'],
    ['trailing dot only', 'my email is info@presidio.'],
    ['file extension as TLD', 'import styles from ./button@v2.css'],
    ['SSH remote', 'git clone git@github.com:org/repo.git'],
    ['URL credentials', 'https://user:password@example.com/x'],
    ['URL credentials before a path', 'ftp://deploy:hunter2@files.example.com/in/'],
    ['dot before @', 'john.@example.com'],
    ['hyphen-edged label', 'bob@-example.com'],
    ['already redacted', 'write to [REDACTED:email] today'],
  ])('ignores %s', (_why, text) => {
    expect(found(text).filter((f) => f.startsWith('email:'))).toEqual([])
  })

  it('finds several addresses in one line', () => {
    expect(found('try info@presidio.site or anotherinfo@presidio.site')).toEqual([
      'email:info@presidio.site',
      'email:anotherinfo@presidio.site',
    ])
  })
})
