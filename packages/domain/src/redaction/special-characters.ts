// Where the normalised view has work to do: a `\`, `%` or `&` (escapes) or a non-ASCII character
// (Unicode folding). Most prompts hold a few of these or none.

import { Buffer } from 'node:buffer'

const NON_ASCII = /[\u0080-\uffff]/g

/**
 * Whether every code unit is below 0x80: UTF-8 then takes one byte per character, and any other
 * (lone surrogates included, written as U+FFFD) takes two or more. The byte count is native and
 * about three times cheaper than searching the text with NON_ASCII, which most prompts never match.
 */
export function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length
}

/**
 * Finds, for a growing position, the next character that `/[\\%&\u0080-\uffff]/` matches. Three
 * `indexOf` searches (native and near memchr speed) and one regex for non-ASCII replace one regex
 * with a four-way class, which tested every character and cost twice as much on prose. Each
 * search remembers its last answer and only runs again once the position has passed it, so the
 * text is searched once per kind in total. Positions must not decrease between calls.
 */
export class SpecialCharacters {
  // -2: not searched yet; -1: none left.
  private backslash = -2
  private percent = -2
  private ampersand = -2
  private nonAscii: number

  constructor(private readonly text: string) {
    this.nonAscii = isAscii(text) ? -1 : -2
  }

  /** The first special character at or after `from`, or -1. */
  next(from: number): number {
    const text = this.text
    if (this.backslash !== -1 && this.backslash < from) this.backslash = text.indexOf('\\', from)
    if (this.percent !== -1 && this.percent < from) this.percent = text.indexOf('%', from)
    if (this.ampersand !== -1 && this.ampersand < from) this.ampersand = text.indexOf('&', from)
    if (this.nonAscii !== -1 && this.nonAscii < from) {
      NON_ASCII.lastIndex = from
      this.nonAscii = NON_ASCII.test(text) ? NON_ASCII.lastIndex - 1 : -1
    }
    let first = -1
    for (const at of [this.backslash, this.percent, this.ampersand, this.nonAscii]) {
      if (at !== -1 && (first === -1 || at < first)) first = at
    }
    return first
  }
}
