import { hasContextBefore } from '../chars'
import { isValidSsn } from '../ssn-validation'
import type { Finding } from '../types'
import {
  type DigitRuns,
  forEachDigitChain,
  gluedLeft,
  gluedRight,
  runLength,
  separatorBefore,
} from './digit-runs'

// Nine bare digits are an SSN only when the text says so; otherwise they are order numbers, ids…
const SSN_CONTEXT = ['ssn', 'social security', 'soc sec', 'ss#', 'ss #', 'ss no', 'taxpayer', 'tin:', 'tin ']

/**
 * SSNs written 3-2-4 with one consistent separator (`-`, space or `.`), or nine bare digits after
 * an SSN keyword. Both must pass the issuance rules (`isValidSsn`). A 3-2-4 group inside a longer
 * chain of numbers is not an SSN.
 */
export function detectSsns(text: string, runs: DigitRuns): Finding[] {
  const out: Finding[] = []
  const { starts, ends } = runs
  forEachDigitChain(text, runs, '- .', (first, last) => {
    const s = starts[first] as number
    const e = ends[last] as number
    if (last === first + 2) {
      // Only a 3-2-4 chain can pass isValidSsn; dates and version triples stop here unsliced.
      if (runLength(runs, first) !== 3 || runLength(runs, first + 1) !== 2 || runLength(runs, last) !== 4)
        return
      const a = text.slice(s, ends[first])
      const g = text.slice(starts[first + 1], ends[first + 1])
      const n = text.slice(starts[last], e)
      const sameSeparator = separatorBefore(text, runs, first + 1) === separatorBefore(text, runs, last)
      if (sameSeparator && !gluedLeft(text, s) && !gluedRight(text, e) && isValidSsn(a, g, n)) {
        out.push({ type: 'ssn', start: s, end: e })
      }
      return
    }
    for (let k = first; k <= last; k++) {
      const start = starts[k] as number
      const end = ends[k] as number
      if (end - start !== 9) continue
      if ((k === first && gluedLeft(text, start)) || (k === last && gluedRight(text, end))) continue
      if (!hasContextBefore(text, start, SSN_CONTEXT)) continue
      const d = text.slice(start, end)
      if (isValidSsn(d.slice(0, 3), d.slice(3, 5), d.slice(5))) out.push({ type: 'ssn', start, end })
    }
  })
  return out
}
