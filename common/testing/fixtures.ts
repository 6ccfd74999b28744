/**
 * Fixture cases in the manner of Turf: `data/fixtures/<case>/` holds the inputs `in.*` (one or more:
 * `in.json`, `in.csv`, `in.geojson`, `in.gal`, a shapefile's `in.shp` with `in.shx` and `in.dbf`…),
 * the expected answer `out.json` and, optionally, `case.json` saying how to compare. A test computes
 * the answer from the inputs and hands it to `expectFixture`, which compares it with `out.json`
 * (numbers within the case's tolerance) and names the path of the first difference. With `UPDATE=1`
 * it rewrites `out.json` instead, except in a case whose values are published: those are not ours
 * to change, so a difference there always fails.
 *
 * Test code only: it reads files, so it runs under Node and never ships to the browser.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the cases live: `data/fixtures` at the repository's root. */
export const FIXTURES_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/fixtures')

/**
 * Two numbers agree when they are equal, both NaN, within `absolute` of each other, or within
 * `relative` of the larger magnitude. The default, 1e-9 relative, leaves room only for the order of
 * floating-point sums; a published value printed to a few digits needs an absolute tolerance of half
 * its last digit.
 */
export interface Tolerance {
  relative?: number
  absolute?: number
}

export const DEFAULT_TOLERANCE: Required<Tolerance> = { relative: 1e-9, absolute: 0 }

/** `case.json`: how a case is compared and where its values come from. */
export interface CaseSettings {
  description?: string
  tolerance?: Tolerance
  /** The expected values are published by others (see the case's SOURCE.md): `UPDATE=1` never rewrites them. */
  published?: boolean
}

export interface FixtureCase {
  name: string
  dir: string
  settings: CaseSettings
  /** The input files by extension, e.g. `{json: '/…/in.json', csv: '/…/in.csv'}`. */
  inputs: Record<string, string>
  /** An input file's text (`encoding` latin1 for old DBF or register files). */
  text(extension: string, encoding?: BufferEncoding): string
  /** An input file's bytes, for binary formats such as a shapefile. */
  bytes(extension: string): Buffer
  /** `in.json` (or another JSON input) parsed. */
  json<T = unknown>(extension?: string): T
  /** `out.json` parsed; undefined when the case has none yet. */
  expected(): unknown
}

/** The first place where two answers differ. */
export interface FixtureDifference {
  /** A JSON path such as `$.giStar[3]` or `$.features[0].properties.value`. */
  path: string
  expected: unknown
  actual: unknown
  reason: string
}

export function listFixtureCases(root = FIXTURES_ROOT): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

export function loadFixture(name: string, root = FIXTURES_ROOT): FixtureCase {
  const dir = join(root, name)
  if (!existsSync(dir)) throw new Error(`No fixture case ${name} in ${root}`)
  const inputs: Record<string, string> = {}
  for (const file of readdirSync(dir)) {
    const match = /^in\.(.+)$/.exec(file)
    if (match) inputs[match[1]] = join(dir, file)
  }
  const settingsFile = join(dir, 'case.json')
  const settings: CaseSettings = existsSync(settingsFile)
    ? JSON.parse(readFileSync(settingsFile, 'utf8'))
    : {}
  const input = (extension: string) => {
    const file = inputs[extension]
    if (!file) throw new Error(`Fixture case ${name} has no in.${extension}`)
    return file
  }
  const outFile = join(dir, 'out.json')
  return {
    name,
    dir,
    settings,
    inputs,
    text: (extension, encoding = 'utf8') => readFileSync(input(extension), encoding),
    bytes: (extension) => readFileSync(input(extension)),
    json: <T>(extension = 'json') => JSON.parse(readFileSync(input(extension), 'utf8')) as T,
    expected: () => (existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : undefined),
  }
}

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

function numbersAgree(expected: number, actual: number, tolerance: Required<Tolerance>): boolean {
  if (Object.is(expected, actual) || expected === actual) return true
  if (Number.isNaN(expected) || Number.isNaN(actual)) return false
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return false
  const gap = Math.abs(expected - actual)
  return (
    gap <= tolerance.absolute || gap <= tolerance.relative * Math.max(Math.abs(expected), Math.abs(actual))
  )
}

const childPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`

/**
 * Compares an answer with the expected one, depth first in the expected object's key order, and
 * returns the first difference or null. Objects must have the same keys: a missing or an extra
 * value is a difference too, so an answer cannot pass by leaving something out.
 */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  tolerance: Tolerance = {},
  path = '$',
): FixtureDifference | null {
  const within = { ...DEFAULT_TOLERANCE, ...tolerance }
  const differ = (reason: string): FixtureDifference => ({ path, expected, actual, reason })
  if (kindOf(expected) !== kindOf(actual))
    return differ(`expected ${kindOf(expected)}, got ${kindOf(actual)}`)
  if (typeof expected === 'number') {
    const a = actual as number
    return numbersAgree(expected, a, within)
      ? null
      : differ(
          `${a} differs from ${expected} by ${Math.abs(a - expected)} (tolerance ${JSON.stringify(within)})`,
        )
  }
  if (Array.isArray(expected)) {
    const a = actual as unknown[]
    if (expected.length !== a.length) return differ(`expected ${expected.length} items, got ${a.length}`)
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], a[i], within, `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  if (expected !== null && typeof expected === 'object') {
    const e = expected as Record<string, unknown>
    const a = actual as Record<string, unknown>
    for (const key of Object.keys(e)) {
      if (!(key in a))
        return { path: childPath(path, key), expected: e[key], actual: undefined, reason: 'missing' }
      const found = firstDifference(e[key], a[key], within, childPath(path, key))
      if (found) return found
    }
    for (const key of Object.keys(a))
      if (!(key in e))
        return { path: childPath(path, key), expected: undefined, actual: a[key], reason: 'not expected' }
    return null
  }
  return Object.is(expected, actual)
    ? null
    : differ(`${JSON.stringify(actual)} is not ${JSON.stringify(expected)}`)
}

export interface ExpectFixtureOptions {
  root?: string
  /** Overrides the case's own tolerance. */
  tolerance?: Tolerance
  /** Defaults to the environment's `UPDATE=1`. */
  update?: boolean
}

const updateRequested = () => process.env.UPDATE === '1'

/**
 * Checks a computed answer against the case's `out.json`, throwing an error that names the path of
 * the first difference. With `UPDATE=1` (and a case whose values are not published) it writes the
 * answer as the new `out.json` and passes.
 */
export function expectFixture(name: string, actual: unknown, options: ExpectFixtureOptions = {}): void {
  const fixture = loadFixture(name, options.root)
  const outFile = join(fixture.dir, 'out.json')
  // Note: the answer goes through JSON first, so what is compared is what would be written.
  const answer = JSON.parse(JSON.stringify(actual))
  const update = options.update ?? updateRequested()
  if (update && !fixture.settings.published) {
    writeFileSync(outFile, `${JSON.stringify(answer, null, 2)}\n`)
    return
  }
  const expected = fixture.expected()
  if (expected === undefined)
    throw new Error(`Fixture case ${name} has no out.json yet: run the test with UPDATE=1 to write it`)
  const difference = firstDifference(expected, answer, options.tolerance ?? fixture.settings.tolerance)
  if (difference) {
    const hint = fixture.settings.published
      ? 'its values are published, so UPDATE=1 does not rewrite them'
      : 'run with UPDATE=1 to accept the new answer'
    throw new Error(
      `Fixture case ${name} differs at ${difference.path}: ${difference.reason} ` +
        `(expected ${JSON.stringify(difference.expected)}, got ${JSON.stringify(difference.actual)}); ${hint}`,
    )
  }
}
