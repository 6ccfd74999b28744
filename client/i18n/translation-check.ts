/**
 * Whether what a page shows is in the language it claims: the rules behind the dictionary test and
 * the browser suite's walk through every role's views. A string is untranslated when it is the
 * other language's wording of an interface text or a domain term, a dictionary key shown raw, or a
 * code the user was never meant to read (`decidedBy`, `power_cut`).
 */
import { DEMO_MARK, type Term } from '../../common/domain.ts'
import { type Dictionary, type Language, type MessageKey, sv } from './dictionary.ts'

/**
 * Texts that read the same in both languages on purpose: names, abbreviations, units and words
 * English borrowed from Swedish or shares with it. A new entry here says why in its own line.
 */
export const sameInBothLanguages: ReadonlySet<string> = new Set([
  'Lägesbild', // the product's name
  'Svenska', // the language switch names each language in itself
  'English',
  'SV',
  'EN',
  'OK',
  'Status',
  'Start',
  'Administration',
  'Information',
  'Polis', // the demo user's organisation type, named in Swedish in the staff room too
  'TIB', // tjänsteperson i beredskap, the on-call function's own abbreviation
  'RSA',
  'GeoJSON',
  'CSV',
  'PDF',
  'SWEREF 99 TM',
  'WGS 84',
  'Zoom',
  'Filter',
  'Export',
  'Organisation', // spelt alike in both
  'Symbol',
  'Text',
  'Session',
  'Hotspots', // the word Swedish crime prevention uses itself (Brå, the police)
])

/** Every dictionary key: a text equal to one of these is a key shown raw. */
export const dictionaryKeys: ReadonlySet<string> = new Set(Object.keys(sv))

export interface DictionaryProblem {
  key: string
  problem: 'missing' | 'empty' | 'same' | 'placeholders'
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/**
 * What is wrong with a pair of dictionaries: a key without a text in one language, an empty text,
 * a real word left the same in both (unless it reads the same on purpose), or placeholders that
 * differ, which would lose a value in one language.
 */
export function dictionaryProblems(
  dictionaries: Record<Language, Record<string, string>>,
  allowedSame: ReadonlySet<string> = sameInBothLanguages,
): DictionaryProblem[] {
  const problems: DictionaryProblem[] = []
  const keys = new Set([...Object.keys(dictionaries.sv), ...Object.keys(dictionaries.en)])
  for (const key of keys) {
    const s = dictionaries.sv[key]
    const e = dictionaries.en[key]
    if (s === undefined || e === undefined) problems.push({ key, problem: 'missing' })
    else if (!s.trim() || !e.trim()) problems.push({ key, problem: 'empty' })
    else if (s === e && isRealWord(s) && !allowedSame.has(s)) problems.push({ key, problem: 'same' })
    else if (placeholders(s).join() !== placeholders(e).join())
      problems.push({ key, problem: 'placeholders' })
  }
  return problems
}

/** A text with at least three letters in a row once placeholders are left out: something to translate. */
function isRealWord(text: string): boolean {
  return /\p{L}{3,}/u.test(text.replace(/\{\w+\}/g, ''))
}

/** Every `{sv, en}` pair found in a module's exports, however deep (term records, agenda steps). */
export function termsIn(module: Record<string, unknown>): Term[] {
  const found: Term[] = []
  const seen = new Set<unknown>()
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 4) return
    seen.add(value)
    const record = value as Record<string, unknown>
    if (typeof record.sv === 'string' && typeof record.en === 'string') {
      found.push({ sv: record.sv, en: record.en })
      return
    }
    for (const child of Object.values(record)) visit(child, depth + 1)
  }
  for (const value of Object.values(module)) visit(value, 0)
  return found
}

export interface WordingCheck {
  /** Whole texts of the other language (and their templates, placeholders as wildcards). */
  foreign: RegExp[]
  /** This language's templates with placeholders: what fills them is the users' (a task's text). */
  ownTemplates: RegExp[]
  keys: ReadonlySet<string>
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The patterns a page in `lang` must not show: each interface text and term of the other language
 * that differs from every text of this one, as a whole text with its placeholders as wildcards.
 * Templates with fewer than four letters of their own would match anything and are left out.
 */
export function wordingCheck(
  lang: Language,
  dictionaries: Record<Language, Dictionary>,
  terms: readonly Term[],
): WordingCheck {
  const other: Language = lang === 'sv' ? 'en' : 'sv'
  const own = new Set<string>([...Object.values(dictionaries[lang]), ...terms.map((t) => t[lang])])
  const foreignTexts = new Set<string>()
  for (const key of Object.keys(dictionaries[other]) as MessageKey[])
    foreignTexts.add(dictionaries[other][key])
  for (const term of terms) foreignTexts.add(term[other])
  const ownTemplates = [...own]
    .filter(
      (text) => /\{\w+\}/.test(text) && text.replace(/\{\w+\}/g, '').replace(/[^\p{L}]/gu, '').length >= 4,
    )
    .map((text) => new RegExp(`^${escapeRegExp(text.trim()).replace(/\\\{\w+\\\}/g, '.*?')}$`, 'su'))
  const foreign: RegExp[] = []
  for (const text of foreignTexts) {
    if (own.has(text) || sameInBothLanguages.has(text)) continue
    const literal = text.replace(/\{\w+\}/g, '')
    if (literal.replace(/[^\p{L}]/gu, '').length < 4) continue
    const pattern = escapeRegExp(text.trim()).replace(/\\\{\w+\\\}/g, '.+?')
    foreign.push(new RegExp(`^${pattern}$`, 'u'))
  }
  return { foreign, ownTemplates, keys: dictionaryKeys }
}

/** Identifiers a person was never meant to read: camelCase field names and snake_case codes. */
const codePattern = /(^|[\s(:,])([a-z]+[A-Z][A-Za-z]*|[a-z]+_[a-z_]+)(?=$|[\s),.:])/

/**
 * The texts of a page that are not in its language: the other language's wording, dictionary keys
 * and raw codes. `texts` are the page's visible text nodes and labels, each trimmed.
 */
export function untranslatedTexts(texts: readonly string[], check: WordingCheck): string[] {
  const out = new Set<string>()
  for (const text of texts) {
    if (!text) continue
    if (check.keys.has(text)) out.add(`raw key: ${text}`)
    else if (codePattern.test(text)) out.add(`raw code: ${text}`)
    // Note: demo content is data, named in Swedish and marked "(demo)", whatever the reader's language.
    else if (!text.includes(DEMO_MARK) && check.foreign.some((re) => re.test(text)))
      out.add(`other language: ${text}`)
  }
  return [...out]
}

/**
 * Swedish letters in an English page, outside names: text that may have been written in Swedish and
 * never translated. Demo names carry "(demo)"; `names` holds the proper names and what users wrote.
 */
export function swedishInEnglish(
  texts: readonly string[],
  names: ReadonlySet<string>,
  check?: WordingCheck,
): string[] {
  // Note: the longest names first, so a sentence users wrote is taken whole before a place name in it.
  const longestFirst = [...names].sort((a, b) => b.length - a.length)
  return texts.filter((text) => {
    if (!/[åäöÅÄÖ]/.test(text) || text.includes(DEMO_MARK)) return false
    // An English sentence quoting what a user wrote ("Status of the task Bemanna …") is translated.
    if (check?.ownTemplates.some((re) => re.test(text))) return false
    // Drop every allowed name and see whether Swedish letters are left.
    let rest = text
    for (const name of longestFirst) if (rest.includes(name)) rest = rest.split(name).join(' ')
    return /[åäöÅÄÖ]/.test(rest)
  })
}
