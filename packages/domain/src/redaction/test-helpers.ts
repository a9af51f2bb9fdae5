import { findSensitive } from './find-sensitive'

/** `type:value` for every finding, in order: compact to assert on in tests. */
export function found(text: string): string[] {
  return findSensitive(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`)
}
