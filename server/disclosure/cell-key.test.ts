import { describe, expect, it } from 'vitest'
import {
  CELL_KEY_RANGE,
  cellKeyOf,
  DISCLOSURE_THRESHOLD,
  perturbation,
  perturbationTable,
  publishCells,
  publishedCount,
  recordKeyOf,
} from './cell-key.ts'

const keys = Array.from({ length: CELL_KEY_RANGE }, (_, k) => k)

describe('the perturbation table', () => {
  it('adds noise of zero mean and variance under one to counts of two and more', () => {
    for (const count of [2, 5, 17, 400]) {
      const noise = keys.map((k) => perturbation(count, k))
      expect(noise.reduce((a, b) => a + b, 0)).toBe(0)
      const variance = noise.reduce((a, b) => a + b * b, 0) / CELL_KEY_RANGE
      expect(variance).toBeGreaterThan(0.5)
      expect(variance).toBeLessThan(1)
      expect(Math.max(...noise.map(Math.abs))).toBe(2)
    }
  })

  it('never makes a count negative', () => {
    for (let count = 1; count < 10; count++)
      for (const k of keys) expect(count + perturbation(count, k)).toBeGreaterThanOrEqual(0)
  })

  it('is the table in data/disclosure, with its threshold', () => {
    expect(perturbationTable.threshold).toBe(DISCLOSURE_THRESHOLD)
    expect(DISCLOSURE_THRESHOLD).toBe(5)
  })
})

describe('published counts', () => {
  it('gives the same cell with the same content the same count every time', () => {
    for (const k of keys) expect(publishedCount(12, k)).toBe(publishedCount(12, k))
  })

  it('suppresses every published count under the threshold, and never publishes an empty cell', () => {
    for (let count = 0; count < 12; count++)
      for (const k of keys) {
        const published = publishedCount(count, k)
        if (published !== null) expect(published).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
        if (count === 0) expect(published).toBeNull()
      }
  })

  it('publishes counts of three now and then and of six not always, so suppression does not mark the true count', () => {
    const shown = (count: number) => keys.filter((k) => publishedCount(count, k) !== null).length
    expect(shown(3)).toBeGreaterThan(0)
    expect(shown(6)).toBeLessThan(CELL_KEY_RANGE)
  })

  it('refuses a missing cell key rather than publishing the true count', () => {
    expect(() => publishedCount(12, Number.NaN)).toThrow(/cell key/)
    expect(() => publishedCount(12, CELL_KEY_RANGE)).toThrow(/cell key/)
  })

  it('leaves suppressed cells out instead of marking them', () => {
    const published = publishCells([
      { cell: 'a', count: 40, cellKey: 100 },
      { cell: 'b', count: 1, cellKey: 100 },
      { cell: 'c', count: 0, cellKey: 0 },
    ])
    expect(published).toEqual([{ cell: 'a', count: 40 }])
  })

  it('does not let one added record show as +1: the difference of the two answers spreads over -3..5', () => {
    // Every starting cell key and every key the new record may have, for a cell of 7..40 records.
    const differences = new Map<number, number>()
    for (let count = 7; count <= 40; count++)
      for (const before of keys)
        for (const added of keys) {
          const after = (before + added) % CELL_KEY_RANGE
          const d = publishedCount(count + 1, after)! - publishedCount(count, before)!
          differences.set(d, (differences.get(d) ?? 0) + 1)
        }
    const total = [...differences.values()].reduce((a, b) => a + b, 0)
    expect([...differences.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5])
    expect(differences.get(1)! / total).toBeLessThan(0.35)
    // As often no change, or a fall, as the +1 an attacker hopes to see.
    expect(
      ((differences.get(0) ?? 0) + (differences.get(-1) ?? 0) + (differences.get(-2) ?? 0)) / total,
    ).toBeGreaterThan(0.3)
  })
})

describe('record and cell keys', () => {
  it('spreads record keys evenly over the range', () => {
    const counts = new Array<number>(CELL_KEY_RANGE).fill(0)
    const n = 64_000
    for (let i = 0; i < n; i++)
      counts[recordKeyOf('secret', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)]!++
    const expected = n / CELL_KEY_RANGE
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
    // 255 degrees of freedom: the 99.9th percentile is about 330.
    expect(chiSquare).toBeLessThan(330)
  })

  it('depends on the secret', () => {
    const id = '3f1c2a9e-0000-4000-8000-000000000001'
    const differing = Array.from({ length: 50 }, (_, i) => recordKeyOf(`s${i}`, id))
    expect(new Set(differing).size).toBeGreaterThan(30)
  })

  it('sums record keys into a cell key modulo the range', () => {
    expect(cellKeyOf([200, 100, 3])).toBe((200 + 100 + 3) % CELL_KEY_RANGE)
    expect(cellKeyOf([])).toBe(0)
  })
})
