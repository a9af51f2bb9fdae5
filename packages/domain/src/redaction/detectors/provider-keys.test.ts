import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'

const keys = (text: string) => found(text).filter((f) => f.startsWith('api_key:'))

// Published test values from the dev set and random strings in each provider's shape.
const TOKENS: Array<[string, string]> = [
  ['OpenAI legacy', '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'],
  [
    'OpenAI project',
    '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',
  ],
  [
    'Anthropic',
    'sk-ant-api03-OXxkmcv6UpDVf2WybhnyJku4t1nb-5j6ooJTnYUcKqZ3dC4yc8WxCG8hnnYnL_pXGl5pMUCQeHr9iCO6Q90-OoFE_VkCzAA',
  ],
  ['GitHub classic', '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'],
  ['GitHub OAuth', 'gho_auOLPbgYUgP2ihzlrvcWTVeydQ4SmRu7LBb1'],
  [
    'GitHub fine-grained',
    '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',
  ],
  ['Stripe live', 'sk_live_ReTllpYQYfIZu2Jnf2lAPFjD'],
  [
    'Stripe restricted',
    'rk_prod_51OuEMLAlTWGaDypquDn9aZigaJOsa9NR1w1BxZXs9JlYsVVkv5XDu6aLmAxwt5Tgun5WcSwQMKzQyqV16c9iD4sx00BRijuoon',
  ],
  ['Slack user', 'xoxp-41684372915-1320496754-45609968301-e708ba56e1517a99f6b5fb07349476ef'],
  ['Slack webhook', 'https://hooks.slack.com/services/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'],
  ['Google', 'AIzaSyLyyuynWjo96MGdDMoYsoIPqd1oJLxpLnc'],
  ['GitLab', 'glpat-8sjDk29Fk3nL0qPzX7wE'],
  ['Hugging Face', 'hf_qWzRtYuIoPaSdFgHjKlZxCvBnMqWeRtY12'],
  ['Telegram bot', '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw4'],
]

describe('provider key detection', () => {
  it.each(TOKENS)('finds a %s token in prose and in assignments', (_name, token) => {
    expect(keys(`Here is my key ${token} - why do I get 401?`)).toEqual([`api_key:${token}`])
    expect(keys(`TOKEN="${token}"`)).toEqual([`api_key:${token}`])
  })

  it('leaves a trailing period out of the span', () => {
    expect(keys('Our secret is sk_live_ReTllpYQYfIZu2Jnf2lAPFjD. Rotate it.')).toEqual([
      'api_key:sk_live_ReTllpYQYfIZu2Jnf2lAPFjD',
    ])
  })

  it.each([
    ['prefix only', 'sk_live_'],
    ['publishable key', 'pk_live_j5krY8XTgIcDaHDb3YrsAfCl'],
    ['short fake', 'sk-openai-123456'],
    ['prefix inside a longer word', 'ssk-ant-api04-NotARealKeyButLooksLikeOne'],
    ['wrong prefix', 'gXX_wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'],
    ['placeholder x-run', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    ['Slack placeholder', 'xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx'],
    ['truncated Slack token', '"token1": "xoxp-1234567890"'],
    ['too long for a Google key', 'AIzaTesb6Tscfcni8vIpWZqNCXFDFslJtVSvFDqabcd123'],
    ['lowercase words after sk-', 'pip install sk-learn-is-a-python-library-for-ml'],
    [
      'Slack webhook placeholder',
      'https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  ])('ignores %s', (_why, text) => {
    expect(keys(text)).toEqual([])
  })
})
