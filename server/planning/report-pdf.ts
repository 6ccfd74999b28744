/**
 * The planner's risk report as a PDF: the plan, a notice in words when rules are not the county's
 * own, the map with the plan, the rules' bands and the measured distances, the findings with their
 * verdicts in words, the rules' sources and whether each is verified, the critical assets nearby
 * and the districts' safety situation. A thin user of the report engine (`server/reports/`).
 */
import { surveyIndicatorTerms } from '../../common/domain.ts'
import { landUseTerms } from '../../common/planning.ts'
import {
  fallbackNotice,
  type PlanningAssessment,
  ruleStanding,
  ruleTitles,
  verdictColours,
  verdictSummary,
  verdictTerms,
} from '../../common/planning-assessment.ts'
import {
  FONT,
  FONT_BOLD,
  FONTS,
  INK,
  LEFT,
  MUTED,
  openReportDocument,
  type ReportLanguage,
  WARNING,
  WIDTH,
} from '../reports/document.ts'
import { formatArea, formatDateTime, formatInteger } from '../reports/format.ts'
import { type Cell, ReportLayout } from '../reports/layout.ts'
import { roundScale } from '../reports/map.ts'
import type { PlanningReportBase } from './report-data.ts'
import { drawPlanMap, MAP_HEIGHT } from './report-map.ts'

export interface PlanningPdfOptions {
  lang: ReportLanguage
  generatedBy: string
  generatedAt: string
  compress?: boolean
}

const strings = {
  sv: {
    report: 'Planbedömning',
    kind: 'RISKBEDÖMNING I DETALJPLAN',
    version: (v: number, of: number) => `Version ${v} av ${of}`,
    municipality: 'Kommun',
    county: 'Län',
    area: 'Planområdets yta',
    landUses: 'Användning',
    subAreas: 'Delområden',
    savedBy: (by: string, at: string) => `Sparad av ${by}, ${at}`,
    map: 'Plankarta',
    mapEmpty: 'Inget att visa',
    mapCaption: (scale: string) =>
      `Skala 1:${scale} vid utskrift i A4, SWEREF 99 TM. Blå kontur: planområdet, färgade ytor: delområdena. Orange band: regelns avstånd längs leden, järnvägen eller drivmedelsstationen. Röd streckad linje: uppmätt kortaste avstånd. Streckad svart-vit linje: järnväg.`,
    findings: 'Bedömning per regel',
    columns: ['Regel', 'Bedömning', 'Avstånd', 'Gräns', 'Närmast', 'Motivering'],
    subArea: (name: string) => `Delområde ${name}`,
    sources: 'Regler och källor',
    sourceColumns: ['Regel', 'Version', 'Ställning', 'Källa'],
    assets: 'Samhällsviktiga objekt i närheten',
    assetsNone: (r: number) => `Inga samhällsviktiga objekt inom ${r} m som du har behörighet att se.`,
    assetColumns: ['Objekt', 'Sektor', 'Avstånd'],
    safety: 'Trygghetsläget i delområdet',
    safetyNone: 'Planområdet ligger inte i något delområde med statistik.',
    safetyColumns: ['Delområde', 'Invånare', 'Händelser', 'Per 1 000', 'Trygghetsmätning'],
    suppressed: 'färre än fem (röjandeskydd)',
    controlled:
      'Antalet är skyddat mot röjande (cell-key-metoden) eftersom du inte har behörighet till händelsepunkterna.',
    noSurvey: 'ingen mätning',
    respondents: (n: number, year: number) => `${year}, ${n} svarande`,
    footer: (title: string) => `Planbedömning: ${title}`,
    unverified: 'ej verifierad',
    noValue: '–',
  },
  en: {
    report: 'Planning assessment',
    kind: 'RISK ASSESSMENT OF A DETAILED PLAN',
    version: (v: number, of: number) => `Version ${v} of ${of}`,
    municipality: 'Municipality',
    county: 'County',
    area: 'Plan area',
    landUses: 'Land use',
    subAreas: 'Sub-areas',
    savedBy: (by: string, at: string) => `Saved by ${by}, ${at}`,
    map: 'Plan map',
    mapEmpty: 'Nothing to show',
    mapCaption: (scale: string) =>
      `Scale 1:${scale} when printed on A4, SWEREF 99 TM. Blue outline: the plan area; coloured areas: the sub-areas. Orange band: the rule's distance along the route, railway or petrol station. Red dashed line: the measured shortest distance. Dashed black and white line: railway.`,
    findings: 'Findings by rule',
    columns: ['Rule', 'Verdict', 'Distance', 'Limit', 'Nearest', 'Reason'],
    subArea: (name: string) => `Sub-area ${name}`,
    sources: 'Rules and sources',
    sourceColumns: ['Rule', 'Version', 'Standing', 'Source'],
    assets: 'Critical assets nearby',
    assetsNone: (r: number) => `No critical assets within ${r} m that you may read.`,
    assetColumns: ['Asset', 'Sector', 'Distance'],
    safety: "The district's safety situation",
    safetyNone: 'The plan lies in no district with statistics.',
    safetyColumns: ['District', 'Residents', 'Incidents', 'Per 1,000', 'Safety survey'],
    suppressed: 'fewer than five (disclosure control)',
    controlled:
      'The count is protected against disclosure (the cell-key method) because you may not read the incident points.',
    noSurvey: 'no survey',
    respondents: (n: number, year: number) => `${year}, ${n} respondents`,
    footer: (title: string) => `Planning assessment: ${title}`,
    unverified: 'unverified',
    noValue: '–',
  },
} as const

const metres = (n: number | null, lang: ReportLanguage) =>
  n === null
    ? '–'
    : `${new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(n)} m`

export function renderPlanningReportPdf(
  assessment: PlanningAssessment,
  base: PlanningReportBase,
  options: PlanningPdfOptions,
): Promise<Uint8Array> {
  const { lang } = options
  const t = strings[lang]
  const { doc, finish } = openReportDocument({
    lang,
    classification: assessment.classification,
    title: `${t.report}: ${assessment.title}`,
    generatedBy: options.generatedBy,
    generatedAt: options.generatedAt,
    subject: t.version(assessment.version, assessment.versions),
    compress: options.compress,
  })
  const layout = new ReportLayout(doc, lang)

  // Title and facts.
  doc.font(FONT_BOLD).fontSize(8).fillColor('#1f63b5')
  doc.text(t.kind, LEFT, layout.y, { lineBreak: false, characterSpacing: 0.8 })
  layout.y += 13
  layout.y += layout.write(assessment.title, LEFT, layout.y, WIDTH, FONT_BOLD, 18, INK) + 2
  layout.y +=
    layout.write(
      `${t.version(assessment.version, assessment.versions)} · ${t.savedBy(assessment.updatedBy, formatDateTime(assessment.updatedAt))}`,
      LEFT,
      layout.y,
      WIDTH,
      FONT,
      9,
      MUTED,
    ) + 8
  const facts: [string, string][] = [
    [t.municipality, `${base.municipality.name} (${assessment.kommun})`],
    [t.county, `${assessment.countyName} (${assessment.county})`],
    [t.area, formatArea(assessment.areaM2)],
    [t.landUses, assessment.landUses.map((u) => `${u} ${landUseTerms[u][lang].toLowerCase()}`).join(', ')],
  ]
  if (assessment.subAreas.length > 1)
    facts.push([
      t.subAreas,
      assessment.subAreas
        .map((s) => `${s.name}: ${s.landUses.join(', ')} (${formatArea(s.areaM2)})`)
        .join('; '),
    ])
  for (const [label, value] of facts) {
    const height = layout.textHeight(value, WIDTH - 120, FONT, 9)
    layout.ensure(height + 4)
    layout.write(label, LEFT, layout.y, 115, FONT_BOLD, 9, MUTED)
    layout.write(value, LEFT + 120, layout.y, WIDTH - 120, FONT, 9, INK)
    layout.y += height + 4
  }
  layout.y += 4
  layout.paragraph(verdictSummary(assessment.findings, lang), INK, 10)
  const notice = fallbackNotice(assessment.findings, assessment.countyName)
  if (notice) layout.paragraph(notice[lang], WARNING, 9)

  // The map.
  layout.heading(t.map, MAP_HEIGHT + 30)
  const frame = { x: LEFT, y: layout.y, width: WIDTH, height: MAP_HEIGHT }
  const drawn = drawPlanMap(doc, frame, {
    assessment,
    boundary: base.municipality.boundary,
    roads: base.roads,
    railways: base.railways,
    fonts: FONTS,
    emptyText: t.mapEmpty,
  })
  layout.y += frame.height + 5
  if (drawn.scaleDenominator)
    layout.paragraph(t.mapCaption(formatInteger(roundScale(drawn.scaleDenominator))), MUTED, 7)

  // The findings.
  const findingRows: Cell[][] = assessment.findings.map((f) => [
    {
      text: ruleTitles[f.ruleKey][lang],
      bold: true,
      detail: f.verified ? undefined : t.unverified,
      detailColour: WARNING,
    },
    { text: verdictTerms[f.verdict][lang], bold: true, colour: verdictColours[f.verdict] },
    { text: metres(f.distanceM, lang) },
    { text: metres(f.limitM, lang) },
    {
      text: f.subjectName ?? t.noValue,
      detail: f.subArea ? t.subArea(f.subArea) : undefined,
    },
    { text: f.reason[lang] },
  ])
  layout.table(
    t.findings,
    [
      { title: t.columns[0], width: 82 },
      { title: t.columns[1], width: 66 },
      { title: t.columns[2], width: 48 },
      { title: t.columns[3], width: 40 },
      { title: t.columns[4], width: 90 },
      { title: t.columns[5], width: WIDTH - 326 },
    ],
    findingRows,
  )

  // Sources and standing, in words.
  layout.table(
    t.sources,
    [
      { title: t.sourceColumns[0], width: 110 },
      { title: t.sourceColumns[1], width: 44 },
      { title: t.sourceColumns[2], width: 110 },
      { title: t.sourceColumns[3], width: WIDTH - 264 },
    ],
    assessment.findings.map((f) => {
      const standing = ruleStanding(f)[lang]
      return [
        { text: ruleTitles[f.ruleKey][lang], bold: true, detail: f.description[lang] },
        { text: f.ruleVersion },
        { text: standing, colour: f.verified ? INK : WARNING, bold: !f.verified },
        { text: f.source },
      ]
    }),
  )

  // Critical assets nearby.
  if (assessment.criticalAssets.length)
    layout.table(
      t.assets,
      [
        { title: t.assetColumns[0], width: 250 },
        { title: t.assetColumns[1], width: 150 },
        { title: t.assetColumns[2], width: WIDTH - 400 },
      ],
      assessment.criticalAssets.map((a) => [
        { text: a.name },
        { text: a.sector },
        { text: metres(a.distanceM, lang) },
      ]),
    )
  else {
    layout.heading(t.assets, 20)
    layout.paragraph(t.assetsNone(assessment.contextRadiusM))
  }

  // The districts' safety situation.
  if (assessment.safety.length) {
    layout.table(
      t.safety,
      [
        { title: t.safetyColumns[0], width: 110 },
        { title: t.safetyColumns[1], width: 60 },
        { title: t.safetyColumns[2], width: 90 },
        { title: t.safetyColumns[3], width: 70 },
        { title: t.safetyColumns[4], width: WIDTH - 330 },
      ],
      assessment.safety.map((s) => [
        { text: s.district, bold: true },
        { text: s.population === null ? t.noValue : formatInteger(s.population) },
        { text: s.incidents === null ? t.suppressed : formatInteger(s.incidents), detail: s.period },
        {
          text:
            s.incidentsPer1000 === null
              ? t.noValue
              : new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB').format(s.incidentsPer1000),
        },
        s.survey
          ? {
              text: s.survey.indicators
                .map(
                  (i) =>
                    `${surveyIndicatorTerms[i.indicator as keyof typeof surveyIndicatorTerms]?.[lang] ?? i.indicator}: ${i.value}`,
                )
                .join('; '),
              detail: t.respondents(s.survey.respondents, s.survey.year),
            }
          : { text: t.noSurvey },
      ]),
    )
    if (assessment.safety.some((s) => s.disclosureControl === 'cell-key'))
      layout.paragraph(t.controlled, MUTED, 7.5)
  } else {
    layout.heading(t.safety, 20)
    layout.paragraph(t.safetyNone)
  }

  return finish(t.footer(assessment.title))
}
