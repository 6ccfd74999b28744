import { describe, expect, it } from 'vitest'
import { Random, WeightedTable } from './random.ts'

describe('Random', () => {
  it('gives the same stream for the same label and a different one for another', () => {
    const a = new Random('0481:1')
    const b = new Random('0481:1')
    const c = new Random('0481:2')
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.nextUint32())
    const first = draw(a)
    expect(draw(b)).toEqual(first)
    expect(draw(c)).not.toEqual(first)
  })

  it('forks streams that do not depend on how much the parent has drawn', () => {
    const a = new Random('x')
    const b = new Random('x')
    b.next()
    b.next()
    expect(a.fork('incidents').next()).toBe(b.fork('incidents').next())
  })

  it('draws uniform numbers in range', () => {
    const r = new Random('uniform')
    let sum = 0
    for (let i = 0; i < 20_000; i++) {
      const v = r.next()
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThan(1)
      sum += v
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1)
    for (let i = 0; i < 1000; i++) expect([1, 2, 3]).toContain(r.int(1, 3))
  })

  it('formats version-4 UUIDs', () => {
    const r = new Random('ids')
    const ids = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const id = r.uuid()
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(1000)
  })

  it('samples a weighted table in proportion to the weights', () => {
    const r = new Random('weights')
    const table = new WeightedTable(['a', 'b', 'c'], [1, 3, 0])
    const counts = { a: 0, b: 0, c: 0 }
    for (let i = 0; i < 8000; i++) counts[table.draw(r) as 'a' | 'b' | 'c'] += 1
    expect(counts.c).toBe(0)
    expect(counts.b / counts.a).toBeGreaterThan(2.6)
    expect(counts.b / counts.a).toBeLessThan(3.4)
  })
})
