import { describe, expect, it } from 'vitest'
import * as crisis from '../../common/crisis.ts'
import * as domain from '../../common/domain.ts'
import { dictionaries, en, sv } from './dictionary.ts'
import {
  dictionaryProblems,
  swedishInEnglish,
  termsIn,
  untranslatedTexts,
  wordingCheck,
} from './translation-check.ts'

const terms = [...termsIn(domain), ...termsIn(crisis)]

describe('the dictionary', () => {
  it('has every key in both languages, none empty, no real word left untranslated, the same placeholders', () => {
    expect(dictionaryProblems(dictionaries)).toEqual([])
  })

  it('finds what is wrong with a pair of dictionaries', () => {
    const problems = dictionaryProblems({
      sv: { a: 'Karta', b: '', c: 'Utrymning', d: 'Lägesbild', e: '{n} lager', f: '{n}' },
      en: { a: 'Map', b: 'Empty', c: 'Utrymning', d: 'Lägesbild', e: 'layers', f: '{n}', g: 'Only English' },
    })
    expect(problems).toEqual([
      { key: 'b', problem: 'empty' },
      { key: 'c', problem: 'same' },
      { key: 'e', problem: 'placeholders' },
      { key: 'g', problem: 'missing' },
    ])
  })

  it('gives every domain term both languages, none empty', () => {
    expect(terms.length).toBeGreaterThan(50)
    for (const term of terms) {
      expect(term.sv.trim(), JSON.stringify(term)).not.toBe('')
      expect(term.en.trim(), JSON.stringify(term)).not.toBe('')
    }
  })
})

describe('a page in the wrong language', () => {
  const english = wordingCheck('en', dictionaries, terms)
  const swedish = wordingCheck('sv', dictionaries, terms)

  it('flags Swedish interface texts and terms on an English page, templates included', () => {
    expect(untranslatedTexts([sv['layers.heading'], 'Map layers'], english)).toEqual([
      `other language: ${sv['layers.heading']}`,
    ])
    const template = sv['crisis.replay.stepCount'].replace('{step}', '3').replace('{steps}', '12')
    expect(untranslatedTexts([template], english)).toEqual([`other language: ${template}`])
    expect(untranslatedTexts([domain.roleTerms.viewer.sv], english)).toHaveLength(1)
    expect(untranslatedTexts([domain.roleTerms.viewer.en, en['layers.heading']], english)).toEqual([])
  })

  it('flags English on a Swedish page', () => {
    expect(untranslatedTexts([en['layers.heading']], swedish)).toHaveLength(1)
    expect(untranslatedTexts([sv['layers.heading']], swedish)).toEqual([])
  })

  it('flags dictionary keys and codes shown raw', () => {
    expect(untranslatedTexts(['crisis.replay.play'], swedish)).toEqual(['raw key: crisis.replay.play'])
    expect(untranslatedTexts(['decidedBy: Krisledningschef', 'Typ: power_cut'], swedish)).toEqual([
      'raw code: decidedBy: Krisledningschef',
      'raw code: Typ: power_cut',
    ])
    expect(
      untranslatedTexts(['Beslutsfattare: Krisledningschef', 'e-post: kim@example.se'], swedish),
    ).toEqual([])
  })

  it('finds Swedish letters on an English page outside names and demo objects', () => {
    // A sentence users wrote is taken whole, though a place name in it is a name of its own.
    const names = new Set(['Norrköping', 'Elavbrott sedan 06:40 i centrala Norrköping, hushåll utan el'])
    expect(
      swedishInEnglish(
        [
          'Norrköping municipality',
          'Vattenverk Öst (demo)',
          'Elavbrott sedan 06:40 i centrala Norrköping, hushåll utan el',
          'Område utan el',
          'Map',
        ],
        names,
      ),
    ).toEqual(['Område utan el'])
    // A template of the page's own language quoting what users wrote reads right.
    const quoted = en['crisis.replay.drew'].replace('{by}', 'Kim Kärr').replace('{n}', '2')
    expect(swedishInEnglish([quoted], new Set(), english)).toEqual([])
    expect(swedishInEnglish([quoted], new Set())).toEqual([quoted])
  })

  it('takes demo content, marked (demo), for data whatever its language', () => {
    expect(untranslatedTexts(['Stabsmöte 1, 08:00 (demo)', 'Stabsmöte 1, 08:00'], english)).toEqual([
      'other language: Stabsmöte 1, 08:00',
    ])
  })
})
