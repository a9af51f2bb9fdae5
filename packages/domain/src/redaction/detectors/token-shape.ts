import { alnumCharacterClasses, looksLikePlaceholder } from '../entropy'

/** Characters that continue a token: a match followed by one of these was cut out of a longer word. */
export function isTokenChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45
}

/** The random part of a provider token: mixes letter cases or digits and is not a placeholder. */
export function isRandomLooking(secretPart: string): boolean {
  return alnumCharacterClasses(secretPart) >= 2 && !looksLikePlaceholder(secretPart)
}
