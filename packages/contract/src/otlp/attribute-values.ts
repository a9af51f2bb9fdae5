import type { OtlpKeyValue } from './otlp-request'

/** An OTLP attribute value as plain JSON. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue }

/** A span's (or resource's) attributes by key. */
export type Attributes = ReadonlyMap<string, AttributeValue>

/** Arrays and maps nested deeper than this are not walked (nothing the mapper reads is that deep). */
const MAX_DEPTH = 8

/**
 * OTLP `KeyValue`s as a map of plain values: `{ stringValue }` → string, `{ intValue }` (a decimal
 * string in OTLP/JSON) → number, `{ arrayValue: { values } }` → array, `{ kvlistValue }` → object.
 * A later duplicate key wins, as in the SDKs.
 */
export function attributeMap(list: readonly OtlpKeyValue[] | undefined): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>()
  for (const { key, value } of list ?? []) map.set(key, anyValue(value, 0))
  return map
}

function anyValue(value: unknown, depth: number): AttributeValue {
  if (value === null || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (typeof v.stringValue === 'string') return v.stringValue
  if (typeof v.boolValue === 'boolean') return v.boolValue
  if (v.intValue !== undefined) return integer(v.intValue)
  if (v.doubleValue !== undefined)
    return typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue)
  if (typeof v.bytesValue === 'string') return v.bytesValue
  if (depth >= MAX_DEPTH) return null
  const array = (v.arrayValue as { values?: unknown } | undefined)?.values
  if (Array.isArray(array)) return array.map((item) => anyValue(item, depth + 1))
  const kvlist = (v.kvlistValue as { values?: unknown } | undefined)?.values
  if (Array.isArray(kvlist)) {
    const object: Record<string, AttributeValue> = {}
    for (const entry of kvlist as Array<{ key?: unknown; value?: unknown }>) {
      if (typeof entry?.key === 'string') object[entry.key] = anyValue(entry.value, depth + 1)
    }
    return object
  }
  return null
}

function integer(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : Number.NaN
  return Number.isSafeInteger(n) ? n : null
}

/** The first of `keys` that holds a non-empty string (numbers are turned into strings). */
export function stringAttribute(attributes: Attributes, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = attributes.get(key)
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  }
  return undefined
}

/** The first of `keys` that holds a whole number ≥ 0 (numeric strings count: some SDKs send them so). */
export function countAttribute(attributes: Attributes, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = attributes.get(key)
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n
  }
  return undefined
}

/** The first of `keys` that holds a finite number ≥ 0. */
export function amountAttribute(attributes: Attributes, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = attributes.get(key)
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return n
  }
  return undefined
}
