// Assembles the formats set and checks it before it is written.
import type { Example } from './line'
import {
  cardAndSsnNegatives,
  identifierNegatives,
  lookalikeNegatives,
  networkNegatives,
  numberNegatives,
  publicKeyNegatives,
  secretNegatives,
} from './negatives'
import {
  apiKeyLines,
  awsLines,
  cardLines,
  emailLines,
  ipLines,
  mixedLines,
  phoneLines,
  privateKeyLines,
  ssnLines,
} from './positives'
import { createRng } from './random'

const SECTIONS = [
  emailLines,
  phoneLines,
  ssnLines,
  cardLines,
  apiKeyLines,
  awsLines,
  privateKeyLines,
  ipLines,
  mixedLines,
  identifierNegatives,
  numberNegatives,
  cardAndSsnNegatives,
  secretNegatives,
  publicKeyNegatives,
  networkNegatives,
  lookalikeNegatives,
]

/** Every line of the set, in section order; throws if a line breaks the labelling rules. */
export function buildFormatsSet(seed: number): Example[] {
  const rng = createRng(seed)
  const examples = SECTIONS.flatMap((section) => section(rng))
  const texts = new Set<string>()
  examples.forEach((ex, i) => {
    if (texts.has(ex.text)) throw new Error(`line ${i + 1} repeats an earlier line (${ex.note})`)
    texts.add(ex.text)
    let end = 0
    for (const s of ex.spans) {
      if (ex.text.slice(s.start, s.end) !== s.value)
        throw new Error(`line ${i + 1}: span does not match (${ex.note})`)
      if (s.start < end) throw new Error(`line ${i + 1}: spans overlap or are out of order (${ex.note})`)
      end = s.end
    }
  })
  return examples
}

export const toJsonl = (examples: Example[]) => `${examples.map((ex) => JSON.stringify(ex)).join('\n')}\n`
