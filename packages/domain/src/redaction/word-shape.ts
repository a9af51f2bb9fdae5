// Tells names made of words (`generateSecretKeyV2Fixture`, `test-token-0123456789abcdef`) from
// random strings (`X7pQ2mR9tL4wN8kS`). Identifiers in source code and test fixtures have high
// character entropy too, but their letters form words; a random token's letters form fragments.

const NAME = /^[A-Za-z0-9_.-]+$/
// Camel-case words, runs of capitals (an acronym before a word leaves it its capital) and numbers.
const TOKEN = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g
// Word boundaries a person writes: a separator or a lower-to-upper case change. Digits alone do
// not count: random lowercase alphanumerics split at digits into word-sized letter runs.
const WORD_BOUNDARY = /[_.-]|[a-z][A-Z]/
const VOWELS = 'aeiouyAEIOUY'
// Four consonants in a row (`xkcd`, `bcdf`) is how random letters look, rarely how words do.
const MAX_CONSONANT_RUN = 3
// English words run about 40% vowels (`tests` 20%); random letters about 20%.
const MIN_VOWEL_SHARE = 0.2
// Share of the letters that must sit in word-like tokens: random base62 gets well under half,
// an identifier nearly all.
const WORD_SHARE = 0.75
// Random camel case makes short word-like runs (`Xela`); a name has at least one real word.
const LONG_WORD = 5

/**
 * Whether a value reads as a name made of words: only name characters, written with separators
 * or camel case, at least two word-like tokens (3+ letters, a vowel, no long consonant run), one
 * of them 5+ letters, holding at least 3/4 of its letters.
 */
export function readsAsWords(value: string): boolean {
  if (!NAME.test(value) || !WORD_BOUNDARY.test(value)) return false
  let letters = 0
  let inWords = 0
  let words = 0
  let longest = 0
  for (const token of value.match(TOKEN) ?? []) {
    const c = token.charCodeAt(0)
    if (c >= 48 && c <= 57) continue
    letters += token.length
    if (isWordLike(token)) {
      inWords += token.length
      words++
      longest = Math.max(longest, token.length)
    }
  }
  return words >= 2 && longest >= LONG_WORD && inWords >= WORD_SHARE * letters
}

function isWordLike(token: string): boolean {
  // Capital runs are acronyms at best (`HTTP`); in random text they are frequent and vowel-rich.
  if (token.length < 3 || !isLower(token.charCodeAt(token.length - 1))) return false
  let vowels = 0
  let run = 0
  for (let i = 0; i < token.length; i++) {
    if (VOWELS.includes(token[i] as string)) {
      vowels++
      run = 0
    } else if (++run > MAX_CONSONANT_RUN) {
      return false
    }
  }
  return vowels >= MIN_VOWEL_SHARE * token.length
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122
}
