import { describe, expect, it } from 'vitest'
import { found } from '../test-helpers'
import { PROVIDER_KEY_RULES } from './provider-key-rules'
import { detectProviderKeys, scanProviderKeys } from './provider-keys'

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

  it('finds a token after a JSON \\n escape but not glued to other letters', () => {
    const token = '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'
    const spans = (text: string) => detectProviderKeys(text).map((f) => text.slice(f.start, f.end))
    expect(spans(`{"notes": "Use this one:\\n${token}"}`)).toEqual([token])
    expect(spans(`{"notes": "x${token}"}`)).toEqual([])
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

// One realistic key and one near miss per rule: [rule id, anchor, key, near miss]. Keys are random
// strings in the provider's published shape, none live.
const RULE_CASES: Array<[string, string, string, string]> = [
  [
    'openai-api-key',
    'sk-',
    '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',
    'sk-proj-abc123def456',
  ],
  ['openai-api-key', 'sk-', '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', 'sk-openai-123456'],
  [
    'anthropic-admin-api-key',
    'sk-ant-admin01-',
    'sk-ant-admin01-zFhbPIJP4DfheVgzrWm7OlpRfIF1joUGPrTYS5LFUQ9xuZB11bJzRqHB3jV3ueMzYj5wawBEZQfyr3zwClClvcGUZzK9PAA',
    'sk-ant-admin01-abc123',
  ],
  [
    'anthropic-api-key',
    'sk-ant-api03-',
    'sk-ant-api03-T-JNgXW1FXK65aGtRVG6of2tMgftzweBMNxQDaOnKxSm6iv_sMAhwEoCMnUpUKFi0kPa9QurtvvPFBWQ_08NUgxeIIyT2AA',
    'sk-ant-api03-...',
  ],
  [
    'sk-prefixed-key',
    'sk-',
    'sk-26280533f6a342efd514ba701318fb60',
    'pip install sk-learn-is-a-python-library-for-ml',
  ],
  [
    'gcp-api-key',
    'AIza',
    'AIzaSyHbPpZjrTgFVibLy9TsyAp6YarU3isKIIw',
    'AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs',
  ],
  [
    'google-oauth-access-token',
    'ya29.',
    'ya29.a035lFe6VB72m3KsCel1oMhGkcM1egdakuHxWDvOY7hnK6mRmKq-h9ADv6sqIIqP0RlmFWP314t_NpKbgXQlaRXUD5KF08Nf8ZINlH9ZUBcwTnEcJ86qKBn-dY',
    'ya29.short',
  ],
  [
    'google-oauth-client-secret',
    'GOCSPX-',
    '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',
    'GOCSPX-d0E7CJrnqOogtIh4KxnD',
  ],
  [
    'github-pat',
    'ghp_',
    'ghp_ZBCesxAywGY9w2iMWp2d46UR8WUCR7RNKUfE',
    'ghp_0j2edfYFTsCMzGWw3PNQlAUQEFIclSyP06p',
  ],
  ['github-oauth', 'gho_', 'gho_KPKEXCQCd8EvKZEBA4WIfILTzg4ahCyXCE6L', 'gho_n91R3By6StFYQhugo1XLQthXA6son5'],
  [
    'github-app-token',
    'ghu_',
    'ghu_yjcjX6dZXnmPeD3PASV5FXyGD9G39JpHrYlf',
    'ghu_hB5XnKkBmaoAc8Oy3KHZw6IV0gLFajuXOkIdl',
  ],
  [
    'github-app-token',
    'ghs_',
    'ghs_G9cyNJMVMhKENfEXEr611nuchXOaeeAtgvOr',
    'ghs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  ],
  [
    'github-refresh-token',
    'ghr_',
    'ghr_bPyNLxM71KvkMosxVflaNSmUmVvaTPfzDANn',
    'ghr-bCTg9K13phzi54qAIcmDpT9CfksIcZf6icub',
  ],
  [
    'github-fine-grained-pat',
    'github_pat_',
    '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',
    'github_pat_UUSC2c0l1clSqANQJyGSsTYmnAeSu1g3xbVhpMVX',
  ],
  [
    'gitlab-pat-routable',
    'glpat-',
    'glpat-gyF9M_3yGLpXgUPFKu34d6tyBxKeNTJPvdcKN2fA.01ouk0a5b',
    'glpat-jlo0ACyswQUA855pMEUb3jCou3UEn6P2HDOc9eiR.01ABCDEFG',
  ],
  ['gitlab-pat', 'glpat-', 'glpat-ujRX6Pdv0eZGloZv-xdQ', 'glpat-QPkMnszviOAiso'],
  [
    'gitlab-runner-authentication-token-routable',
    'glrt-',
    'glrt-t1_j0olCL_YV2A9_xWfdGnCx_S3tchZDJ.01kcb8nku',
    'glrt-t1_SpynEujiO7Tt',
  ],
  ['gitlab-runner-authentication-token', 'glrt-', 'glrt-lNwbk5sNqEsWsS3mIKnZ', 'glrt-FUY7zOlgsx6TnZfySNT'],
  ['gitlab-deploy-token', 'gldt-', 'gldt-G7Y6q47dFjp5k1hMidV6', 'gldt-qNfJZa95en'],
  [
    'gitlab-ptt',
    'glptt-',
    'glptt-55c4a48a548234e32c855baed18dcf7d95c7ea52',
    'glptt-ed291d5ce7206c5d22a9d45d99a8427bfac0ab7g',
  ],
  ['gitlab-cicd-job-token', 'glcbt-', 'glcbt-zgdm_6dkyGn0VaYrLYjSZ26xP', 'glcbt-r12MTy1oIkN2LF8Nh7Mo2zcH'],
  ['gitlab-feed-token', 'glft-', 'glft-FGIpqLMt8U4ffiKeGOLC', 'glft-kIa2YvtVobtJswdkyDOrX'],
  ['gitlab-incoming-mail-token', 'glimt-', 'glimt-lyj1gpvgjA6NwG6dTXT9C0czV', 'glimt-PGIPTHx1xPgDZuWcce3Y'],
  [
    'gitlab-kubernetes-agent-token',
    'glagent-',
    'glagent-wfn5XMNMRTv9UJ8LU3xaaZPbABKRKBj5JNwRhEXtIPZF8GcpTQ',
    'glagent-IOWWnN5PzNoXqg5o0CuZ8naKxRTrFykXjozQ8KT5JGXdaWXAB',
  ],
  [
    'gitlab-oauth-app-secret',
    'gloas-',
    'gloas-892qQJkMrpT1cEXxe4Pq5PUAZ4bnrIkSbbfVpc5UDhctyLxoHLp6ExpDsT1825cm',
    'gloas-xo2rmKsfUcK11ZYED31bCW5z2KussVay80ltajt7thBcOYlrEpSw8coBdJuNNMH',
  ],
  ['gitlab-scim-token', 'glsoat-', 'glsoat-QkF76oablonaK9WPkomz', 'glsoat-aoyaj7py172l'],
  [
    'gitlab-feature-flag-client-token',
    'glffct-',
    'glffct-lw9WOpgu0C9bvDX6CGAK',
    'glffct-167S3zL4IDSsS5XcAIQGYV',
  ],
  ['gitlab-rrt', 'GR1348941', 'GR1348941iQTwqh-Xn7gvrQlmqPno', 'GR1348941l2ekmhWR1G'],
  [
    'gitlab-session-cookie',
    '_gitlab_session=',
    '_gitlab_session=msq2pk6xdjfpboab98xgctqufdz9fos5',
    '_gitlab_session=8zrktyw3jq6s9nh2b7srzho3geauxyk',
  ],
  [
    'slack-bot-token',
    'xoxb-',
    'xoxb-328271625990-1314873290001-HQheD7ZxuirWMtbPGob6d7JQ',
    'xoxb-123-456-abc',
  ],
  [
    'slack-legacy-bot-token',
    'xoxb-',
    'xoxb-1050494511-YAogQuQnwtolocbjZlJOScWT',
    'xoxb-1446958959-GdTpMZSrtE',
  ],
  [
    'slack-user-token',
    'xoxp-',
    'xoxp-82975739129-594581140476-873929186538-3ce3369ee17f81b735ff388dc8aa7b98',
    'xoxp-1234567890',
  ],
  [
    'slack-user-token',
    'xoxe-',
    'xoxe-98446432415-186326946761-340012431329-6135f441c13d809255a385f29c87d4a5',
    'xoxe-31194302074-94b531417d89d1a9dfd89fc94c857fac',
  ],
  [
    'slack-config-access-token',
    'xoxe.xox',
    'xoxe.xoxp-1-YbyoTsYXmtWPLbrJK5XsFl7AGBoPWixGYIO6cHUWMBC2YB8NFTKiSvTEdBCcar2gnM6r00gYkyb5eLo8aa5MiYB60iWOKBDsy25KQ9MBFIKzDFpT8Pgk8dvKoAtCChvU3ndtS9oiQotVuh0GVcAMTs7NFxozJEQMt77K',
    'xoxe.xoxp-1-RANDOMSTRINGHERE',
  ],
  [
    'slack-config-refresh-token',
    'xoxe-',
    'xoxe-1-FGgPvXUCLlwvHJDuNtLuNnMkGOR6FDxtiXjCK0I3XQ3I9CSY6CASIE6IrH9Yv6DXHYVHS8xDpGKT4GP7mGcvuaHw0NEbVBTPrr9pf0r6Sx4Slw77EtvMGTy2lCHFlgZddNY37gbcwt7ScWV5Di',
    'xoxe-1-LM0WK2Dgr9WLSelwMJ7WBHGi6xatuvmsgdvfsnDKLppiANROVWPYWqsPStw48n1Rc3tTH948FSvqJVyFPDeGZ4E7yR4LbSHYM4bA',
  ],
  [
    'slack-legacy-token',
    'xoxo-',
    'xoxo-8017880955-5483778397-63914555278-6ac41369ad615f31b348338f021b50f2',
    'xoxo-0320772246-845d80bb532a60acda7e1a5d198aaf07',
  ],
  [
    'slack-legacy-token',
    'xoxs-',
    'xoxs-7633236920-8977446437-69552734051-5c08118d1cd8563f642c26fe806163e042475d663b376e3337c1576fd1036316',
    'xoxs-abc',
  ],
  ['slack-legacy-workspace-token', 'xoxa-', 'xoxa-2-ifs2aRr3oZKnl7m98mUWMTMefwiNUtNqL5r5BrZj', 'xoxa-short'],
  ['slack-legacy-workspace-token', 'xoxr-', 'xoxr-1SAFZ3T639Qiz7IPmrUvHWyABE98FulR', 'xoxr-xxxxxxxxxxxxxxxx'],
  [
    'slack-app-token',
    'xapp-',
    'xapp-1-A0XU5MO6G0T-8982865500518-d45f3ab6bcac1a5368d8c0ddd6e869826f6fd2552098868f4a191a5dac7f383d',
    'xapp-1-abc',
  ],
  [
    'slack-webhook-url',
    'hooks.slack.com',
    'https://hooks.slack.com/services/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',
    'https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX',
  ],
  [
    'stripe-access-token',
    'sk_',
    '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',
    'sk_live_',
  ],
  ['stripe-access-token', 'rk_', 'rk_test_k7AzuO7Mxcx5iptfogzDLCBJ', 'pk_test_c1TtFAHoagO9yv5zAJSY7pJ8'],
  ['stripe-webhook-secret', 'whsec_', 'whsec_nb1tLLwTBjNwKbrfDz0gJIwMm8Jcy2Hk', 'whsec_short'],
  ['twilio-api-key', 'SK', 'SK326a7d5e3f93259e4cff91532af631f4', 'SK296d2e4fa0bd17a48de66de5bba357f'],
  [
    'sendgrid-api-token',
    'SG.',
    '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',
    'SG.z_CiS2oE6C6XPXYqWvzqkE.V1Z3eRMpTsHi-yHtxx5_',
  ],
  [
    'mailgun-private-api-token',
    'key-',
    'key-5ebe05bd22b08492ba8f0f7ed1db3b7e',
    'key-614dfb3a30e2016616b394ab93baf1db',
  ],
  [
    'mailgun-pub-key',
    'pubkey-',
    'pubkey-6f8cb795866b781c3e75c228a5ee44e8',
    'pubkey-9608b0eb9db7029f9338f915ed58484a',
  ],
  [
    'npm-access-token',
    'npm_',
    'npm_rhcrdryz5nNv602slqbkkIoIE8Vbd0n7dIeE',
    'npm_WIX18DmMVbmYc74qG9pgITPqAo2ELujnccf',
  ],
  [
    'pypi-upload-token',
    'pypi-AgEIcHlwaS5vcmc',
    'pypi-AgEIcHlwaS5vcmcTYPg6VP7NOJ5Krrgv5SbmnUj0mD3D8DcuWNmq5a9iRvtNDtLYT9yUpAY31kUBrIhUhvacaH4hSw9U5Nt5P6-0r1XMallGHtg9wnEHKRtkvwyfu_bIHn5ETZi',
    'pypi-AgEIcHlwaS5vcmcOslpqVhalEomAMZ_CScqjkreE-3zKA',
  ],
  ['huggingface-access-token', 'hf_', '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', 'hf_rkXxQMdWOIowYFdjsDdp'],
  [
    'huggingface-organization-api-token',
    'api_org_',
    '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',
    'api_org_tilwNvAswxZVFrOEJbrNdtWYrkGwQRopV',
  ],
  [
    'huggingface-token-alnum',
    'hf_',
    'hf_VmRyrxrMmCuJ3SDmzPvtaFwJoyPOQJQcaxOd',
    'hf_d8gBWymzmsNvTNpJ0cbtVjU75H61qznus',
  ],
  [
    'azure-storage-account-key',
    'AccountKey=',
    'oyUQ2ltkNaxeUBcryXsRQ6yzLG2xhwrvLF89VzPrYnfjZThM/eLop2qw5qgB2DNS8KFysqHMdI9H9Z4M4qRrpW==',
    'RQdu8LQu8CibyfYs6/jjIbTDKMDkbVt6q927wjahzaE=',
  ],
  [
    'azure-ad-client-secret',
    'Q~',
    'IYT8Q~dRSIA473Jr9omDGttKl0sJJaH170eg~UXF',
    'tYfxQ~lU7HuAd2VuPAwJj2oKXU0rLtPg1ydrl51C',
  ],
  [
    'azure-sas-signature',
    'sig=',
    'FPkbV4+lWF3IAJGPLmZgjYuzO6Ksjpw6E6WKNc3FP1I=',
    'FPkbV4+lWF3IAJGPLmZgjYuzO6Ksjpw6E6WKNc3F',
  ],
  [
    'jwt',
    'eyJ',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4NDcyOTEzIiwibmFtZSI6IkRhbmEgUmV5ZXMiLCJpYXQiOjE3MzMyMDAwMDAsImV4cCI6MTczMzI4NjQwMH0.7IgiyLsoUY1GuZ1lg1T_mcvpC9nV5ma2m5gMpYDob0I',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  ],
  [
    'groq-api-key',
    'gsk_',
    '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',
    'gsk_nlcLyRqtgV1F7Xigjrlf',
  ],
  [
    'xai-api-key',
    'xai-',
    'xai-JhjYgyopLNzUIXM4zbU7cjICWfSId6I2o3gzOdbOiizTjWZ8pyxgLYFWoWqOaHtveNVYvn6J3c0Ip4jA',
    'xai-pbvpXJqlT6gB5jSkg9ur',
  ],
  [
    'perplexity-api-key',
    'pplx-',
    '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',
    'pplx-fiD3sYUmzSyJOKsTy8ZSkD9MKuZu9qXMJdQuwlSGhsjjkkp',
  ],
  [
    'replicate-api-token',
    'r8_',
    'r8_tjDPUUMVdo9i7LK4IlNJyxPV0Z6a8xseoeKFz',
    'r8_RLab8rbaQRxKv3SNkE5Vs7LCeZm3bvKX0xil',
  ],
  [
    'shopify-access-token',
    'shpat_',
    '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',
    'shpat_e1b1fcaa244010e26dd50a1f777c085',
  ],
  [
    'shopify-custom-access-token',
    'shpca_',
    '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',
    'shpca_JiqjE6uzUPBy6B8LViUiHqRygqeDaUVl',
  ],
  [
    'shopify-private-app-access-token',
    'shppa_',
    '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',
    'shppa_d3875a09405e7792992c',
  ],
  [
    'shopify-shared-secret',
    'shpss_',
    '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',
    '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4',
  ],
  [
    'digitalocean-access-token',
    'doo_v1_',
    'doo_v1_76edbcad3efda731e14579e2dec923639d84669a8044b44ef768a28b4594fdcf',
    'doo_v1_182190e116b1413a57e43621f6df04c32ee0258aef30244a427b8b6c2e6104b',
  ],
  [
    'digitalocean-pat',
    'dop_v1_',
    'dop_v1_b7493209e14eb3ef307b5568198c453fb9c6edcb7c281204d4c059bf68f65f25',
    'dop_v1_d85043190c55178fe3f7ed3af803bd89',
  ],
  [
    'digitalocean-refresh-token',
    'dor_v1_',
    'dor_v1_b21d8aafbddbe9dfedd97fb6c7fcb9e339e647b527c7702054c1d92bdc2efe49',
    'dor_v2_d05e3a55d53e1cdeeb5a2e8483dee8a95bea662e1628783100ff69cd52de3c35',
  ],
  [
    'telegram-bot-token',
    ':AA',
    '630802223:AAGwglQciu0MfJRNTe9fi6bcLM32EKKTYAI',
    '94001:AA3FvJy5zt9wPJZtrRO3WlEjZ6SY-34Bo25',
  ],
]

// Rules whose keys are only keys in a certain setting.
const SETTING: Record<string, (value: string) => string> = {
  'mailgun-private-api-token': (v) => `MAILGUN_API_KEY=${v}`,
  'mailgun-pub-key': (v) => `mailgun public key: ${v}`,
  'gitlab-session-cookie': (v) => `Cookie: ${v}; path=/`,
  'azure-sas-signature': (v) =>
    `https://acme.blob.core.windows.net/logs/a.txt?sv=2022-11-02&sr=b&sp=r&sig=${v}`,
  'azure-storage-account-key': (v) =>
    `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${v};EndpointSuffix=core.windows.net`,
}
const inSetting = (id: string, value: string) => (SETTING[id] ?? ((v: string) => `token: "${v}"`))(value)
// The session cookie's span is its value, without the cookie name.
const expectedSpan = (value: string) => value.replace(/^_gitlab_session=/, '')

describe('provider key rules', () => {
  it.each(RULE_CASES)('%s (%s) finds a realistic key', (id, _anchor, key) => {
    const text = inSetting(id, key)
    const hits = scanProviderKeys(text).map((h) => [h.rule.id, text.slice(h.start, h.end)])
    expect(hits).toEqual([[id, expectedSpan(key)]])
  })

  it.each(RULE_CASES)('%s (%s) ignores a near miss', (id, _anchor, _key, nearMiss) => {
    const text = id.startsWith('mailgun') ? `cache ${nearMiss}` : inSetting(id, nearMiss)
    expect(detectProviderKeys(text)).toEqual([])
  })

  it('has a case for every rule', () => {
    const covered = new Set(RULE_CASES.map(([id, anchor]) => `${id} ${anchor}`))
    const missing = PROVIDER_KEY_RULES.map((r) => `${r.id} ${(r.lead ?? '') + r.anchor}`).filter(
      (r) => !covered.has(r),
    )
    expect(missing).toEqual([])
  })

  it("skips documented Google keys from gitleaks' allowlist", () => {
    expect(detectProviderKeys('key=AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY')).toEqual([])
  })

  it('finds Google keys whose random part has under 4 bits of entropy', () => {
    // 3.6 bits per character: under gitleaks' 4, over the 3.5 kept for fillers.
    const key = 'AIzaQa7QaWzkQ0d1Qzd7WaxQoW2dzQkaJoQdaW1'
    expect(keys(`maps_key: ${key}`)).toEqual([`api_key:${key}`])
    expect(keys('AIzaSyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toEqual([])
  })

  it('finds a Mailgun key whose label is on the line above', () => {
    const key = 'key-9f2c41d07be85a36c1e0d47a5b93f628'
    expect(keys(`env:\n  - name: MAILGUN_KEY\n    value: ${key}`)).toEqual([`api_key:${key}`])
    expect(keys(`env:\n  - name: CACHE_PREFIX\n    value: ${key}`)).toEqual([])
  })

  it('finds SAS signatures percent-encoded in a URL, and only as the sig parameter', () => {
    const url = 'https://a.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=r&sig='
    const sig = 'FPkbV4%2BlWF3IAJGPLmZgjYuzO6Ksjpw6E6WKNc3FP1I%3D'
    expect(keys(`${url}${sig}&spr=https`)).toEqual([`api_key:${sig}`])
    expect(keys(`?xsig=FPkbV4+lWF3IAJGPLmZgjYuzO6Ksjpw6E6WKNc3FP1I=`)).toEqual([])
  })

  it('finds Anthropic admin keys of their real length', () => {
    const key = RULE_CASES.find(([id]) => id === 'anthropic-admin-api-key')?.[2] as string
    expect(key).toHaveLength(110)
    expect(keys(`ANTHROPIC_ADMIN_KEY=${key}`)).toEqual([`api_key:${key}`])
  })
})

describe('rules of every anchor at a hit', () => {
  it('tries the rules of a shorter anchor when the longest one at the hit fails', () => {
    // `sk-ant-api03-` is matched by the scan, but this is no Anthropic key (93 characters and
    // `AA`); the `sk-` rule still reads it.
    const key = 'sk-ant-api03-Zq3xV9bN2mL8kJ4hG6fD1sA7Wc5Ee0Rt8Yu2Io4Pa6Sd'
    expect(scanProviderKeys(`key ${key} end`).map((k) => [k.rule.id, k.start, k.end])).toEqual([
      ['sk-prefixed-key', 4, 4 + key.length],
    ])
  })
})
