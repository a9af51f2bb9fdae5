/**
 * Whether `text[at - 2..at)` is a JSON or C string escape for a line break or tab (`\n`, `\r`,
 * `\t`): in a JSON-encoded prompt a value right after one starts a new line, so the letter before
 * it does not glue the value to a longer word.
 */
export function followsEscape(text: string, at: number): boolean {
  if (at < 2 || text.charCodeAt(at - 2) !== 92) return false
  const c = text.charCodeAt(at - 1)
  return c === 110 || c === 114 || c === 116
}
