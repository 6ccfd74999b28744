import { describe, expect, it } from 'vitest'
import { jsonTextTooDeep, MAX_JSON_DEPTH, valueTooDeep } from './json-limits.ts'

const arrays = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`
const objects = (levels: number): unknown => (levels === 0 ? 1 : { a: objects(levels - 1) })

describe('the JSON depth limit', () => {
  it('lets JSON as deep as the limit through and refuses one level more', () => {
    expect(jsonTextTooDeep(arrays(MAX_JSON_DEPTH))).toBe(false)
    expect(jsonTextTooDeep(arrays(MAX_JSON_DEPTH + 1))).toBe(true)
    expect(valueTooDeep(objects(MAX_JSON_DEPTH))).toBe(false)
    expect(valueTooDeep(objects(MAX_JSON_DEPTH + 1))).toBe(true)
  })

  it('counts no brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ label: `${'['.repeat(500)}\\"{{{`, note: '"]]]' })
    expect(jsonTextTooDeep(text, 1)).toBe(false)
    expect(jsonTextTooDeep(JSON.stringify({ a: ['"[', { b: '\\' }] }), 2)).toBe(true)
  })

  it('walks 5,000 levels without recursion', () => {
    let value: unknown = 1
    for (let i = 0; i < 5000; i++) value = [value]
    expect(valueTooDeep(value)).toBe(true)
    expect(jsonTextTooDeep(arrays(5000))).toBe(true)
  })
})
