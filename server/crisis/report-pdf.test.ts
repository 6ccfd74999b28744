import { describe, expect, it } from 'vitest'
import type { AnnotationRecord, LogEntry } from '../../common/crisis.ts'
import { readPdf } from '../reports/pdf-text.ts'
import { exampleSessionReport } from './report-example.ts'
import {
  classificationStamp,
  formatDateTime,
  renderSessionReportPdf,
  reportMapBounds,
  type SessionReport,
} from './report-pdf.ts'

const render = (report: SessionReport, lang: 'sv' | 'en' = 'sv') =>
  renderSessionReportPdf(report, { lang, compress: false })

describe('renderSessionReportPdf', () => {
  it('makes a PDF of the example session, three A4 pages with the marking and page numbers on each', async () => {
    const bytes = await render(exampleSessionReport())
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7')
    expect(Buffer.from(bytes.subarray(-6)).toString('latin1')).toContain('%%EOF')
    const { pages, text } = readPdf(bytes)
    expect(pages).toHaveLength(3)
    expect(
      Buffer.from(bytes)
        .toString('latin1')
        .match(/\/MediaBox \[0 0 595\.28 841\.89\]/g),
    ).toHaveLength(3)
    text.forEach((page, i) => {
      expect(page).toContain('INTERN')
      expect(page).toContain('Lägesrapport: Elavbrott i centrala Norrköping (demo)')
      expect(page).toContain('Genererad av Karin Krisledare, 2026-11-20 08:45')
      expect(page).toContain(`Sida ${i + 1} av 3`)
    })
  })

  it('shows the facts, the legend, decisions, open tasks, escalations, participants and the log', async () => {
    const { text } = readPdf(await render(exampleSessionReport()))
    const all = text.join(' ')
    for (const expected of [
      'Elavbrott i centrala Norrköping (demo)',
      'Läge per 2026-11-20 08:45 (aktuellt läge)',
      'Allvarlig händelse',
      'Pågående',
      'Norrköping (0581)',
      'Samverkansbehov, inriktning och samordning',
      'Lägeskarta',
      'SWEREF 99 TM',
      // The legend: symbol names from the vocabulary, labels, notes, who drew it.
      'Kartobjekt',
      'Trygghetspunkt',
      'Idrottshallen, reservkraft finns.',
      'Ledningsplats',
      'Avspärrning',
      'radie 200 m',
      'Samlingsplats hemtjänsten',
      // Escalation: from and to by name, who decided and why.
      'Eskaleringshistorik',
      'Störning → Allvarlig händelse',
      'Krisledningschef',
      'Beräknad åtgärdstid över 12 timmar; särskilda boenden utan reservkraft',
      'Deltagare',
      'Länsstyrelsen, Östergötland',
      'Observatör',
      'Logg',
      'Nästa samverkanskonferens kl. 12:00.',
    ])
      expect(all).toContain(expected)
    // Tasks still open appear under open tasks and in the log; a finished one only in the log.
    const count = (s: string) => all.split(s).length - 1
    expect(count('Bemanna trygghetspunkterna från kl. 10:00.')).toBe(2)
    expect(count('Information till allmänheten via webb')).toBe(1)
    expect(all).toContain('En avslutad eller avbruten uppgift finns i loggen.')
    // The first log entry, 06:45 Swedish time (05:45 UTC), in the log's time order.
    const log = text[2]
    expect(log.indexOf('06:45')).toBeLessThan(log.indexOf('08:30'))
    expect(log).toContain('Rapportör: Kommunens Energi AB')
  })

  it('numbers the annotations on the map and in the legend in the order they were drawn', async () => {
    const report = exampleSessionReport()
    const { pages } = readPdf(await render({ ...report, annotations: [...report.annotations].reverse() }))
    const numbers = pages
      .flat()
      .map((l) => l.text)
      .filter((t) => /^\d{1,2}$/.test(t))
    // Each number twice: once on the map, once in the legend.
    for (let n = 1; n <= report.annotations.length; n++)
      expect(numbers.filter((t) => t === String(n))).toHaveLength(2)
    const all = pages
      .flat()
      .map((l) => l.text.trim())
      .join(' ')
    expect(all.indexOf('Område utan el')).toBeLessThan(all.indexOf('Ledningsplats räddningstjänsten'))
  })

  it('writes English throughout, the classification stamp included', async () => {
    const { text } = readPdf(await render(exampleSessionReport(), 'en'))
    const all = text.join(' ')
    for (const page of text) expect(page).toContain('INTERNAL')
    // The Swedish stamp would read INTERN; in English only INTERNAL may appear.
    expect(all).not.toMatch(/INTERN(?!AL)/)
    for (const expected of [
      'Situation report',
      'Situation as of 2026-11-20 08:45 (current)',
      'Serious event',
      'Power cut',
      'Disturbance → Serious event',
      'Shelter (trygghetspunkt)',
      'Decisions',
      'Open tasks',
      'Escalation history',
      'In progress',
      'Page 3 of 3',
    ])
      expect(all).toContain(expected)
    expect(all).not.toContain('Sida ')
  })

  it('prints a snapshot as the moment it was taken, with its seq', async () => {
    const report: SessionReport = {
      ...exampleSessionReport(),
      seq: 16,
      snapshot: { name: 'Stabsmöte 1, 08:00', seq: 16, createdAt: '2026-11-20T07:00:00Z' },
    }
    const { text } = readPdf(await render(report))
    expect(text[0]).toContain('Läge per Stabsmöte 1, 08:00 · 2026-11-20 08:00')
    expect(text[0]).toContain('16 av 21')
  })

  it('marks every page of a restricted session and of a closed one', async () => {
    const example = exampleSessionReport()
    const report: SessionReport = {
      ...example,
      classification: 'restricted',
      session: { ...example.session, status: 'closed', closedAt: '2026-11-20T18:00:00Z' },
    }
    const { text } = readPdf(await render(report))
    for (const page of text) expect(page).toContain('BEGRÄNSAD')
    expect(text[0]).toContain('Avslutad')
    expect(text[0]).toContain('2026-11-20 19:00')
    expect(classificationStamp('restricted', 'sv')).toBe('BEGRÄNSAD')
    expect(classificationStamp('restricted', 'en')).toBe('RESTRICTED')
  })

  it('flows a long log over pages, repeating the header and the table heading, in time order', async () => {
    const entries = 400
    const bytes = await render(exampleSessionReport({ extraLogEntries: entries }))
    const { pages, text } = readPdf(bytes)
    expect(pages.length).toBeGreaterThan(entries / 30)
    expect(pages.length).toBeLessThan(entries / 8)
    text.forEach((page, i) => {
      expect(page).toContain('INTERN')
      expect(page).toContain(`Sida ${i + 1} av ${pages.length}`)
    })
    const logPages = text.filter((page) => page.includes('Logg (forts.)'))
    expect(logPages.length).toBeGreaterThan(5)
    for (const page of logPages) expect(page).toContain('FÖRFATTARE')
    // Every entry is there once, and in order across the pages.
    const all = text.join(' ')
    let last = -1
    for (let i = 1; i <= entries; i++) {
      const at = all.indexOf(`Lägesuppdatering ${i}:`)
      expect(at).toBeGreaterThan(last)
      last = at
    }
  })

  it('keeps every line of text on the page and out of the header and footer bands', async () => {
    const report = exampleSessionReport({ extraLogEntries: 120 })
    const long = 'Mycket lång lägesrapport med många detaljer om läget i området. '.repeat(62).trim()
    const unbroken = 'x'.repeat(1200)
    const extra: LogEntry[] = [long, unbroken].map((text, i) => ({
      ...report.log[0],
      id: `00000000-0000-4000-8000-0000000009${i}0`,
      version: 900 + i,
      text,
    }))
    const { pages, text } = readPdf(await render({ ...report, log: [...report.log, ...extra] }))
    expect(long.length).toBeGreaterThan(3900)
    for (const page of pages) {
      for (const line of page) {
        expect(line.x).toBeGreaterThanOrEqual(40)
        expect(line.x).toBeLessThan(555)
        expect(line.y).toBeGreaterThan(20)
        expect(line.y).toBeLessThan(822)
      }
      // Only the footer (one line each side) lies in the bottom 50 points.
      expect(page.filter((l) => l.y <= 50)).toHaveLength(2)
    }
    // The 4,000-character entry is there whole, across the lines of its cell.
    expect(text.join(' ').split('Mycket lång lägesrapport').length - 1).toBe(62)
  })

  it('prints an empty session with a note where each part would be', async () => {
    const example = exampleSessionReport()
    const report: SessionReport = {
      ...example,
      annotations: [],
      log: [],
      roads: [],
      municipality: { ...example.municipality, boundary: null },
      session: { ...example.session, participants: [], eventType: null },
    }
    const { pages, text } = readPdf(await render(report))
    expect(pages).toHaveLength(1)
    for (const expected of [
      'Inget att visa på kartan',
      'Inga objekt är ritade på kartan.',
      'Inga beslut är loggade.',
      'Inga öppna uppgifter.',
      'Nivån har inte ändrats under sessionen. Aktuell nivå: Allvarlig händelse.',
      'Inga inbjudna deltagare.',
      'Loggen är tom.',
    ])
      expect(text[0]).toContain(expected)
  })

  it('keeps Sámi and other letters, and shows the whole municipality when nothing is drawn', async () => {
    const example = exampleSessionReport()
    const point: AnnotationRecord = {
      ...example.annotations[1],
      properties: { label: 'Čohkkiras ŋ đ š ŧ ž – “Å”', symbol: 'hazard', color: '#bcbd22' },
    }
    const { text } = readPdf(await render({ ...example, annotations: [point], log: [] }))
    expect(text[0]).toContain('Čohkkiras ŋ đ š ŧ ž – “Å”')
    expect(text[0]).toContain('Fara')
    const whole = readPdf(await render({ ...example, annotations: [], log: [] }))
    expect(whole.text[0]).not.toContain('Inget att visa på kartan')
  })

  it('renders the same bytes twice, so a hand-over can be compared', async () => {
    const report = exampleSessionReport()
    const a = await renderSessionReportPdf(report, { lang: 'sv' })
    const b = await renderSessionReportPdf(report, { lang: 'sv' })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    // Compressed by default: much smaller than the readable form.
    expect(a.length).toBeLessThan((await render(report)).length / 2)
  })
})

describe('formatDateTime', () => {
  it('writes Swedish time, summer and winter', () => {
    expect(formatDateTime('2026-11-20T05:45:00Z')).toBe('2026-11-20 06:45')
    expect(formatDateTime('2026-07-01T10:00:00Z')).toBe('2026-07-01 12:00')
    expect(formatDateTime('not a time')).toBe('not a time')
  })
})

describe('reportMapBounds', () => {
  it('covers every annotation and the map around them, so roads reach the frame', () => {
    const { annotations, municipality } = exampleSessionReport()
    const [minLon, minLat, maxLon, maxLat] = reportMapBounds(annotations, municipality.boundary)!
    const positions = annotations.flatMap(
      (a) => JSON.stringify(a.geometry).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? [],
    )
    const lons = positions.map((p) => Number(p.split(',')[0]))
    const lats = positions.map((p) => Number(p.split(',')[1]))
    expect(minLon).toBeLessThan(Math.min(...lons) - 0.01)
    expect(maxLon).toBeGreaterThan(Math.max(...lons) + 0.01)
    expect(minLat).toBeLessThan(Math.min(...lats))
    expect(maxLat).toBeGreaterThan(Math.max(...lats))
    expect(reportMapBounds([], null)).toBeNull()
  })
})
