import { describe, expect, it } from 'vitest'
import { featureTitle, formatAttributes, formatDateTime, formatHours, telHref } from './attribute-format.ts'

const asset = {
  name: 'Vattenverk Borg (demo)',
  sector: 'municipal_tech',
  function: 'Dricksvattenproduktion',
  owner: 'Nodra AB (demo)',
  ownerActorId: '7d7c0f0e-0000-4000-8000-000000000001',
  acceptableOutageHours: 72,
  backupPowerType: 'diesel',
  backupPowerHours: 12,
  residentsServed: 95000,
  vulnerableOccupants: { hospitalBeds: 20 },
  continuityPlanRef: null,
  styrelClass: 2,
  classification: 'internal',
}

describe('attribute formatting', () => {
  it('labels a critical asset in Swedish', () => {
    const rows = formatAttributes('critical-assets', asset, 'sv')
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]))
    expect(byKey.acceptableOutageHours.label).toBe('Acceptabel avbrottstid')
    expect(byKey.acceptableOutageHours.value).toEqual({ kind: 'text', text: '72\u00a0timmar (3\u00a0dygn)' })
    expect(byKey.styrelClass.label).toBe('Styrelklass')
    expect(byKey.styrelClass.value).toEqual({
      kind: 'text',
      text: '2\u00a0–\u2060\u00a0Samhällets funktionalitet inom timmar',
    })
    expect(byKey.sector.value).toEqual({ kind: 'text', text: 'Kommunalteknisk försörjning' })
    expect(byKey.backupPowerType.value).toEqual({ kind: 'text', text: 'Dieselaggregat' })
    expect(byKey.residentsServed.value).toEqual({ kind: 'text', text: '95\u00a0000' })
    expect(byKey.vulnerableOccupants.value).toEqual({
      kind: 'list',
      items: [{ label: 'Vårdplatser', text: '20' }],
    })
    expect(byKey.classification.value).toEqual({ kind: 'text', text: 'Intern' })
    // Links between records and empty values are left out; the name is the heading.
    expect(byKey.ownerActorId).toBeUndefined()
    expect(byKey.continuityPlanRef).toBeUndefined()
    expect(byKey.name).toBeUndefined()
  })

  it('labels the same asset in English', () => {
    const rows = formatAttributes('critical-assets', asset, 'en')
    expect(rows.find((r) => r.key === 'acceptableOutageHours')?.label).toBe('Acceptable outage time')
    expect(rows.find((r) => r.key === 'sector')?.value).toEqual({
      kind: 'text',
      text: 'Municipal technical services',
    })
  })

  it('puts the known properties in a fixed order', () => {
    const keys = formatAttributes('critical-assets', asset, 'sv').map((r) => r.key)
    expect(keys.indexOf('sector')).toBeLessThan(keys.indexOf('styrelClass'))
    expect(keys.indexOf('styrelClass')).toBeLessThan(keys.indexOf('acceptableOutageHours'))
    expect(keys.at(-1)).toBe('classification')
  })

  it('formats contacts and the duty officer with callable numbers', () => {
    const rows = formatAttributes(
      'actors',
      {
        name: 'Räddningstjänsten Östra Götaland (demo)',
        actorType: 'rescue',
        contacts: [
          { name: 'Anna Berg', role: 'Räddningschef', phone: '011-15 00 00', email: 'anna@example.se' },
        ],
        onCall: { function: 'Räddningschef i beredskap', phone: '+46 11 15 00 01', hours: '24/7' },
      },
      'sv',
    )
    const contacts = rows.find((r) => r.key === 'contacts')
    expect(contacts?.label).toBe('Kontaktpersoner')
    expect(contacts?.value).toEqual({
      kind: 'contacts',
      contacts: [
        {
          name: 'Anna Berg',
          role: 'Räddningschef',
          phone: '011-15 00 00',
          email: 'anna@example.se',
          hours: undefined,
        },
      ],
    })
    const onCall = rows.find((r) => r.key === 'onCall')
    expect(onCall?.label).toBe('Tjänsteperson i beredskap (TIB)')
    expect(onCall?.value.kind).toBe('contacts')
    expect(rows.find((r) => r.key === 'actorType')?.value).toEqual({ kind: 'text', text: 'Räddningstjänst' })
    expect(telHref('+46 11 15 00 01')).toBe('tel:+46111500 01'.replace(' ', ''))
    expect(telHref('011-15 00 00')).toBe('tel:011150000')
  })

  it('formats dates in Swedish time', () => {
    expect(formatDateTime('2025-03-14T07:05:00Z', 'sv')).toBe('2025-03-14 08:05')
    expect(formatDateTime('2025-07-01T10:00:00+00:00', 'sv')).toBe('2025-07-01 12:00')
    expect(formatDateTime('2025-03-14 08:05', 'sv')).toBe('2025-03-14 08:05')
    expect(formatDateTime('not a date', 'sv')).toBe('not a date')
  })

  it('formats hours', () => {
    expect(formatHours(1, 'sv')).toBe('1\u00a0timme')
    expect(formatHours(2.5, 'sv')).toBe('2,5\u00a0timmar')
    expect(formatHours(48, 'en')).toBe('48\u00a0hours (2\u00a0days)')
  })

  it('names incidents, risks and zones by their terms', () => {
    const incident = {
      category: 'residential_burglary',
      categoryGroup: 'crime',
      occurredAt: '2025-01-02T23:30:00Z',
      severity: 2,
      source: 'police',
    }
    expect(featureTitle('incidents', incident, 'sv')).toBe('Bostadsinbrott')
    const rows = formatAttributes('incidents', incident, 'sv')
    expect(rows.map((r) => r.label)).toEqual([
      'Kategori',
      'Huvudgrupp',
      'Inträffade',
      'Allvarlighetsgrad',
      'Källa',
    ])
    expect(rows.find((r) => r.key === 'occurredAt')?.value).toEqual({
      kind: 'text',
      text: '2025-01-03\u00a000:30',
    })
    expect(rows.find((r) => r.key === 'source')?.value).toEqual({ kind: 'text', text: 'Polisen' })

    const risk = formatAttributes(
      'rsa-risks',
      {
        title: 'Skyfall i centrum',
        hazard: 'cloudburst',
        likelihood: 3,
        consequences: { life_health: 2, society_functionality: 4 },
      },
      'sv',
    )
    expect(risk.find((r) => r.key === 'hazard')?.value).toEqual({ kind: 'text', text: 'Skyfall' })
    expect(risk.find((r) => r.key === 'consequences')?.value).toEqual({
      kind: 'list',
      items: [
        { label: 'Människors liv och hälsa', text: '2\u00a0–\u2060\u00a0Begränsad' },
        { label: 'Samhällets funktionalitet', text: '4\u00a0–\u2060\u00a0Mycket allvarlig' },
      ],
    })
    expect(formatAttributes('flood-zones', { kind: 'flood_bhf' }, 'sv')[0].value).toEqual({
      kind: 'text',
      text: 'Översvämning beräknat högsta flöde (BHF)',
    })
    expect(formatAttributes('districts', { kind: 'district' }, 'en')[0].value).toEqual({
      kind: 'text',
      text: 'District',
    })
  })

  it('heads areas of responsibility and links without a name of their own', () => {
    expect(featureTitle('responsibility-areas', { responsibility: 'Verksamhetsområde VA' }, 'sv')).toBe(
      'Verksamhetsområde VA',
    )
    expect(featureTitle('dependencies', { provider: 'Ställverk', dependent: 'Vattenverk' }, 'en')).toBe(
      'Ställverk → Vattenverk',
    )
    expect(featureTitle('actor-links', { from: 'Polisen', to: null }, 'sv')).toBeUndefined()
  })

  it('names the survey instead of showing its code', () => {
    const rows = formatAttributes(
      'safety-survey',
      { survey: 'trygghetsmatning', indicator: 'problem_index' },
      'sv',
    )
    expect(rows.find((r) => r.key === 'survey')?.value).toEqual({
      kind: 'text',
      text: 'Polisens trygghetsmätning',
    })
    expect(JSON.stringify(rows)).not.toContain('trygghetsmatning')
  })
})

describe('number formatting', () => {
  // The rule: a number never ends a line apart from its unit, its meaning or its own digits, so every
  // space a number's text holds after a digit is a no-break space, and a decimal comma never wraps.
  const texts = (lang: 'sv' | 'en') =>
    [
      ...formatAttributes(
        'critical-assets',
        { acceptableOutageHours: 72, backupPowerHours: 1.5, residentsServed: 1234567, styrelClass: 2 },
        lang,
      ),
      ...formatAttributes(
        'rsa-risks',
        { likelihood: 3, maxConsequence: 5, consequences: { life_health: 5 } },
        lang,
      ),
      ...formatAttributes('incidents', { severity: 3 }, lang),
      ...formatAttributes(
        'safety-survey',
        { value: 1.3, respondents: 1204, indicators: { problem_index: 2.03, unsafe_at_night: 12.5 } },
        lang,
      ),
    ].flatMap((a) =>
      a.value.kind === 'text'
        ? [a.value.text]
        : a.value.kind === 'list'
          ? a.value.items.map((i) => i.text)
          : [],
    )

  it.each(['sv', 'en'] as const)('keeps numbers with their units and meanings (%s)', (lang) => {
    const all = texts(lang)
    expect(all.length).toBeGreaterThan(8)
    for (const text of all) expect(text, text).not.toMatch(/\d[ \t\n]|[ \t\n]–/)
  })

  it('keeps a range in a label whole', () => {
    const [indicators] = formatAttributes('safety-survey', { indicators: { drug_dealing: 2 } }, 'sv')
    expect(indicators.value).toEqual({
      kind: 'list',
      items: [{ label: 'Narkotikaförsäljning (0\u2060–\u20606)', text: '2' }],
    })
  })

  it('writes decimal and thousands as one token', () => {
    expect(texts('sv')).toEqual(
      expect.arrayContaining([
        '1,3',
        '2,03',
        '12,5',
        '1\u00a0234\u00a0567',
        '5\u00a0–\u2060\u00a0Katastrofal',
        '3\u00a0av\u00a05',
      ]),
    )
  })
})
