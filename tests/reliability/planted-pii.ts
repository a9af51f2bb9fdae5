import { createHash } from 'node:crypto'
import type { Db } from '@tokenledger/db'
import { vi } from 'vitest'

// Shared by the planted-PII tests (issue 10, "nothing sensitive is stored"): distinct values of
// every kind the redaction engine detects are planted into the fields an entry point takes, then
// the whole database and everything printed meanwhile are searched for each one.

export const KINDS = ['email', 'card', 'ssn', 'phone', 'apiKey', 'awsKey', 'ipv4'] as const
export type Kind = (typeof KINDS)[number]

export interface PlantedValue {
  field: string
  kind: Kind
  value: string
}

/** How many distinct values of each kind `valuesFor` can make (its formats stay valid below this). */
export const MAX_PLANTED = 10_000

/** A San Francisco exchange: with the 415 area code and any four-digit line, a number the engine detects. */
const PHONE_EXCHANGE = '555'

/**
 * Distinct, deterministic values of each kind, all of which the engine detects in plain text, for
 * n below MAX_PLANTED: the SSN's area stays in 101–600 and its group in two digits, the phone's
 * line in four digits, the IPv4 address's octets at most 255. Numbers have a fixed width, so no
 * value is the start of another (203.0.113.1 inside 203.0.113.12 would be a false leak).
 */
export function valuesFor(n: number): Record<Kind, string> {
  if (!Number.isInteger(n) || n < 0 || n >= MAX_PLANTED)
    throw new RangeError(`valuesFor: n must be an integer in 0..${MAX_PLANTED - 1}, got ${n}`)
  const random = (alphabet: string, length: number) =>
    [...createHash('sha512').update(`planted-${n}-${alphabet.length}`).digest()]
      .slice(0, length)
      .map((byte) => alphabet[byte % alphabet.length])
      .join('')
  return {
    email: `planted.f${n}.${random('abcdefghijklmnopqrstuvwxyz', 5)}@example.com`,
    card: luhnCard(n),
    ssn: `${101 + (n % 500)}-${11 + Math.floor(n / 500)}-${2001 + (n % 7_000)}`,
    phone: `+1 415 ${PHONE_EXCHANGE} ${String(n).padStart(4, '0')}`,
    apiKey: `sk-proj-${random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 32)}`,
    awsKey: `AKIA${random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    ipv4: `198.51.${100 + Math.floor(n / 150)}.${100 + (n % 150)}`,
  }
}

/** A Visa number with a valid check digit, grouped by four. */
export function luhnCard(n: number): string {
  const body = `4${String(n * 7_919).padStart(14, '0')}`
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i])
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return `${body}${(10 - (sum % 10)) % 10}`.replace(/(\d{4})(?=\d)/g, '$1 ')
}

/** Hands out fresh planted values and remembers each one with the field it went into. */
export class Planter {
  readonly planted: PlantedValue[] = []
  private sequence = 0

  /** Fresh values of the given kinds for one field, joined into one text. */
  plant(field: string, kinds: readonly Kind[] = KINDS): string {
    const values = this.next()
    for (const kind of kinds) this.planted.push({ field, kind, value: values[kind] })
    return kinds.map((kind) => values[kind]).join(' | ')
  }

  /** One fresh value of one kind, alone (for fields that take a single token, like a key). */
  plantOne(field: string, kind: Kind): string {
    const value = this.next()[kind]
    this.planted.push({ field, kind, value })
    return value
  }

  /** A card planted as a JSON number (16 digits, exact as a double). */
  plantCardNumber(field: string): number {
    const card = this.next().card.replaceAll(' ', '')
    this.planted.push({ field, kind: 'card', value: card })
    return Number(card)
  }

  private next(): Record<Kind, string> {
    return valuesFor(this.sequence++)
  }
}

/**
 * Captures everything written to stdout, stderr and the console until `restore()` (the servers
 * under test run in this process, so this is their output too).
 */
export function captureOutput(): { text: () => string; restore: () => void } {
  const output: string[] = []
  const capture = (chunk: unknown) => {
    output.push(String(chunk))
    return true
  }
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        output.push(args.map(String).join(' '))
      }),
    ),
  ]
  return {
    text: () => output.join('\n'),
    restore: () => {
      for (const spy of spies) spy.mockRestore()
    },
  }
}

/** Every row of every table, as JSON text (what a pg_dump of the data would show). */
export async function dumpDatabase(db: Db): Promise<string> {
  const { rows: tables } = await db.raw(`
    select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
    from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`)
  const names = (tables as Array<{ name: string }>).map((t) => t.name)
  if (!names.includes('public.ai_usage_logs'))
    throw new Error(`dumpDatabase: no public.ai_usage_logs among ${names.join(', ')}`)
  const parts: string[] = []
  for (const name of names) {
    const { rows } = await db.raw(`select to_jsonb(t)::text as row from ${name} t`)
    for (const r of rows as Array<{ row: string }>) parts.push(r.row)
  }
  return parts.join('\n')
}

/** The planted values found in the database dump or the captured output, and where. */
export function findLeaks(planted: readonly PlantedValue[], database: string, printed: string) {
  return planted
    .filter(({ value }) => database.includes(value) || printed.includes(value))
    .map(({ field, kind, value }) => ({
      field,
      kind,
      value,
      inDatabase: database.includes(value),
      inOutput: printed.includes(value),
    }))
}
