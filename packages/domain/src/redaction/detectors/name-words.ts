/**
 * The words of an identifier made of ASCII letters, digits, `_`, `-` and `.` (`DB_PASSWORD`,
 * `clientSecret2`, `aws.secret-access_key`), lower-cased, with trailing digits dropped and empty
 * words left out: `nameWords('apiKey2_v1')` is `['api', 'key', 'v']`. A word ends at any character
 * other than a letter or digit and where a lower-case letter or digit meets an upper-case one.
 * The same as
 * `name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)`
 * `.map((w) => w.replace(/\d+$/, '')).filter((w) => w.length > 0)`, in one pass.
 */
export function nameWords(name: string): string[] {
  const words: string[] = []
  let start = -1
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : -1
    const upper = c >= 65 && c <= 90
    const alnum = upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
    const prev = i > 0 ? name.charCodeAt(i - 1) : -1
    const camel = upper && ((prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57))
    if (start !== -1 && (!alnum || camel)) {
      pushWord(words, name, start, i)
      start = -1
    }
    if (alnum && start === -1) start = i
  }
  return words
}

function pushWord(words: string[], name: string, start: number, end: number): void {
  let stop = end
  while (stop > start && name.charCodeAt(stop - 1) >= 48 && name.charCodeAt(stop - 1) <= 57) stop--
  if (stop > start) words.push(name.slice(start, stop).toLowerCase())
}
