import { codeAt, hasContextBefore } from '../chars'
import { shannonEntropy } from '../entropy'
import type { Finding } from '../types'
import { followsEscape } from './escapes'
import { PROVIDER_KEY_RULES, type ProviderKeyRule } from './provider-key-rules'
import { isRandomLooking, isTokenChar } from './token-shape'

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * One regex for every rule's anchor, so the text is scanned natively once. Alternatives are
 * grouped by first character, which lets the engine reject most positions on one comparison
 * (about 40% faster than a flat list).
 */
function anchorRegex(anchors: readonly string[]): RegExp {
  const byFirst = new Map<string, Set<string>>()
  for (const a of anchors) {
    const rests = byFirst.get(a[0] as string) ?? new Set<string>()
    rests.add(a.slice(1))
    byFirst.set(a[0] as string, rests)
  }
  const groups = [...byFirst].map(([first, rests]) => {
    // Longest first, so an anchor is never cut short by one of its own prefixes.
    const alternatives = [...rests].sort((a, b) => b.length - a.length).map(escapeRegex)
    return `${escapeRegex(first)}(?:${alternatives.join('|')})`
  })
  return new RegExp(groups.join('|'), 'g')
}

const ANCHOR = anchorRegex(PROVIDER_KEY_RULES.map((r) => r.anchor))

/**
 * A rule with every field the scan reads present, so all of them share one object shape. The rule
 * literals have optional fields in varying combinations; read in the loop below, those property
 * accesses went megamorphic and made up most of the scan's own time on PII-dense text.
 */
interface ScanRule {
  rule: ProviderKeyRule
  anchor: string
  lead: string
  start: ((text: string, hit: number) => number) | null
  regex: RegExp
  valid: ((match: string) => boolean) | null
  allowlist: ReadonlySet<string> | null
  entropy: number
  context: string | null
  prefix: number | RegExp
}

const toScanRule = (rule: ProviderKeyRule): ScanRule => ({
  rule,
  anchor: rule.anchor,
  lead: rule.lead ?? '',
  start: rule.start ?? null,
  regex: rule.regex,
  valid: rule.valid ?? null,
  allowlist: rule.allowlist ?? null,
  // No threshold: any entropy passes.
  entropy: rule.entropy ?? Number.NEGATIVE_INFINITY,
  context: rule.context ?? null,
  prefix: rule.prefix,
})

// The rules a hit can start, by the anchor the scan matched, in rule order. Of the anchors
// sharing a first character the scan matches the longest, and any shorter one that also matches
// at the hit is a prefix of it: its rules are listed under the longer anchor too. A hit then
// tries only the rules whose anchor is there (not, say, all twenty-one starting with `g`).
const SCAN_RULES = PROVIDER_KEY_RULES.map(toScanRule)
const RULES_BY_ANCHOR = new Map<string, ScanRule[]>(
  SCAN_RULES.map((r) => [r.anchor, SCAN_RULES.filter((other) => r.anchor.startsWith(other.anchor))]),
)
const NO_RULES: ScanRule[] = []

/**
 * Value prefixes the rules claim, so the generic assignment detector can leave these values to
 * their own rules (plus AWS key ids, which the AWS detector owns).
 */
export const PROVIDER_PREFIX = new RegExp(
  `^(?:${[
    ...new Set(
      PROVIDER_KEY_RULES.filter((r) => r.claimsPrefix !== false && !r.start).map(
        (r) => (r.lead ?? '') + r.anchor,
      ),
    ),
  ]
    .map(escapeRegex)
    .join('|')}|AKIA|ASIA)`,
)

const CONTEXT_REACH = 80

/** API keys and tokens recognizable by their published prefix and shape (see provider-key-rules.ts). */
export function detectProviderKeys(text: string): Finding[] {
  return scanProviderKeys(text).map(({ start, end }) => ({ type: 'api_key', start, end }))
}

/** Each key found and the rule that found it, in text order. */
export function scanProviderKeys(text: string): Array<{ rule: ProviderKeyRule; start: number; end: number }> {
  const out: Array<{ rule: ProviderKeyRule; start: number; end: number }> = []
  ANCHOR.lastIndex = 0
  for (let m = ANCHOR.exec(text); m !== null; m = ANCHOR.exec(text)) {
    const { found, scannedTo } = matchAt(text, m.index, RULES_BY_ANCHOR.get(m[0]) ?? NO_RULES)
    if (found) out.push(found)
    // Any anchor inside a rejected token is glued to token characters, so resume after it: a long
    // run of prefixes (`sk-sk-sk-…`) is then scanned once, not once per prefix.
    ANCHOR.lastIndex = Math.max(ANCHOR.lastIndex, scannedTo)
  }
  return out
}

function matchAt(
  text: string,
  hit: number,
  rules: ScanRule[],
): { found: { rule: ProviderKeyRule; start: number; end: number } | null; scannedTo: number } {
  let scannedTo = hit
  // Every rule listed has its anchor at the hit (see RULES_BY_ANCHOR).
  for (const rule of rules) {
    const lead = rule.lead
    if (lead !== '' && !text.startsWith(lead, hit - lead.length)) continue
    const start = rule.start !== null ? rule.start(text, hit) : hit - lead.length
    // A token glued to a longer word (`ssk-…`, `TASKS`) is not a token start.
    if (start < 0 || (isTokenChar(codeAt(text, start - 1)) && !followsEscape(text, start))) continue
    // test() and lastIndex: the sticky match's end without building a match array.
    rule.regex.lastIndex = start
    if (!rule.regex.test(text)) continue
    const end = rule.regex.lastIndex
    const value = text.slice(start, end)
    scannedTo = Math.max(scannedTo, end)
    if (isTokenChar(codeAt(text, end))) continue
    if (isKey(rule, value, text, start)) return { found: { rule: rule.rule, start, end }, scannedTo }
  }
  return { found: null, scannedTo }
}

function isKey(rule: ScanRule, value: string, text: string, start: number): boolean {
  if (rule.valid !== null && !rule.valid(value)) return false
  if (rule.allowlist?.has(value)) return false
  if (rule.entropy !== Number.NEGATIVE_INFINITY && shannonEntropy(value) <= rule.entropy) return false
  // The word may sit on the line above: `- name: MAILGUN_API_KEY` then `value: key-…` in YAML.
  if (rule.context !== null && !hasContextBefore(text, start, [rule.context], CONTEXT_REACH, false))
    return false
  const prefixLength =
    typeof rule.prefix === 'number' ? rule.prefix : (rule.prefix.exec(value)?.[0].length ?? 0)
  return isRandomLooking(value.slice(prefixLength))
}
