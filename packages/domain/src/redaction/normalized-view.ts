// A decoded copy of a text for the detectors to read, with a map back to the original. Values
// reach prompts JSON-escaped (tool calls), percent-encoded (URLs), in full-width or with odd
// separators and invisible characters; detectors match plain ASCII shapes, so they read this view
// and every finding is mapped back to the original characters it came from.

import { decodeBackslashes, decodeEntity, decodePercent } from './decode-escapes'
import { foldRun } from './fold-unicode'
import { SpecialCharacters } from './special-characters'
import type { ViewSink } from './view-sink'

export interface NormalizedView {
  /** The text with escapes decoded and Unicode variants folded; `text` itself when nothing changed. */
  view: string
  /** True when `view` is the original text (no map is built). */
  identity: boolean
  /**
   * Whether decoding may have joined what the raw text keeps apart (a zero-width space removed
   * between two numbers) or split a raw value (`%20`), so that the raw text can hold a match the
   * view lacks. False when every change only turned an escape into the whitespace, quote or
   * backslash it stands for, or folded a space or dash between non-word characters.
   */
  rawScanNeeded: boolean
  /** The original span that view span [start, end) was decoded from, escapes included whole. */
  toOriginal(start: number, end: number): [number, number]
}

/**
 * Decodes, in one left-to-right pass:
 * - JSON/JS string escapes `\n \t \r \b \f \" \' \/ \uXXXX`, also multiply escaped (`\\n`, `\\\"`):
 *   a run of backslashes followed by an escape letter is one escape;
 * - `\xHH` escapes, percent-encoding (`%40`, double `%2540`, UTF-8 sequences such as `%C2%A0`) and
 *   HTML character references (`&#64;`, `&#x40;`, `&commat;`);
 * - Unicode: zero-width and format characters removed, space variants to a space, dash variants to
 *   `-`, full-width ASCII to ASCII, digits of other scripts to ASCII digits, anything else
 *   NFKC-normalised per character.
 * Linear: every character is looked at a bounded number of times, runs included.
 */
export function normalizeForDetection(text: string): NormalizedView {
  // Only these can start something to decode; text without any of them is returned as is.
  const specials = new SpecialCharacters(text)
  let i = specials.next(0)
  if (i === -1) return identityView(text)
  const out = new ViewBuilder(text)
  while (i !== -1) {
    const c = text.charCodeAt(i)
    const next =
      c === 92
        ? decodeBackslashes(text, i, out)
        : c === 37
          ? decodePercent(text, i, out)
          : c === 38
            ? decodeEntity(text, i, out)
            : foldRun(text, i, out)
    // Dense escapes follow each other directly; the searches only jump over plain stretches.
    i = isSpecial(text.charCodeAt(next)) ? next : specials.next(next)
  }
  return out.finish()
}

function isSpecial(c: number): boolean {
  return c === 92 || c === 37 || c === 38 || c >= 128
}

function identityView(text: string): NormalizedView {
  return { view: text, identity: true, rawScanNeeded: false, toOriginal: sameSpan }
}

// One function for every identity view rather than a closure per call: under tsx (the api runs
// its TypeScript through it) each function expression created gets its name set by a
// defineProperty, about a third of redact()'s time on a short text.
function sameSpan(start: number, end: number): [number, number] {
  return [start, end]
}

/**
 * Builds the view lazily: nothing is allocated until the first replacement, so text whose special
 * characters all stay as they are (`50%`, accented letters) costs one scan.
 */
class ViewBuilder implements ViewSink {
  private parts: string[] = []
  private from: Int32Array | null = null
  private to: Int32Array | null = null
  private length = 0
  /** Original index up to which the view has been built. */
  private done = 0
  private joins = false

  constructor(private readonly text: string) {}

  /**
   * View characters `replacement` stand for original [start, end); `joins` says whether the change
   * can join or split values (see `rawScanNeeded`).
   */
  replace(start: number, end: number, replacement: string, joins: boolean): void {
    this.joins ||= joins
    this.keep(start)
    this.reserve(replacement.length)
    const from = this.from as Int32Array
    const to = this.to as Int32Array
    for (let k = 0; k < replacement.length; k++) {
      from[this.length] = start
      to[this.length] = end
      this.length++
    }
    if (replacement.length > 0) this.parts.push(replacement)
    this.done = end
  }

  /** Copies the original unchanged up to `upTo`. */
  private keep(upTo: number): void {
    const n = upTo - this.done
    this.reserve(n)
    if (n <= 0) return
    const from = this.from as Int32Array
    const to = this.to as Int32Array
    for (let k = this.done; k < upTo; k++) {
      from[this.length] = k
      to[this.length] = k + 1
      this.length++
    }
    this.parts.push(this.text.slice(this.done, upTo))
    this.done = upTo
  }

  private reserve(extra: number): void {
    const need = this.length + Math.max(0, extra)
    if (this.from !== null && need <= this.from.length) return
    const size = Math.max(need, this.from === null ? this.text.length + 16 : this.from.length * 2)
    const from = new Int32Array(size)
    const to = new Int32Array(size)
    if (this.from !== null && this.to !== null) {
      from.set(this.from.subarray(0, this.length))
      to.set(this.to.subarray(0, this.length))
    }
    this.from = from
    this.to = to
  }

  finish(): NormalizedView {
    if (this.from === null) return identityView(this.text)
    this.keep(this.text.length)
    const from = this.from as Int32Array
    const to = this.to as Int32Array
    const length = this.length
    const textLength = this.text.length
    return {
      view: this.parts.join(''),
      identity: false,
      rawScanNeeded: this.joins,
      toOriginal(start, end) {
        const s = start < length ? (from[start] as number) : textLength
        if (end <= start) return [s, s]
        return [s, to[Math.min(end, length) - 1] as number]
      },
    }
  }
}
