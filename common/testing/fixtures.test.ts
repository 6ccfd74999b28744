import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectFixture, FIXTURES_ROOT, firstDifference, listFixtureCases, loadFixture } from './fixtures.ts'

describe('firstDifference', () => {
  it('passes equal answers and numbers within the tolerance', () => {
    expect(firstDifference({ a: [1, 2, { b: 'x' }] }, { a: [1, 2, { b: 'x' }] })).toBeNull()
    expect(firstDifference(1, 1 + 1e-12)).toBeNull()
    expect(firstDifference(0.55709779, 0.557097793, { absolute: 5e-7 })).toBeNull()
  })

  it('names the path of the first number out of tolerance', () => {
    const found = firstDifference({ giStarZ: [1, 2, 3], g: 0.5 }, { giStarZ: [1, 2.000001, 3.5], g: 0.7 })
    expect(found?.path).toBe('$.giStarZ[1]')
    expect(found?.expected).toBe(2)
    expect(found?.actual).toBe(2.000001)
  })

  it('holds the default of 1e-9 relative', () => {
    expect(firstDifference(1000, 1000 + 1e-7)).toBeNull()
    expect(firstDifference(1000, 1000 + 1e-5)?.path).toBe('$')
  })

  it('finds missing and unexpected keys, other lengths and other kinds', () => {
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toMatchObject({ path: '$.b', reason: 'missing' })
    expect(firstDifference({ a: 1 }, { a: 1, c: 3 })).toMatchObject({ path: '$.c', reason: 'not expected' })
    expect(firstDifference({ 'x y': [1] }, { 'x y': [1, 2] })?.path).toBe('$["x y"]')
    expect(firstDifference({ a: 1 }, { a: '1' })?.reason).toBe('expected number, got string')
    expect(firstDifference([null], [0])?.reason).toBe('expected null, got number')
    expect(firstDifference(Number.NaN, 1)).not.toBeNull()
  })
})

describe('expectFixture', () => {
  let root: string
  const write = (name: string, file: string, content: unknown) => {
    mkdirSync(join(root, name), { recursive: true })
    writeFileSync(join(root, name, file), typeof content === 'string' ? content : JSON.stringify(content))
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fixtures-'))
    write('sum', 'in.json', { values: [0.1, 0.2, 0.3] })
    write('sum', 'out.json', { total: 0.6 })
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const total = (name: string) => {
    const { values } = loadFixture(name, root).json<{ values: number[] }>()
    return { total: values.reduce((a, b) => a + b, 0) }
  }

  it('passes an answer that agrees within the tolerance (0.1 + 0.2 + 0.3 is not exactly 0.6)', () => {
    expect(total('sum').total).not.toBe(0.6)
    expect(() => expectFixture('sum', total('sum'), { root, update: false })).not.toThrow()
  })

  it('fails a wrong answer, naming the case and the path', () => {
    expect(() => expectFixture('sum', { total: 0.7 }, { root, update: false })).toThrow(
      /Fixture case sum differs at \$\.total: .*UPDATE=1/,
    )
  })

  it('rewrites out.json with UPDATE=1 and passes against it afterwards', () => {
    const previous = process.env.UPDATE
    process.env.UPDATE = '1'
    try {
      expectFixture('sum', { total: 0.7, parts: 3 }, { root })
    } finally {
      if (previous === undefined) delete process.env.UPDATE
      else process.env.UPDATE = previous
    }
    expect(JSON.parse(readFileSync(join(root, 'sum', 'out.json'), 'utf8'))).toEqual({ total: 0.7, parts: 3 })
    expect(() => expectFixture('sum', { total: 0.7, parts: 3 }, { root, update: false })).not.toThrow()
    expect(() => expectFixture('sum', { total: 0.6 }, { root, update: false })).toThrow(/\$\.total/)
  })

  it('writes out.json for a new case with UPDATE=1 and asks for it without', () => {
    write('fresh', 'in.json', { values: [1] })
    expect(() => expectFixture('fresh', { total: 1 }, { root, update: false })).toThrow(/no out\.json yet/)
    expectFixture('fresh', { total: 1 }, { root, update: true })
    expect(existsSync(join(root, 'fresh', 'out.json'))).toBe(true)
  })

  it('never rewrites published values, even with UPDATE=1', () => {
    write('sum', 'case.json', { published: true })
    expect(() => expectFixture('sum', { total: 0.7 }, { root, update: true })).toThrow(/published/)
    expect(JSON.parse(readFileSync(join(root, 'sum', 'out.json'), 'utf8'))).toEqual({ total: 0.6 })
  })

  it("uses the case's own tolerance", () => {
    write('sum', 'case.json', { tolerance: { absolute: 0.05 } })
    expect(() => expectFixture('sum', { total: 0.64 }, { root, update: false })).not.toThrow()
    expect(() => expectFixture('sum', { total: 0.66 }, { root, update: false })).toThrow()
  })
})

describe('the cases in data/fixtures', () => {
  const cases = listFixtureCases()

  it('include the published reference values', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'getis-ord-six-points',
        'getis-ord-1996-grid',
        'mann-kendall-ten',
        'columbus-queen-contiguity',
        'stl-homicides-moran',
        'sids2-moran',
        'sweref99tm-smhi-stations',
      ]),
    )
  })

  it.each(cases)('%s has inputs, an answer, and a source when its values are published', (name) => {
    const fixture = loadFixture(name)
    expect(Object.keys(fixture.inputs).length).toBeGreaterThan(0)
    expect(fixture.expected()).toBeTypeOf('object')
    if (fixture.inputs.json) expect(fixture.json()).toBeTypeOf('object')
    if (fixture.settings.published) expect(existsSync(join(FIXTURES_ROOT, name, 'SOURCE.md'))).toBe(true)
  })
})
