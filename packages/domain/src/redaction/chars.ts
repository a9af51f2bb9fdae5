// Character tests on UTF-16 code units; detectors scan with these instead of regexes where a
// regex would need unbounded backtracking.

const NON_ASCII_WORD = /[\p{L}\p{N}]/u
// Chinese, Japanese and Korean text runs straight into numbers and codes (`手机号是13812345678`,
// `010-1234-5678로`): their letters do not make a value part of a longer word.
const CJK_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

export function isAsciiAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c)
}

export function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
}

/**
 * Letters, digits and `_`, including non-ASCII letters but not CJK ones: a span glued to one is
 * part of a longer word.
 */
export function isWordChar(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c) || c === 95
  if (Number.isNaN(c)) return false
  const s = String.fromCharCode(c)
  return NON_ASCII_WORD.test(s) && !CJK_LETTER.test(s)
}

/** The code unit at `i`, or NaN outside the text (NaN fails every test above). */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : Number.NaN
}

/**
 * Whether one of `words` occurs in the `window` characters before `start`, on the same line unless
 * `sameLine` is false.
 */
export function hasContextBefore(
  text: string,
  start: number,
  words: readonly string[],
  window = 40,
  sameLine = true,
): boolean {
  let before = text.slice(Math.max(0, start - window), start)
  // Only the window is searched for the line break: an unbounded lastIndexOf per candidate would
  // make a text full of candidates quadratic.
  const newline = sameLine ? before.lastIndexOf('\n') : -1
  if (newline !== -1) before = before.slice(newline + 1)
  before = before.toLowerCase()
  for (const w of words) if (before.includes(w)) return true
  return false
}
