import { describe, expect, it } from 'vitest'
import { renderEmbeddingInput } from './track-embedding'

describe('renderEmbeddingInput', () => {
  it('keeps texts, one per paragraph, and stands token arrays in by their length', () => {
    expect(renderEmbeddingInput('one')).toBe('one')
    expect(renderEmbeddingInput(['one', 'two'])).toBe('one\n\ntwo')
    expect(renderEmbeddingInput([1, 2, 3])).toBe('[3 tokens]')
    expect(renderEmbeddingInput([[1, 2], [3]])).toBe('[2 tokens]\n\n[1 tokens]')
  })
})
