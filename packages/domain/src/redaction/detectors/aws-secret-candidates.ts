import { isAsciiAlnum } from '../chars'

// The secret access key is 40 base64 characters.
export const SECRET_LENGTH = 40

// A table: the candidate scan reads every character around each probe that lands in a run.
const BASE64 = new Uint8Array(128)
for (let c = 0; c < 128; c++) BASE64[c] = isAsciiAlnum(c) || c === 47 || c === 43 ? 1 : 0

export function isBase64Char(c: number): boolean {
  return c < 128 && BASE64[c] === 1
}

/**
 * Where `/(?:(?<![A-Za-z0-9/+\\])|(?<=\\[nrt]))[A-Za-z0-9/+]{40}/g` matches in `text.slice(from, to)`
 * (as positions in `text`), found without trying every position: only a run of 40 base64
 * characters or more can hold a match, and such a run covers every 40th position, so the scan
 * probes one character in 40 and reads around a probe only when it lands in a run (in prose, a
 * word: a few characters each way). Each character is read a bounded number of times.
 *
 * In a run, the regex can only start where the lookbehind holds: at the run's first character
 * (after a non-base64 character other than `\`, or at `from`, where the slice hides what precedes),
 * or at its second after a `\n`, `\r` or `\t` escape. It takes 40 characters and resumes inside the
 * run, where no start is possible, so each run gives at most one match.
 */
export function secretCandidates(text: string, from: number, to: number): number[] {
  const out: number[] = []
  let i = from
  while (i + SECRET_LENGTH <= to) {
    const probe = i + SECRET_LENGTH - 1
    if (!isBase64Char(text.charCodeAt(probe))) {
      i = probe + 1
      continue
    }
    let start = probe
    while (start > i && isBase64Char(text.charCodeAt(start - 1))) start--
    let end = probe + 1
    while (end < to && isBase64Char(text.charCodeAt(end))) end++
    const matchStart = startInRun(text, start, from)
    if (matchStart !== -1 && end - matchStart >= SECRET_LENGTH) out.push(matchStart)
    i = end + 1
  }
  return out
}

/** Where in the run starting at `start` the regex's lookbehind first holds, or -1. */
function startInRun(text: string, start: number, from: number): number {
  if (start === from) return start
  const before = text.charCodeAt(start - 1)
  if (before !== 92) return start
  const c = text.charCodeAt(start)
  return c === 110 || c === 114 || c === 116 ? start + 1 : -1
}
