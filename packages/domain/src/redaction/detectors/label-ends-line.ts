/**
 * Whether what follows an AWS label on its line leaves the value for the next line: the rest of the
 * name, then at most a quote, a separator (`:`, `=`, `=>`, `:=`) and a block marker or quote, with
 * blanks between (`aws_secret_access_key:`, `"SecretAccessKey" =>`, `AWS_SECRET: |`). The same as
 * `/^[\w. -]*["']?\s*(?:[:=]|=>|:=)?\s*["'|>]?\s*$/.test(rest)`, read once from the right
 * instead of backtracking through the name, whose spaces both `[\w. -]` and `\s` can take.
 */
export function labelEndsLine(rest: string): boolean {
  let i = skipSpaceBack(rest, rest.length)
  const marker = rest.charCodeAt(i - 1)
  // " ' | >
  if (marker === 34 || marker === 39 || marker === 124 || marker === 62) i--
  i = skipSpaceBack(rest, i)
  const last = rest.charCodeAt(i - 1)
  const beforeLast = rest.charCodeAt(i - 2)
  // `:=` and `=>` (`>` may have been taken as the marker just above, leaving `=`), then `:`, `=`.
  if ((last === 61 && beforeLast === 58) || (last === 62 && beforeLast === 61)) i -= 2
  else if (last === 58 || last === 61) i--
  i = skipSpaceBack(rest, i)
  const quote = rest.charCodeAt(i - 1)
  if (quote === 34 || quote === 39) i--
  for (let k = 0; k < i; k++) if (!isNameChar(rest.charCodeAt(k))) return false
  return true
}

/** `[\w. -]` */
function isNameChar(c: number): boolean {
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 32 ||
    c === 45
  )
}

function skipSpaceBack(s: string, end: number): number {
  let i = end
  while (i > 0 && isRegexSpace(s.charCodeAt(i - 1))) i--
  return i
}

/** What `\s` matches in a JavaScript regex. */
function isRegexSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}
