export type RedactionType =
  | 'email'
  | 'phone'
  | 'ssn'
  | 'credit_card'
  | 'api_key'
  | 'aws_key'
  | 'private_key'
  | 'ip_address'

export const REDACTION_TYPES: readonly RedactionType[] = [
  'email',
  'phone',
  'ssn',
  'credit_card',
  'api_key',
  'aws_key',
  'private_key',
  'ip_address',
]

/** Replacements per type; absent types count zero. */
export type RedactionSummary = Partial<Record<RedactionType, number>>

export interface RedactionResult {
  text: string
  summary: RedactionSummary
  redacted: boolean
}

/** A sensitive span: `text.slice(start, end)` is what gets replaced. */
export interface Finding {
  type: RedactionType
  start: number
  end: number
}

/** A span of text, such as a `[REDACTED:x]` marker left by an earlier redaction. */
export interface Span {
  start: number
  end: number
}
