// Numbers the SSA never issues or that are published and widely reused (Woolworth's wallet card,
// the SSA advertising sample, the counting sequence).
const PUBLISHED = new Set(['078051120', '219099999', '123456789'])

/** US SSN issuance rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  if (area.length !== 3 || group.length !== 2 || serial.length !== 4) return false
  if (area === '000' || area === '666' || area[0] === '9') return false
  if (group === '00' || serial === '0000') return false
  const digits = area + group + serial
  if (/^(\d)\1{8}$/.test(digits)) return false
  return !PUBLISHED.has(digits)
}
