import { describe, expect, it } from 'vitest'
import { CATEGORIES, CATEGORY_LABELS, categoryLabel, isCategory } from './categories'

describe('categories', () => {
  it('has the nine categories of the design, each with a label', () => {
    expect(CATEGORIES).toHaveLength(9)
    for (const category of CATEGORIES) expect(CATEGORY_LABELS[category]).toMatch(/^[A-Z][a-z]+( [a-z]+)?$/)
    expect(categoryLabel('flag_extraction')).toBe('Flag extraction')
  })

  it('recognises only known categories', () => {
    expect(isCategory('summarization')).toBe(true)
    expect(isCategory('Summarization')).toBe(false)
    expect(isCategory(undefined)).toBe(false)
  })
})
