import { describe, expect, it } from 'vitest'
import {
  circle,
  distance,
  lineLength,
  multiPolygonArea,
  Region,
  splitLine,
  toSweref,
  toWgs,
  type XY,
} from './geometry.ts'
import { loadKommun } from './kommun.ts'

describe('SWEREF 99 TM helpers', () => {
  it('round-trips WGS 84 through SWEREF 99 TM to a centimetre', () => {
    const p = toSweref([16.18, 58.59])
    // Norrköping lies around E 568 000, N 6 495 000 in SWEREF 99 TM.
    expect(p[0]).toBeGreaterThan(560_000)
    expect(p[0]).toBeLessThan(575_000)
    expect(p[1]).toBeGreaterThan(6_490_000)
    expect(p[1]).toBeLessThan(6_500_000)
    const [lon, lat] = toWgs(p)
    expect(lon).toBeCloseTo(16.18, 6)
    expect(lat).toBeCloseTo(58.59, 6)
  })

  it('measures a square and clips a line to it', () => {
    const square = new Region([
      [
        [
          [0, 0],
          [1000, 0],
          [1000, 1000],
          [0, 1000],
          [0, 0],
        ],
      ],
    ])
    expect(multiPolygonArea(square.multi)).toBe(1_000_000)
    const pieces = square.clipLine([
      [-500, 500],
      [500, 500],
      [1500, 500],
      [1500, 800],
      [500, 800],
    ])
    expect(pieces).toHaveLength(2)
    for (const piece of pieces) for (const p of piece) expect(square.contains(p)).toBe(true)
    expect(lineLength(pieces[0])).toBeCloseTo(1000 - 2, 3)
  })

  it('splits a line into pieces of about the asked length', () => {
    const line: XY[] = [
      [0, 0],
      [3000, 0],
      [3000, 3000],
    ]
    const pieces = splitLine(line, 1000)
    expect(pieces).toHaveLength(6)
    expect(pieces.reduce((s, p) => s + lineLength(p), 0)).toBeCloseTo(6000, 6)
    expect(pieces[2].at(-1)).toEqual(pieces[3][0])
  })

  it('makes closed circles', () => {
    const ring = circle([0, 0], 100, 16)
    expect(ring[0]).toEqual(ring.at(-1))
    for (const p of ring) expect(distance(p, [0, 0])).toBeCloseTo(100, 6)
  })
})

describe('loadKommun', () => {
  it('finds the municipality, its county and a centre inside it', () => {
    const norrkoping = loadKommun('0581')
    expect(norrkoping.name).toBe('Norrköping')
    expect(norrkoping.countyCode).toBe('05')
    expect(norrkoping.countyName).toMatch(/Östergötland/)
    expect(norrkoping.region.contains(norrkoping.centre)).toBe(true)
    // The generalised boundary leaves Oxelösund's real centre just outside: it is moved inside.
    const oxelosund = loadKommun('0481')
    expect(oxelosund.region.contains(oxelosund.centre)).toBe(true)
    expect(distance(oxelosund.centre, toSweref([17.1, 58.67]))).toBeLessThan(2000)
  })

  it('works for a municipality without a known centre', () => {
    const kiruna = loadKommun('2584')
    expect(kiruna.region.contains(kiruna.centre)).toBe(true)
  })

  it('refuses unknown and malformed codes', () => {
    expect(() => loadKommun('9999')).toThrow(/Unknown kommunkod/)
    expect(() => loadKommun('581')).toThrow(/Invalid kommunkod/)
  })
})
