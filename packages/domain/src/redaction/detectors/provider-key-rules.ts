import { codeAt, isDigit } from '../chars'
import { isTokenChar } from './token-shape'

/**
 * One provider token format. Most are ported from gitleaks' rules (`cmd/generate/config/rules/*.go`,
 * generated into `config/gitleaks.toml`; MIT): the regex, keyword, entropy threshold and allowlist
 * of the rule named by `id`. Ported regexes differ from gitleaks' only in what JavaScript needs:
 * they are sticky (tried at an anchor hit, never scanned), every repeat is bounded or a single
 * character class ending the pattern (no backtracking), and gitleaks' boundary groups
 * (`\b…(?:['"\s;]|$)`) are replaced by the detector's own check that the token is not glued to
 * letters, digits, `_` or `-` on either side.
 */
export interface ProviderKeyRule {
  /** gitleaks rule id for ported rules; otherwise a name of ours. */
  id: string
  /** Where the format comes from: `gitleaks`, `detect-secrets` (Yelp) or `provider docs`. */
  source: 'gitleaks' | 'detect-secrets' | 'provider docs'
  /** Literal text the anchor scan looks for (gitleaks' keyword, case as the provider writes it). */
  anchor: string
  /**
   * Literal text the token starts with just before the anchor. The scan tests every position
   * against the anchors' first characters, and anchors starting with the commonest characters of
   * prose (`e`, `a`, `_`) tripled its cost: such a keyword is split into a lead and a rarer anchor
   * (`e` + `yJ` for JWTs).
   */
  lead?: string
  /** Sticky regex matched where the token starts. */
  regex: RegExp
  /** Where the token starts, given the anchor hit, when that is not where the lead or anchor starts. */
  start?: (text: string, hit: number) => number
  /** Characters at the start of a match that are fixed prefix rather than randomness. */
  prefix: number | RegExp
  /** gitleaks' entropy threshold: the match's Shannon entropy (bits per character) must exceed it. */
  entropy?: number
  /** Published keys that are not secrets (gitleaks' allowlist). */
  allowlist?: ReadonlySet<string>
  /** A word that must come shortly before the key on its line (gitleaks' keyword-anchored rules). */
  context?: string
  /** Extra structure check. */
  valid?: (match: string) => boolean
  /**
   * Whether a value starting with this anchor is left to this rule by the generic assignment
   * detector (false for anchors too common to claim, like `key-`).
   */
  claimsPrefix?: false
}

const after = (anchor: string) => (_text: string, hit: number) => hit + anchor.length

// gitleaks' gcp-api-key allowlist: keys published in documentation and sample apps.
const PUBLIC_GOOGLE_KEYS = new Set([
  'AIzaSyabcdefghijklmnopqrstuvwxyz1234567',
  'AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs',
  'AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM',
  'AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU',
  'AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0',
  'AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A',
  'AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c',
  'AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4',
  'AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY',
  'AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM',
  'AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ',
  'AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g',
  'AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU',
  'AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw',
  'AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE',
  'AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY',
])

const OPENAI_PREFIX = /^sk-(?:ant-(?:api|admin|sid)\d\d-|proj-|svcacct-|admin-|None-)?/

export const PROVIDER_KEY_RULES: readonly ProviderKeyRule[] = [
  // OpenAI: every key format carries `T3BlbkFJ` ("OpenAI" in base64) between two random halves.
  {
    id: 'openai-api-key',
    source: 'gitleaks',
    anchor: 'sk-',
    regex:
      /sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}/y,
    prefix: OPENAI_PREFIX,
    entropy: 3,
  },
  // Anthropic: `sk-ant-api03-` / `sk-ant-admin01-`, 93 characters, `AA`.
  {
    id: 'anthropic-admin-api-key',
    source: 'gitleaks',
    anchor: 'sk-ant-admin01-',
    regex: /sk-ant-admin01-[a-zA-Z0-9_-]{93}AA/y,
    prefix: 15,
  },
  {
    id: 'anthropic-api-key',
    source: 'gitleaks',
    anchor: 'sk-ant-api03-',
    regex: /sk-ant-api03-[a-zA-Z0-9_-]{93}AA/y,
    prefix: 13,
  },
  // Other `sk-` keys: OpenAI and Anthropic formats gitleaks does not know yet (`sk-ant-api04-`,
  // marker-less project keys) and the many providers that copied the prefix (DeepSeek, Moonshot…).
  {
    id: 'sk-prefixed-key',
    source: 'provider docs',
    anchor: 'sk-',
    regex: /sk-[A-Za-z0-9_-]{20,}/y,
    prefix: OPENAI_PREFIX,
    valid: (m) => m.length - (OPENAI_PREFIX.exec(m)?.[0].length ?? 0) >= 32,
  },
  // Google.
  {
    id: 'gcp-api-key',
    source: 'gitleaks',
    anchor: 'AIza',
    regex: /AIza[\w-]{35}/y,
    prefix: 4,
    // gitleaks asks for more than 4 bits, which real keys from a skewed or unlucky draw miss
    // (`AIzalda1oWozWb0SdzdbzexWea9JDJOlaWzaDMd`: 3.97). The prefix and exact length are the
    // evidence; 3.5 bits (as for labelled values) and the random-part check reject fillers.
    entropy: 3.5,
    allowlist: PUBLIC_GOOGLE_KEYS,
  },
  {
    id: 'google-oauth-access-token',
    source: 'provider docs',
    anchor: 'ya29.',
    regex: /ya29\.[0-9A-Za-z_-]{30,}/y,
    prefix: 5,
  },
  {
    id: 'google-oauth-client-secret',
    source: 'provider docs',
    anchor: 'GOCSPX-',
    regex: /GOCSPX-[0-9A-Za-z_-]{28}/y,
    prefix: 7,
  },
  // GitHub.
  {
    id: 'github-pat',
    source: 'gitleaks',
    anchor: 'ghp_',
    regex: /ghp_[0-9a-zA-Z]{36}/y,
    prefix: 4,
    entropy: 3,
  },
  {
    id: 'github-oauth',
    source: 'gitleaks',
    anchor: 'gho_',
    regex: /gho_[0-9a-zA-Z]{36}/y,
    prefix: 4,
    entropy: 3,
  },
  {
    id: 'github-app-token',
    source: 'gitleaks',
    anchor: 'ghu_',
    regex: /ghu_[0-9a-zA-Z]{36}/y,
    prefix: 4,
    entropy: 3,
  },
  {
    id: 'github-app-token',
    source: 'gitleaks',
    anchor: 'ghs_',
    regex: /ghs_[0-9a-zA-Z]{36}/y,
    prefix: 4,
    entropy: 3,
  },
  {
    id: 'github-refresh-token',
    source: 'gitleaks',
    anchor: 'ghr_',
    regex: /ghr_[0-9a-zA-Z]{36}/y,
    prefix: 4,
    entropy: 3,
  },
  {
    id: 'github-fine-grained-pat',
    source: 'gitleaks',
    anchor: 'github_pat_',
    regex: /github_pat_\w{82}/y,
    prefix: 11,
    entropy: 3,
  },
  // GitLab: routable tokens (with a `.xx` + 7-character suffix) before the legacy 20-character ones.
  {
    id: 'gitlab-pat-routable',
    source: 'gitleaks',
    anchor: 'glpat-',
    regex: /glpat-[0-9a-zA-Z_-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7}/y,
    prefix: 6,
    entropy: 4,
  },
  {
    id: 'gitlab-pat',
    source: 'gitleaks',
    anchor: 'glpat-',
    regex: /glpat-[\w-]{20}/y,
    prefix: 6,
    entropy: 3,
  },
  {
    id: 'gitlab-runner-authentication-token-routable',
    source: 'gitleaks',
    anchor: 'glrt-',
    regex: /glrt-t\d_[0-9a-zA-Z_-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7}/y,
    prefix: 8,
    entropy: 4,
  },
  {
    id: 'gitlab-runner-authentication-token',
    source: 'gitleaks',
    anchor: 'glrt-',
    regex: /glrt-[0-9a-zA-Z_-]{20}/y,
    prefix: 5,
    entropy: 3,
  },
  {
    id: 'gitlab-deploy-token',
    source: 'gitleaks',
    anchor: 'gldt-',
    regex: /gldt-[0-9a-zA-Z_-]{20}/y,
    prefix: 5,
    entropy: 3,
  },
  {
    id: 'gitlab-ptt',
    source: 'gitleaks',
    anchor: 'glptt-',
    regex: /glptt-[0-9a-f]{40}/y,
    prefix: 6,
    entropy: 3,
  },
  {
    id: 'gitlab-cicd-job-token',
    source: 'gitleaks',
    anchor: 'glcbt-',
    regex: /glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}/y,
    prefix: 6,
    entropy: 3,
  },
  {
    id: 'gitlab-feed-token',
    source: 'gitleaks',
    anchor: 'glft-',
    regex: /glft-[0-9a-zA-Z_-]{20}/y,
    prefix: 5,
    entropy: 3,
  },
  {
    id: 'gitlab-incoming-mail-token',
    source: 'gitleaks',
    anchor: 'glimt-',
    regex: /glimt-[0-9a-zA-Z_-]{25}/y,
    prefix: 6,
    entropy: 3,
  },
  {
    id: 'gitlab-kubernetes-agent-token',
    source: 'gitleaks',
    anchor: 'glagent-',
    regex: /glagent-[0-9a-zA-Z_-]{50}/y,
    prefix: 8,
    entropy: 3,
  },
  {
    id: 'gitlab-oauth-app-secret',
    source: 'gitleaks',
    anchor: 'gloas-',
    regex: /gloas-[0-9a-zA-Z_-]{64}/y,
    prefix: 6,
    entropy: 3,
  },
  {
    id: 'gitlab-scim-token',
    source: 'gitleaks',
    anchor: 'glsoat-',
    regex: /glsoat-[0-9a-zA-Z_-]{20}/y,
    prefix: 7,
    entropy: 3,
  },
  {
    id: 'gitlab-feature-flag-client-token',
    source: 'gitleaks',
    anchor: 'glffct-',
    regex: /glffct-[0-9a-zA-Z_-]{20}/y,
    prefix: 7,
    entropy: 3,
  },
  {
    id: 'gitlab-rrt',
    source: 'gitleaks',
    anchor: 'GR1348941',
    regex: /GR1348941[\w-]{20}/y,
    prefix: 9,
    entropy: 3,
  },
  {
    id: 'gitlab-session-cookie',
    source: 'gitleaks',
    lead: '_',
    anchor: 'gitlab_session=',
    start: after('gitlab_session='),
    regex: /[0-9a-z]{32}/y,
    prefix: 0,
    entropy: 3,
    claimsPrefix: false,
  },
  // Slack.
  {
    id: 'slack-bot-token',
    source: 'gitleaks',
    anchor: 'xoxb-',
    regex: /xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]{0,100}/y,
    prefix: 5,
    entropy: 3,
  },
  {
    id: 'slack-legacy-bot-token',
    source: 'gitleaks',
    anchor: 'xoxb-',
    regex: /xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-user-token',
    source: 'gitleaks',
    anchor: 'xoxp-',
    regex: /xoxp(?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-user-token',
    source: 'gitleaks',
    anchor: 'xoxe-',
    regex: /xoxe(?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-config-access-token',
    source: 'gitleaks',
    anchor: 'xoxe.xox',
    regex: /xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166}/y,
    prefix: 12,
    entropy: 2,
  },
  {
    id: 'slack-config-refresh-token',
    source: 'gitleaks',
    anchor: 'xoxe-',
    regex: /xoxe-\d-[A-Za-z0-9]{146}/y,
    prefix: 7,
    entropy: 2,
  },
  {
    id: 'slack-legacy-token',
    source: 'gitleaks',
    anchor: 'xoxo-',
    regex: /xoxo-\d{1,20}-\d{1,20}-\d{1,20}-[a-fA-F\d]{1,100}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-legacy-token',
    source: 'gitleaks',
    anchor: 'xoxs-',
    regex: /xoxs-\d{1,20}-\d{1,20}-\d{1,20}-[a-fA-F\d]{1,100}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-legacy-workspace-token',
    source: 'gitleaks',
    anchor: 'xoxa-',
    regex: /xoxa-(?:\d-)?[0-9a-zA-Z]{8,48}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-legacy-workspace-token',
    source: 'gitleaks',
    anchor: 'xoxr-',
    regex: /xoxr-(?:\d-)?[0-9a-zA-Z]{8,48}/y,
    prefix: 5,
    entropy: 2,
  },
  {
    id: 'slack-app-token',
    source: 'gitleaks',
    anchor: 'xapp-',
    regex: /xapp-\d-[A-Za-z0-9]{1,32}-\d{1,20}-[A-Za-z0-9]{1,128}/y,
    prefix: 7,
    entropy: 2,
  },
  // A webhook URL is itself the secret; the span is the whole URL.
  {
    id: 'slack-webhook-url',
    source: 'gitleaks',
    anchor: 'hooks.slack.com',
    start: (text, hit) => {
      if (text.startsWith('https://', hit - 8)) return hit - 8
      return text.startsWith('http://', hit - 7) ? hit - 7 : hit
    },
    regex: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/y,
    prefix: /^(?:https?:\/\/)?hooks\.slack\.com\/[a-z]+\//,
  },
  // Stripe secret and restricted keys (publishable `pk_` keys are public by design).
  {
    id: 'stripe-access-token',
    source: 'gitleaks',
    anchor: 'sk_',
    regex: /sk_(?:test|live|prod)_[a-zA-Z0-9]{10,99}/y,
    prefix: /^sk_[a-z]+_/,
    entropy: 2,
  },
  {
    id: 'stripe-access-token',
    source: 'gitleaks',
    anchor: 'rk_',
    regex: /rk_(?:test|live|prod)_[a-zA-Z0-9]{10,99}/y,
    prefix: /^rk_[a-z]+_/,
    entropy: 2,
  },
  {
    id: 'stripe-webhook-secret',
    source: 'provider docs',
    anchor: 'whsec_',
    regex: /whsec_[A-Za-z0-9+/=]{32,}/y,
    prefix: 6,
  },
  // Twilio API key secrets' sids; SendGrid; Mailgun keys only next to the word "mailgun".
  {
    id: 'twilio-api-key',
    source: 'gitleaks',
    anchor: 'SK',
    regex: /SK[0-9a-fA-F]{32}/y,
    prefix: 2,
    entropy: 3,
    // `SK` starts too many other values for the generic detector to leave them all to this rule.
    claimsPrefix: false,
  },
  {
    id: 'sendgrid-api-token',
    source: 'gitleaks',
    anchor: 'SG.',
    regex: /SG\.[A-Za-z0-9=_.-]{66}/y,
    prefix: 3,
    entropy: 2,
  },
  {
    id: 'mailgun-private-api-token',
    source: 'gitleaks',
    lead: 'ke',
    anchor: 'y-',
    regex: /key-[a-f0-9]{32}/y,
    prefix: 4,
    context: 'mailgun',
    claimsPrefix: false,
  },
  {
    id: 'mailgun-pub-key',
    source: 'gitleaks',
    anchor: 'pubkey-',
    regex: /pubkey-[a-f0-9]{32}/y,
    prefix: 7,
    context: 'mailgun',
    claimsPrefix: false,
  },
  // Package registries.
  {
    id: 'npm-access-token',
    source: 'gitleaks',
    anchor: 'npm_',
    regex: /npm_[A-Za-z0-9]{36}/y,
    prefix: 4,
    entropy: 2,
  },
  {
    id: 'pypi-upload-token',
    source: 'gitleaks',
    anchor: 'pypi-AgEIcHlwaS5vcmc',
    regex: /pypi-AgEIcHlwaS5vcmc[\w-]{50,1000}/y,
    prefix: 20,
    entropy: 3,
  },
  // Hugging Face: `hf_` and 34 letters (gitleaks); tokens with digits are accepted too, as some
  // tools and docs write them.
  {
    id: 'huggingface-access-token',
    source: 'gitleaks',
    anchor: 'hf_',
    regex: /hf_[A-Za-z]{34}/y,
    prefix: 3,
    entropy: 2,
  },
  {
    id: 'huggingface-organization-api-token',
    source: 'gitleaks',
    lead: 'a',
    anchor: 'pi_org_',
    regex: /api_org_[A-Za-z]{34}/y,
    prefix: 8,
    entropy: 2,
  },
  {
    id: 'huggingface-token-alnum',
    source: 'provider docs',
    anchor: 'hf_',
    regex: /hf_[A-Za-z0-9]{34,40}/y,
    prefix: 3,
  },
  // Azure: storage account keys in connection strings (64 random bytes in base64), AD client secrets.
  {
    id: 'azure-storage-account-key',
    source: 'detect-secrets',
    anchor: 'AccountKey=',
    start: after('AccountKey='),
    regex: /[A-Za-z0-9+/]{86}==/y,
    prefix: 0,
    claimsPrefix: false,
  },
  {
    id: 'azure-ad-client-secret',
    source: 'gitleaks',
    anchor: 'Q~',
    start: (_text, hit) => hit - 4,
    regex: /[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}/y,
    prefix: 0,
    entropy: 3,
    claimsPrefix: false,
  },
  // Azure shared access signatures: `sig=` in a SAS URL is an HMAC-SHA256 in base64 (43 characters
  // and `=`), and whoever holds the URL has the access it grants. Raw URLs percent-encode it
  // (`%2B`, `%3D`), which the normalised view decodes. `sig` must be a whole parameter name.
  {
    id: 'azure-sas-signature',
    source: 'provider docs',
    // The whole `sig=` is the anchor: a bare `=` matched every assignment in the text, and the
    // scan then paid for every `=` of prose and code (the combined scan ran ~20% slower).
    anchor: 'sig=',
    start: (text, hit) => (isTokenChar(codeAt(text, hit - 1)) ? -1 : hit + 4),
    regex: /[A-Za-z0-9+/]{43}=/y,
    prefix: 0,
    entropy: 3,
    claimsPrefix: false,
  },
  // JSON Web Tokens: header and payload are base64url JSON objects (`eyJ` = `{"`).
  {
    id: 'jwt',
    source: 'gitleaks',
    lead: 'e',
    anchor: 'yJ',
    regex: /eyJ[a-zA-Z0-9]{16,4096}\.ey[a-zA-Z0-9/\\_-]{17,8192}\.(?:[a-zA-Z0-9/\\_-]{10,4096}={0,2})?/y,
    prefix: 0,
    entropy: 3,
    claimsPrefix: false,
  },
  // Other LLM providers a cost tracker sees.
  {
    id: 'groq-api-key',
    source: 'provider docs',
    anchor: 'gsk_',
    regex: /gsk_[A-Za-z0-9]{48,60}/y,
    prefix: 4,
  },
  {
    id: 'xai-api-key',
    source: 'provider docs',
    anchor: 'xai-',
    regex: /xai-[A-Za-z0-9]{60,100}/y,
    prefix: 4,
  },
  {
    id: 'perplexity-api-key',
    source: 'gitleaks',
    anchor: 'pplx-',
    regex: /pplx-[a-zA-Z0-9]{48}/y,
    prefix: 5,
    entropy: 4,
  },
  {
    id: 'replicate-api-token',
    source: 'provider docs',
    anchor: 'r8_',
    regex: /r8_[A-Za-z0-9]{37}/y,
    prefix: 3,
  },
  // Shopify, DigitalOcean, Telegram bots.
  {
    id: 'shopify-access-token',
    source: 'gitleaks',
    anchor: 'shpat_',
    regex: /shpat_[a-fA-F0-9]{32}/y,
    prefix: 6,
    entropy: 2,
  },
  {
    id: 'shopify-custom-access-token',
    source: 'gitleaks',
    anchor: 'shpca_',
    regex: /shpca_[a-fA-F0-9]{32}/y,
    prefix: 6,
    entropy: 2,
  },
  {
    id: 'shopify-private-app-access-token',
    source: 'gitleaks',
    anchor: 'shppa_',
    regex: /shppa_[a-fA-F0-9]{32}/y,
    prefix: 6,
    entropy: 2,
  },
  {
    id: 'shopify-shared-secret',
    source: 'gitleaks',
    anchor: 'shpss_',
    regex: /shpss_[a-fA-F0-9]{32}/y,
    prefix: 6,
    entropy: 2,
  },
  {
    id: 'digitalocean-access-token',
    source: 'gitleaks',
    anchor: 'doo_v1_',
    regex: /doo_v1_[a-f0-9]{64}/y,
    prefix: 7,
    entropy: 3,
  },
  {
    id: 'digitalocean-pat',
    source: 'gitleaks',
    anchor: 'dop_v1_',
    regex: /dop_v1_[a-f0-9]{64}/y,
    prefix: 7,
    entropy: 3,
  },
  {
    id: 'digitalocean-refresh-token',
    source: 'gitleaks',
    anchor: 'dor_v1_',
    regex: /dor_v1_[a-f0-9]{64}/y,
    prefix: 7,
  },
  // `<bot id>:AA<33>`; gitleaks wants the word "telegram" nearby, the format alone is distinctive.
  {
    id: 'telegram-bot-token',
    source: 'provider docs',
    anchor: ':AA',
    start: (text, hit) => {
      let start = hit
      while (start > 0 && hit - start < 11 && isDigit(text.charCodeAt(start - 1))) start--
      return hit - start >= 8 && hit - start <= 10 ? start : -1
    },
    regex: /\d{8,10}:AA[A-Za-z0-9_-]{33}/y,
    prefix: /^\d+:/,
    claimsPrefix: false,
  },
]
