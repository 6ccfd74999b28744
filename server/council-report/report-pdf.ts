/**
 * The council's lägesbild as a PDF, in the parts Lag (2023:196) and Brå's guidance name: 1 the
 * mapping of crime (what, how much, where, when), 2 other relevant information (the safety
 * survey), 3 the analysis (changes, places above the municipality, where feeling and crime
 * disagree), 4 the action plan and its follow-up. Marked on every page; the open version says what
 * it withholds.
 */

import { measureStatusTerms } from '../../common/action-plan.ts'
import { type IncidentCategory, incidentCategoryTerms, surveyIndicatorTerms } from '../../common/domain.ts'
import { disagreements } from '../../common/survey-crime.ts'
import {
  CONTENT_BOTTOM,
  FONT,
  FONT_BOLD,
  FONTS,
  INK,
  LEFT,
  MUTED,
  NAVY,
  openReportDocument,
  type ReportLanguage,
  RULE,
  WARNING,
  WIDTH,
} from '../reports/document.ts'
import { type Cell, ReportLayout } from '../reports/layout.ts'
import { areaAnchor, type Doc, drawMap, mapExtent, polygonsOf, traceRings } from '../reports/map.ts'
import type { CouncilReport, DistrictRow } from './report-data.ts'

type Lang = ReportLanguage

const words = {
  sv: {
    kind: 'Lägesbild brott och trygghet',
    title: (name: string, year: number) => `${name} ${year}`,
    internal: 'Intern version: underlag för det brottsförebyggande rådet och polisen.',
    open: (threshold: number) =>
      `Öppen version: antal under ${threshold} redovisas inte («<${threshold}»), enskilda händelser och interna åtgärder ingår inte.`,
    law: 'Enligt lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete ska kommunen ta fram en lägesbild, besluta en åtgärdsplan och följa upp den.',
    mapping: '1 Kartläggning: vilka brott, hur många, var och när',
    summary: (total: string, previous: string, change: string, year: number) =>
      `Under ${year} anmäldes ${total} brott i kommunen, mot ${previous} året före (${change}).`,
    byCategory: 'Anmälda brott per brottstyp',
    category: 'Brottstyp',
    year: (y: number) => String(y),
    change: 'Förändring',
    byMonth: 'Per månad',
    monthsCaption: (y: number) => `Staplar: ${y}. Linje: ${y - 1}.`,
    where: 'Var: anmälda brott per 1 000 invånare och delområde',
    district: 'Delområde',
    population: 'Invånare',
    per1000: 'Per 1 000',
    mapCaption: 'Mörkare: fler anmälda brott per 1 000 invånare. Skala vid utskrift i A4, SWEREF 99 TM.',
    when: 'När: brott per veckodag och timme',
    whenCaption: (control: boolean) =>
      control
        ? 'Händelser med brott från polisen, publicerade med cellnyckelmetoden: små tal visas inte.'
        : 'Händelser med brott från polisen, exakta antal.',
    weekdays: ['Mån', 'Tis', 'Ons', 'Tor', 'Fre', 'Lör', 'Sön'],
    other: '2 Övrig relevant information: trygghetsmätningen',
    surveyIntro: (y: number | null, p: number | null) =>
      y === null
        ? 'Ingen trygghetsmätning finns för perioden.'
        : `Polisens trygghetsmätning ${y}${p ? `, jämfört med ${p}` : ''}. Områden med färre än 100 svarande markeras: resultaten är osäkra.`,
    respondents: 'Svarande',
    surveyTable: 'Resultat per delområde',
    districtTable: 'Per delområde',
    planTable: 'Åtgärder',
    shortIndicators: {
      unsafe_at_night: 'Otrygg sent på kvällen (%)',
      worry_about_crime: 'Oro för brott (%)',
      problem_index: 'Problemindex (0–6)',
    } as Record<string, string>,
    fewRespondents: 'få svarande',
    analysis: '3 Analys',
    rising: 'Ökar mest',
    falling: 'Minskar mest',
    above: 'Delområden över kommunens nivå',
    disagree: 'Där otrygghet och brott inte följs åt',
    disagreeHigh: (d: string) => `${d}: fler känner sig otrygga än brotten förklarar.`,
    disagreeLow: (d: string) => `${d}: många brott men färre känner sig otrygga.`,
    noDisagreement: 'Otryggheten följer de anmälda brotten i alla delområden.',
    noneAbove: 'Inget delområde ligger klart över kommunens nivå.',
    plan: '4 Åtgärdsplan och uppföljning',
    planEmpty: (open: boolean) =>
      open ? 'Åtgärdsplanen redovisas i den interna versionen.' : 'Åtgärdsplanen har inga åtgärder.',
    measure: 'Åtgärd och problem',
    placeOwner: 'Plats och ansvarig',
    period: 'Period och status',
    followUp: 'Uppföljning (händelser per månad)',
    drawnPlace: 'Ritat område',
    overdue: 'försenad',
    insideRest: (before: string, after: string, restBefore: string, restAfter: string) =>
      `På platsen ${before} → ${after}; övriga kommunen ${restBefore} → ${restAfter}`,
    relative: (r: string) => `Relativ förändring ${r}`,
    noFollowUp: 'Ingen händelseindikator',
    withheld: 'ej redovisat',
    footer: (name: string, year: number) => `Lägesbild brott och trygghet ${year} · ${name}`,
  },
  en: {
    kind: 'Crime and safety situation report',
    title: (name: string, year: number) => `${name} ${year}`,
    internal: 'Internal version: for the crime prevention council and the police.',
    open: (threshold: number) =>
      `Open version: counts under ${threshold} are not shown («<${threshold}»); single incidents and internal measures are left out.`,
    law: "Under the Act (2023:196) on municipalities' responsibility for crime prevention, the municipality makes a situation report, decides an action plan and follows it up.",
    mapping: '1 Mapping: which crimes, how many, where and when',
    summary: (total: string, previous: string, change: string, year: number) =>
      `In ${year}, ${total} crimes were reported in the municipality, against ${previous} the year before (${change}).`,
    byCategory: 'Reported crime by type',
    category: 'Type of crime',
    year: (y: number) => String(y),
    change: 'Change',
    byMonth: 'By month',
    monthsCaption: (y: number) => `Bars: ${y}. Line: ${y - 1}.`,
    where: 'Where: reported crime per 1,000 residents by district',
    district: 'District',
    population: 'Residents',
    per1000: 'Per 1,000',
    mapCaption: 'Darker: more reported crime per 1,000 residents. Scale when printed on A4, SWEREF 99 TM.',
    when: 'When: crime by weekday and hour',
    whenCaption: (control: boolean) =>
      control
        ? 'Crime incidents from the police, published by the cell-key method: small counts are not shown.'
        : 'Crime incidents from the police, exact counts.',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    other: '2 Other relevant information: the safety survey',
    surveyIntro: (y: number | null, p: number | null) =>
      y === null
        ? 'There is no safety survey for the period.'
        : `The police's safety survey ${y}${p ? `, compared with ${p}` : ''}. Areas with fewer than 100 respondents are marked: their results are uncertain.`,
    respondents: 'Respondents',
    surveyTable: 'Results by district',
    districtTable: 'By district',
    planTable: 'Measures',
    shortIndicators: {
      unsafe_at_night: 'Unsafe late at night (%)',
      worry_about_crime: 'Worry about crime (%)',
      problem_index: 'Problem index (0–6)',
    } as Record<string, string>,
    fewRespondents: 'few respondents',
    analysis: '3 Analysis',
    rising: 'Rising most',
    falling: 'Falling most',
    above: 'Districts above the municipal level',
    disagree: 'Where insecurity and crime disagree',
    disagreeHigh: (d: string) => `${d}: more people feel unsafe than crime explains.`,
    disagreeLow: (d: string) => `${d}: much crime, but fewer feel unsafe.`,
    noDisagreement: 'Insecurity follows reported crime in every district.',
    noneAbove: 'No district is clearly above the municipal level.',
    plan: '4 Action plan and follow-up',
    planEmpty: (open: boolean) =>
      open ? 'The action plan is given in the internal version.' : 'The action plan has no measures.',
    measure: 'Measure and problem',
    placeOwner: 'Place and owner',
    period: 'Period and status',
    followUp: 'Follow-up (incidents per month)',
    drawnPlace: 'Drawn area',
    overdue: 'overdue',
    insideRest: (before: string, after: string, restBefore: string, restAfter: string) =>
      `At the place ${before} → ${after}; rest of the municipality ${restBefore} → ${restAfter}`,
    relative: (r: string) => `Relative change ${r}`,
    noFollowUp: 'No incident indicator',
    withheld: 'not shown',
    footer: (name: string, year: number) => `Crime and safety situation report ${year} · ${name}`,
  },
} as const
type Words = (typeof words)[Lang]

const THRESHOLD_LABEL = 5
const FEW_RESPONDENTS = 100

const numberFormat = (lang: Lang, digits = 0) =>
  new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: digits })
const count = (n: number | null, lang: Lang) =>
  n === null ? `<${THRESHOLD_LABEL}` : numberFormat(lang).format(n)
function change(now: number | null, before: number | null, lang: Lang): string {
  if (now === null || before === null || before === 0) return '–'
  const pct = ((now - before) / before) * 100
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${numberFormat(lang).format(Math.abs(pct))} %`
}

/** The crime choropleth's classes: light to dark, by the districts' own quantiles. */
const CRIME_RAMP = ['#fde0dd', '#fa9fb5', '#e7298a', '#ae017e', '#7a0177']

function classLimits(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return []
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
}
const classOf = (v: number, limits: number[]) => limits.filter((l) => v >= l).length

function drawTitle(layout: ReportLayout, report: CouncilReport, t: Words): void {
  const { doc } = layout
  doc.font(FONT_BOLD).fontSize(8).fillColor('#1f63b5')
  doc.text(t.kind.toUpperCase(), LEFT, layout.y, { lineBreak: false, characterSpacing: 0.8 })
  layout.y += 13
  layout.y +=
    layout.write(t.title(report.municipality.name, report.year), LEFT, layout.y, WIDTH, FONT_BOLD, 18, INK) +
    4
  layout.paragraph(report.version === 'open' ? t.open(THRESHOLD_LABEL) : t.internal, INK, 9)
  layout.paragraph(t.law)
}

function drawMonthChart(layout: ReportLayout, report: CouncilReport, t: Words, lang: Lang): void {
  const { doc } = layout
  const height = 120
  layout.heading(t.byMonth, height + 20)
  const months = report.crime.months
  const values = months.flatMap((m) => [m.count ?? 0, m.previous ?? 0])
  const max = Math.max(1, ...values)
  const x0 = LEFT + 28
  const width = WIDTH - 28
  const y0 = layout.y + height
  const step = width / months.length
  doc.font(FONT).fontSize(6.5).fillColor(MUTED)
  for (const tick of [0, 0.5, 1]) {
    const y = y0 - tick * (height - 10)
    doc
      .moveTo(x0, y)
      .lineTo(x0 + width, y)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke()
    doc.text(numberFormat(lang).format(Math.round(tick * max)), LEFT, y - 3, { width: 24, align: 'right' })
  }
  months.forEach((m, i) => {
    const x = x0 + i * step
    if (m.count !== null) {
      const h = (m.count / max) * (height - 10)
      doc.rect(x + step * 0.18, y0 - h, step * 0.64, h).fill('#c2255c')
    }
    doc.font(FONT).fontSize(6.5).fillColor(MUTED)
    doc.text(m.month.slice(5), x, y0 + 3, { width: step, align: 'center' })
  })
  // Last year as a line over the bars.
  doc.save()
  let started = false
  months.forEach((m, i) => {
    if (m.previous === null) return
    const x = x0 + i * step + step / 2
    const y = y0 - (m.previous / max) * (height - 10)
    if (started) doc.lineTo(x, y)
    else doc.moveTo(x, y)
    started = true
  })
  if (started) doc.lineWidth(1.4).strokeColor(NAVY).stroke()
  doc.restore()
  layout.y = y0 + 14
  layout.paragraph(t.monthsCaption(report.year))
}

function drawDistrictMap(
  layout: ReportLayout,
  districts: DistrictRow[],
  report: CouncilReport,
  t: Words,
): void {
  const { doc } = layout
  const height = 300
  layout.heading(t.where, height + 30)
  const frame = { x: LEFT, y: layout.y, width: WIDTH, height }
  const limits = classLimits(districts.flatMap((d) => (d.per1000 === null ? [] : [d.per1000])))
  const extent = mapExtent(
    districts.map((d) => d.geometry),
    report.municipality.boundary,
    WIDTH / height,
  )
  drawMap(
    doc,
    frame,
    extent,
    { boundary: report.municipality.boundary, roads: report.roads, fonts: FONTS, emptyText: '–' },
    {
      shapes(view) {
        for (const d of districts) {
          traceRings(doc, view, polygonsOf(d.geometry).flat())
          if (d.per1000 === null) doc.fillOpacity(0.5).fill('#dee2e6', 'even-odd').fillOpacity(1)
          else doc.fillOpacity(0.85).fill(CRIME_RAMP[classOf(d.per1000, limits)]!, 'even-odd').fillOpacity(1)
          traceRings(doc, view, polygonsOf(d.geometry).flat())
          doc.lineWidth(0.6).strokeColor('#ffffff').stroke()
        }
      },
      labels(view) {
        doc.font(FONT_BOLD).fontSize(6.5).fillColor(INK)
        for (const d of districts) {
          const anchor = areaAnchor(polygonsOf(d.geometry))
          if (!anchor) continue
          const at = view.toPage(anchor)
          const label = d.name.replace(' (demo)', '')
          doc.text(label, at[0] - doc.widthOfString(label) / 2, at[1] - 3, { lineBreak: false })
        }
      },
    },
  )
  layout.y += height + 4
  layout.paragraph(t.mapCaption)
}

function drawWeekdayHour(layout: ReportLayout, report: CouncilReport, t: Words, lang: Lang): void {
  const { doc } = layout
  const cell = (WIDTH - 30) / 24
  const rowHeight = 13
  layout.heading(t.when, 7 * rowHeight + 40)
  const grid = report.crime.weekdayHour
  const max = Math.max(1, ...grid.flat().map((n) => n ?? 0))
  doc.font(FONT).fontSize(6).fillColor(MUTED)
  for (let h = 0; h < 24; h += 3)
    doc.text(String(h).padStart(2, '0'), LEFT + 30 + h * cell, layout.y, { lineBreak: false })
  layout.y += 9
  grid.forEach((row, d) => {
    doc.font(FONT).fontSize(7).fillColor(MUTED)
    doc.text(t.weekdays[d]!, LEFT, layout.y + 3, { lineBreak: false })
    row.forEach((n, h) => {
      const x = LEFT + 30 + h * cell
      if (n === null) doc.rect(x + 0.5, layout.y + 0.5, cell - 1, rowHeight - 1).fill('#f1f3f5')
      else
        doc
          .rect(x + 0.5, layout.y + 0.5, cell - 1, rowHeight - 1)
          .fillOpacity(0.08 + 0.92 * (n / max))
          .fill('#c2255c')
          .fillOpacity(1)
      if (n !== null && n >= max * 0.55) {
        doc.font(FONT_BOLD).fontSize(5.5).fillColor('#ffffff')
        doc.text(numberFormat(lang).format(n), x, layout.y + 4, {
          width: cell,
          align: 'center',
          lineBreak: false,
        })
      }
    })
    layout.y += rowHeight
  })
  layout.y += 4
  layout.paragraph(t.whenCaption(report.crime.weekdayHourControl === 'cell-key'))
}

function drawSurvey(layout: ReportLayout, report: CouncilReport, t: Words, lang: Lang): void {
  layout.heading(t.other, 60)
  const { survey } = report
  layout.paragraph(t.surveyIntro(survey.year, survey.previousYear))
  if (survey.year === null) return
  const value = (v: number | null) => (v === null ? '–' : numberFormat(lang, 1).format(v))
  const delta = (now: number | null, before: number | null) =>
    now === null || before === null
      ? ''
      : `${now - before >= 0 ? '+' : '−'}${numberFormat(lang, 1).format(Math.abs(now - before))}`
  const indicatorWidth = (WIDTH - 125 - 60) / survey.indicators.length
  layout.table(
    t.surveyTable,
    [
      { title: t.district, width: 125 },
      { title: t.respondents, width: 60 },
      ...survey.indicators.map((i) => ({
        title: t.shortIndicators[i] ?? surveyIndicatorTerms[i as keyof typeof surveyIndicatorTerms][lang],
        width: indicatorWidth,
      })),
    ],
    survey.districts.map((d): Cell[] => [
      { text: d.name, bold: true },
      {
        text: numberFormat(lang).format(d.respondents),
        detail: d.respondents < FEW_RESPONDENTS ? t.fewRespondents : undefined,
        detailColour: WARNING,
      },
      ...survey.indicators.map((i) => ({
        text: value(d.values[i]?.value ?? null),
        detail: delta(d.values[i]?.value ?? null, d.values[i]?.previous ?? null) || undefined,
      })),
    ]),
  )
}

/**
 * The districts where feeling unsafe and reported crime disagree, by the one rule the council's
 * page uses too (`common/survey-crime.ts`).
 */
function disagreeing(report: CouncilReport): { high: string[]; low: string[] } {
  const pairs = report.crime.districts.flatMap((d) => {
    const unsafe = report.survey.districts.find((s) => s.name === d.name)?.values.unsafe_at_night?.value
    return d.per1000 === null || unsafe === null || unsafe === undefined
      ? []
      : [{ id: d.name, name: d.name, crime: d.per1000, insecurity: unsafe }]
  })
  const found = disagreements(pairs)
  return {
    high: found.filter((d) => d.direction === 'moreInsecure').map((d) => d.name),
    low: found.filter((d) => d.direction === 'lessInsecure').map((d) => d.name),
  }
}

function drawAnalysis(layout: ReportLayout, report: CouncilReport, t: Words, lang: Lang): void {
  layout.heading(t.analysis, 80)
  const term = (c: IncidentCategory) => incidentCategoryTerms[c][lang]
  const changes = report.crime.categories
    .filter((c) => c.count !== null && c.previous !== null && c.previous >= 10)
    .map((c) => ({ c, ratio: (c.count! - c.previous!) / c.previous! }))
    .sort((a, b) => b.ratio - a.ratio)
  const describe = (list: typeof changes) =>
    list.map(({ c }) => `${term(c.category)} ${change(c.count, c.previous, lang)}`).join(', ')
  const rising = changes.filter((x) => x.ratio > 0).slice(0, 3)
  const falling = changes
    .filter((x) => x.ratio < 0)
    .reverse()
    .slice(0, 3)
  if (rising.length) layout.paragraph(`${t.rising}: ${describe(rising)}.`, INK)
  if (falling.length) layout.paragraph(`${t.falling}: ${describe(falling)}.`, INK)

  const rates = report.crime.districts.filter((d) => d.per1000 !== null)
  const population = rates.reduce((a, d) => a + d.population, 0)
  const level = population ? (rates.reduce((a, d) => a + (d.count ?? 0), 0) * 1000) / population : 0
  const above = rates.filter((d) => d.per1000! >= level * 1.25).sort((a, b) => b.per1000! - a.per1000!)
  layout.paragraph(
    above.length
      ? `${t.above} (${numberFormat(lang, 1).format(level)} ${t.per1000.toLowerCase()}): ${above
          .map((d) => `${d.name} ${numberFormat(lang, 1).format(d.per1000!)}`)
          .join(', ')}.`
      : t.noneAbove,
    INK,
  )
  const { high, low } = disagreeing(report)
  layout.paragraph(`${t.disagree}:`, INK)
  if (!high.length && !low.length) layout.paragraph(t.noDisagreement)
  for (const d of high) layout.paragraph(t.disagreeHigh(d))
  for (const d of low) layout.paragraph(t.disagreeLow(d))
}

function drawPlan(layout: ReportLayout, report: CouncilReport, t: Words, lang: Lang): void {
  layout.heading(t.plan, 40)
  if (!report.measures.length) {
    layout.paragraph(t.planEmpty(report.version === 'open'))
    return
  }
  const mean = (n: number | null) => (n === null ? t.withheld : numberFormat(lang, 1).format(n))
  layout.table(
    t.planTable,
    [
      { title: t.measure, width: 175 },
      { title: t.placeOwner, width: 100 },
      { title: t.period, width: 85 },
      { title: t.followUp, width: WIDTH - 360 },
    ],
    report.measures.map((m): Cell[] => {
      const s = m.incidents?.summary
      return [
        { text: m.title, bold: true, detail: m.problem },
        { text: m.place ?? t.drawnPlace, detail: m.owner ?? undefined },
        {
          text: `${m.startDate} – ${m.endDate ?? ''}`,
          detail: `${measureStatusTerms[m.status][lang]}${m.overdue ? `, ${t.overdue}` : ''}`,
          detailColour: m.overdue ? WARNING : MUTED,
        },
        s
          ? {
              text: t.insideRest(
                mean(s.insideBefore),
                mean(s.insideAfter),
                mean(s.restBefore),
                mean(s.restAfter),
              ),
              detail:
                s.relativeChange === null
                  ? undefined
                  : t.relative(numberFormat(lang, 2).format(s.relativeChange)),
            }
          : { text: t.noFollowUp, colour: MUTED },
      ]
    }),
  )
}

export interface CouncilReportMeta {
  lang: Lang
  generatedBy: string
  generatedAt: string
  compress?: boolean
}

export async function councilReportPdf(report: CouncilReport, meta: CouncilReportMeta): Promise<Uint8Array> {
  const t = words[meta.lang]
  const { doc, finish } = openReportDocument({
    lang: meta.lang,
    classification: report.classification,
    title: `${t.kind} ${report.year}: ${report.municipality.name}`,
    generatedBy: meta.generatedBy,
    generatedAt: meta.generatedAt,
    subject: t.kind,
    compress: meta.compress,
  })
  const layout = new ReportLayout(doc as Doc, meta.lang)
  drawTitle(layout, report, t)

  layout.heading(t.mapping, 60)
  const { crime } = report
  layout.paragraph(
    t.summary(
      count(crime.total, meta.lang),
      count(crime.previousTotal, meta.lang),
      change(crime.total, crime.previousTotal, meta.lang),
      report.year,
    ),
    INK,
    9.5,
  )
  layout.table(
    t.byCategory,
    [
      { title: t.category, width: WIDTH - 240 },
      { title: t.year(report.year), width: 80 },
      { title: t.year(report.year - 1), width: 80 },
      { title: t.change, width: 80 },
    ],
    crime.categories.map((c): Cell[] => [
      { text: incidentCategoryTerms[c.category][meta.lang] },
      { text: count(c.count, meta.lang), bold: true },
      { text: count(c.previous, meta.lang) },
      { text: change(c.count, c.previous, meta.lang) },
    ]),
  )
  drawMonthChart(layout, report, t, meta.lang)
  layout.newPage()
  drawDistrictMap(layout, crime.districts, report, t)
  layout.table(
    t.districtTable,
    [
      { title: t.district, width: WIDTH - 300 },
      { title: t.population, width: 75 },
      { title: t.year(report.year), width: 75 },
      { title: t.per1000, width: 75 },
      { title: t.change, width: 75 },
    ],
    [...crime.districts]
      .sort((a, b) => (b.per1000 ?? -1) - (a.per1000 ?? -1))
      .map((d): Cell[] => [
        { text: d.name, bold: true },
        { text: numberFormat(meta.lang).format(d.population) },
        { text: count(d.count, meta.lang) },
        { text: d.per1000 === null ? '–' : numberFormat(meta.lang, 1).format(d.per1000) },
        { text: change(d.count, d.previous, meta.lang) },
      ]),
  )
  drawWeekdayHour(layout, report, t, meta.lang)
  if (layout.y > CONTENT_BOTTOM - 200) layout.newPage()
  drawSurvey(layout, report, t, meta.lang)
  drawAnalysis(layout, report, t, meta.lang)
  drawPlan(layout, report, t, meta.lang)
  return finish(t.footer(report.municipality.name, report.year))
}
