/**
 * The RSA report as PDF, in the seven sections MSBFS 2015:5 asks for (`rsaReportSections`), on the
 * shared report engine: the municipality's map with the place-bound risks numbered, the scales, the
 * critical assets concerned and their dependencies, the 5×5 matrix and the risk table, the
 * vulnerabilities and gaps, and the measures. Only what the reader may read goes in; the document
 * is marked for the most classified thing in it.
 */
import { sql } from 'drizzle-orm'
import type { Geometry, LineString } from 'geojson'
import {
  type Classification,
  hazardTerms,
  protectedValueTerms,
  resourceTerms,
  sectorTerms,
} from '../../common/domain.ts'
import { clearanceIn, higherClassification } from '../../common/permissions.ts'
import { MAX_RISK_LEVEL, riskBandColours, riskBandLabel, riskBands } from '../../common/risk.ts'
import {
  measureStatusTerms,
  type RsaRisk,
  type RsaVersion,
  riskMatrix,
  rsaReportSections,
  uncertaintyTerms,
} from '../../common/rsa.ts'
import type { Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import {
  FONT,
  FONT_BOLD,
  FONTS,
  INK,
  LEFT,
  MUTED,
  openReportDocument,
  type ReportLanguage,
  WIDTH,
} from '../reports/document.ts'
import { formatArea, formatDate, formatInteger } from '../reports/format.ts'
import { ReportLayout } from '../reports/layout.ts'
import {
  drawBadge,
  drawMap,
  groundArea,
  mapExtent,
  polygonsOf,
  projectedPositions,
  traceRings,
} from '../reports/map.ts'
import { currentScales, readRisks } from './register.ts'

const words = {
  sv: {
    title: (v: RsaVersion) => `Risk- och sårbarhetsanalys ${v.termStart}–${v.termEnd}`,
    footer: 'Risk- och sårbarhetsanalys enligt MSBFS 2015:5',
    noText: 'Inte ifyllt i registret.',
    facts: (name: string, area: string, people: string) =>
      `${name}: ${area}, ${people} invånare i delområdena.`,
    mapCaption: 'Platsbundna risker numrerade som i tabellen i avsnitt 5. Streckad linje: kommungräns.',
    mapEmpty: 'Inget att visa',
    likelihoodScale: 'Sannolikhetsskala',
    consequenceScale: 'Konsekvensskala',
    level: 'Nivå',
    label: 'Benämning',
    meaning: 'Innebörd',
    bands: 'Risk = sannolikhet × den värsta konsekvensen över skyddsvärdena. Färgfält: ',
    assets: 'Samhällsviktig verksamhet som berörs av riskerna',
    asset: 'Verksamhet',
    sector: 'Sektor',
    styrel: 'Styrelklass',
    risksFor: 'Risker',
    dependencies: 'Beroenden mellan berörda verksamheter',
    dependent: 'Beroende verksamhet',
    resource: 'Resurs',
    provider: 'Levereras av',
    matrix: 'Riskmatris (antal risker per ruta)',
    likelihood: 'Sannolikhet',
    consequence: 'Konsekvens',
    risk: 'Risk',
    hazard: 'Hot eller risk',
    score: 'Riskvärde',
    uncertainty: 'Osäkerhet',
    consequences: 'Konsekvenser per skyddsvärde',
    vulnerabilities: 'Sårbarheter',
    gaps: 'Brister i förmåga',
    measure: 'Åtgärd',
    owner: 'Ansvarig',
    deadline: 'Klart senast',
    status: 'Status',
    noMeasures: 'Inga åtgärder registrerade.',
    none: 'Inga.',
    count: (n: number) => `${n} risker i registret.`,
    lxc: 'S × K',
    short: {
      life_health: 'Liv och hälsa',
      society_functionality: 'Samhällets funktionalitet',
      democracy: 'Demokrati',
      economy_environment: 'Ekonomi och miljö',
      sovereignty: 'Suveränitet',
    },
  },
  en: {
    title: (v: RsaVersion) => `Risk and vulnerability analysis ${v.termStart}–${v.termEnd}`,
    footer: 'Risk and vulnerability analysis under MSBFS 2015:5',
    noText: 'Not yet written in the register.',
    facts: (name: string, area: string, people: string) =>
      `${name}: ${area}, ${people} residents in the districts.`,
    mapCaption: 'Place-bound risks numbered as in the table of section 5. Dashed line: municipal boundary.',
    mapEmpty: 'Nothing to show',
    likelihoodScale: 'Likelihood scale',
    consequenceScale: 'Consequence scale',
    level: 'Level',
    label: 'Name',
    meaning: 'Meaning',
    bands: 'Risk = likelihood × the worst consequence over the protected values. Bands: ',
    assets: 'Critical activities concerned by the risks',
    asset: 'Activity',
    sector: 'Sector',
    styrel: 'Styrel class',
    risksFor: 'Risks',
    dependencies: 'Dependencies between the activities concerned',
    dependent: 'Dependent activity',
    resource: 'Resource',
    provider: 'Provided by',
    matrix: 'Risk matrix (number of risks per cell)',
    likelihood: 'Likelihood',
    consequence: 'Consequence',
    risk: 'Risk',
    hazard: 'Hazard',
    score: 'Score',
    uncertainty: 'Uncertainty',
    consequences: 'Consequence per protected value',
    vulnerabilities: 'Vulnerabilities',
    gaps: 'Gaps in capability',
    measure: 'Measure',
    owner: 'Owner',
    deadline: 'Deadline',
    status: 'Status',
    noMeasures: 'No measures registered.',
    none: 'None.',
    count: (n: number) => `${n} risks in the register.`,
    lxc: 'L × C',
    short: {
      life_health: 'Life and health',
      society_functionality: 'Society',
      democracy: 'Democracy',
      economy_environment: 'Economy and environment',
      sovereignty: 'Sovereignty',
    },
  },
} as const

const sectionTitle = (index: number, lang: ReportLanguage) =>
  `${index + 1}. ${rsaReportSections[index]![lang]}`

export async function rsaReportPdf(
  db: Database,
  access: Access,
  version: RsaVersion,
  lang: ReportLanguage,
  kommun: string,
  options: { compress?: boolean; generatedAt?: string } = {},
): Promise<{ bytes: Uint8Array; classification: Classification }> {
  const t = words[lang]
  const risks = await readRisks(db.orm, access, { versionId: version.id })
  const scales = await currentScales(db.orm)
  const [municipality] = await db.query<{
    name: string
    boundary: Geometry | null
    people: number | null
  }>(sql`
    SELECT m.name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(m.geom, 0.0002), 6)::json AS boundary,
      (SELECT sum(population)::int FROM areas d WHERE d.kind = 'district') AS people
    FROM areas m WHERE m.kind = 'municipality' AND m.code = ${kommun} LIMIT 1`)
  const roads = await db.query<{ geometry: LineString }>(sql`
    SELECT ST_AsGeoJSON(t.geom, 6)::json AS geometry FROM transport_links t
    WHERE t.mode = 'road' AND t.classification = 'open' AND t.road_class IN ('motorway', 'primary') LIMIT 400`)
  const assetIds = [...new Set(risks.flatMap((r) => r.criticalAssets.map((a) => a.id)))]
  const readableAsset = sql`a.classification IN (${sql.join(
    clearanceIn(access.role, 'infrastructure').map((c) => sql`${c}`),
    sql`, `,
  )})`
  const assets = assetIds.length
    ? await db.query<{
        id: string
        name: string
        sector: keyof typeof sectorTerms
        styrel_class: number | null
        classification: Classification
      }>(sql`
        SELECT a.id::text AS id, a.name, a.sector, a.styrel_class, a.classification FROM critical_assets a
        WHERE a.id IN (${sql.join(
          assetIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) AND ${readableAsset} ORDER BY a.name`)
    : []
  const dependencies = assetIds.length
    ? await db.query<{
        dependent: string
        provider: string
        resource: keyof typeof resourceTerms
        classification: Classification
      }>(sql`
        SELECT a.name AS dependent, p.name AS provider, d.resource, d.classification
        FROM asset_dependencies d JOIN critical_assets a ON a.id = d.dependent_asset_id
          JOIN critical_assets p ON p.id = d.provider_asset_id
        WHERE d.dependent_asset_id IN (${sql.join(
          assetIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) AND ${readableAsset} AND ${sql.raw('p')}.classification IN (${sql.join(
          clearanceIn(access.role, 'infrastructure').map((c) => sql`${c}`),
          sql`, `,
        )}) AND d.classification IN (${sql.join(
          clearanceIn(access.role, 'infrastructure').map((c) => sql`${c}`),
          sql`, `,
        )})
        ORDER BY a.name, d.resource LIMIT 200`)
    : []
  const classification = [...risks, ...assets, ...dependencies].reduce<Classification>(
    (level, x) => higherClassification(level, x.classification),
    'internal',
  )

  const { doc, finish } = openReportDocument({
    lang,
    classification,
    title: t.title(version),
    generatedBy: access.displayName,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    subject: version.title,
    compress: options.compress,
  })
  const layout = new ReportLayout(doc, lang)
  const prose = (key: keyof RsaVersion['sections']) =>
    layout.paragraph(version.sections[key]?.trim() || t.noText)
  const numbered = risks.map((r, i) => ({ risk: r, number: i + 1 }))

  // 1. The municipality and its area, with the place-bound risks on its map.
  doc.font(FONT_BOLD).fontSize(18).fillColor(INK).text(t.title(version), LEFT, layout.y, { width: WIDTH })
  layout.y = doc.y + 4
  layout.paragraph(version.title)
  layout.heading(sectionTitle(0, lang), 60)
  const boundary = municipality?.boundary ?? null
  if (municipality && boundary)
    layout.paragraph(
      t.facts(municipality.name, formatArea(groundArea(boundary)), formatInteger(municipality.people ?? 0)),
      INK,
    )
  prose('area')
  const frame = { x: LEFT, y: layout.y + 4, width: WIDTH, height: 330 }
  layout.ensure(frame.height + 30)
  frame.y = layout.y + 4
  const placed = numbered.filter((n) => n.risk.geometry)
  const extent = mapExtent(
    placed.map((n) => n.risk.geometry as Geometry),
    boundary,
    frame.width / frame.height,
  )
  drawMap(
    doc,
    frame,
    extent,
    { boundary, roads: roads.map((r) => r.geometry), fonts: FONTS, emptyText: t.mapEmpty },
    {
      shapes(view) {
        for (const { risk } of placed) {
          const geometry = risk.geometry as Geometry
          const colour = riskBandColours[risk.band]
          if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
            traceRings(doc, view, polygonsOf(geometry).flat())
            doc.fillOpacity(0.25).fillAndStroke(colour, colour).fillOpacity(1)
          }
        }
      },
      labels(view) {
        for (const { risk, number } of placed) {
          const positions = projectedPositions(risk.geometry as Geometry)
          const x = positions.reduce((s, p) => s + p[0], 0) / positions.length
          const y = positions.reduce((s, p) => s + p[1], 0) / positions.length
          drawBadge(doc, view.toPage([x, y]), number, riskBandColours[risk.band], true, FONT_BOLD)
        }
      },
    },
  )
  layout.y = frame.y + frame.height + 4
  layout.paragraph(t.mapCaption)

  // 2. Process and method: the scales and the bands.
  layout.heading(sectionTitle(1, lang), 40)
  prose('method')
  for (const [title, scale] of [
    [t.likelihoodScale, scales.likelihood],
    [t.consequenceScale, scales.consequence],
  ] as const)
    layout.table(
      title,
      [
        { title: t.level, width: 50 },
        { title: t.label, width: 140 },
        { title: t.meaning, width: WIDTH - 190 },
      ],
      scale.map((l) => [
        { text: String(l.level), bold: true },
        { text: lang === 'sv' ? l.sv : l.en },
        { text: lang === 'sv' ? l.descriptionSv : l.descriptionEn },
      ]),
    )
  layout.paragraph(t.bands + riskBands.map((b) => riskBandLabel(b)[lang]).join(', '))

  // 3. Critical activities.
  layout.heading(sectionTitle(2, lang), 40)
  prose('criticalActivities')
  if (assets.length)
    layout.table(
      t.assets,
      [
        { title: t.asset, width: 170 },
        { title: t.sector, width: 130 },
        { title: t.styrel, width: 60 },
        { title: t.risksFor, width: WIDTH - 360 },
      ],
      assets.map((a) => [
        { text: a.name },
        { text: sectorTerms[a.sector]?.[lang] ?? a.sector },
        { text: a.styrel_class === null ? '–' : String(a.styrel_class) },
        {
          text: numbered
            .filter((n) => n.risk.criticalAssets.some((x) => x.id === a.id))
            .map((n) => String(n.number))
            .join(', '),
        },
      ]),
    )

  // 4. Critical dependencies.
  layout.heading(sectionTitle(3, lang), 40)
  prose('dependencies')
  if (dependencies.length)
    layout.table(
      t.dependencies,
      [
        { title: t.dependent, width: 200 },
        { title: t.resource, width: 110 },
        { title: t.provider, width: WIDTH - 310 },
      ],
      dependencies.map((d) => [
        { text: d.dependent },
        { text: resourceTerms[d.resource]?.[lang] ?? d.resource },
        { text: d.provider },
      ]),
    )

  // 5. Identified and analysed risks: the matrix and the table.
  layout.heading(sectionTitle(4, lang), 230)
  layout.paragraph(t.count(risks.length), INK)
  drawMatrix(layout, risks, t)
  layout.table(
    t.risksFor,
    [
      { title: t.risk, width: 220 },
      { title: t.hazard, width: 105 },
      { title: t.lxc, width: 40 },
      { title: t.score, width: 75 },
      { title: t.uncertainty, width: WIDTH - 440 },
    ],
    numbered.map(({ risk, number }) => [
      {
        text: risk.title,
        badge: { number, colour: riskBandColours[risk.band], filled: true },
        detail: (Object.keys(protectedValueTerms) as (keyof typeof protectedValueTerms)[])
          .filter((k) => risk.consequences[k] !== undefined)
          .map((k) => `${t.short[k]} ${risk.consequences[k]}`)
          .join(' · '),
      },
      { text: hazardTerms[risk.hazard]?.[lang] ?? risk.hazard },
      { text: `${risk.likelihood} × ${risk.score / risk.likelihood}` },
      { text: String(risk.score), bold: true, detail: riskBandLabel(risk.band)[lang] },
      { text: risk.uncertainty ? uncertaintyTerms[risk.uncertainty as 1 | 2 | 3][lang] : '–' },
    ]),
  )

  // 6. Vulnerabilities and gaps.
  layout.heading(sectionTitle(5, lang), 40)
  prose('gaps')
  const withGaps = numbered.filter((n) => n.risk.vulnerabilities || n.risk.gaps)
  if (withGaps.length)
    layout.table(
      `${t.vulnerabilities} · ${t.gaps}`,
      [
        { title: t.risk, width: 160 },
        { title: t.vulnerabilities, width: (WIDTH - 160) / 2 },
        { title: t.gaps, width: (WIDTH - 160) / 2 },
      ],
      withGaps.map(({ risk, number }) => [
        { text: risk.title, badge: { number, colour: riskBandColours[risk.band], filled: true } },
        { text: risk.vulnerabilities ?? '–' },
        { text: risk.gaps ?? '–' },
      ]),
    )

  // 7. Need for measures.
  layout.heading(sectionTitle(6, lang), 40)
  const measures = numbered.flatMap(({ risk, number }) => risk.measures.map((m) => ({ risk, number, m })))
  if (!measures.length) layout.paragraph(t.noMeasures)
  else
    layout.table(
      t.measure,
      [
        { title: t.risk, width: 140 },
        { title: t.measure, width: 160 },
        { title: t.owner, width: 90 },
        { title: t.deadline, width: 60 },
        { title: t.status, width: WIDTH - 450 },
      ],
      measures.map(({ risk, number, m }) => [
        { text: risk.title, badge: { number, colour: riskBandColours[risk.band], filled: true } },
        { text: m.title },
        { text: m.owner },
        { text: m.deadline ? formatDate(m.deadline) : '–' },
        { text: measureStatusTerms[m.status][lang] },
      ]),
    )

  return { bytes: await finish(t.footer), classification }
}

/** The 5×5 matrix drawn as a grid of band-coloured cells, each with its number of risks. */
function drawMatrix(layout: ReportLayout, risks: readonly RsaRisk[], t: (typeof words)[ReportLanguage]) {
  const doc = layout.doc
  const cell = 34
  const size = cell * MAX_RISK_LEVEL
  layout.ensure(size + 50)
  doc.font(FONT_BOLD).fontSize(9).fillColor(INK).text(t.matrix, LEFT, layout.y, { lineBreak: false })
  const x0 = LEFT + 40
  const y0 = layout.y + 16
  for (const c of riskMatrix(risks)) {
    const x = x0 + (c.consequence - 1) * cell
    const y = y0 + (MAX_RISK_LEVEL - c.likelihood) * cell
    doc
      .rect(x, y, cell, cell)
      .fillOpacity(c.riskIds.length ? 0.85 : 0.3)
      .fillAndStroke(riskBandColours[c.band], '#ffffff')
    doc.fillOpacity(1)
    if (c.riskIds.length) {
      doc.font(FONT_BOLD).fontSize(11).fillColor(INK)
      const label = String(c.riskIds.length)
      doc.text(label, x + cell / 2 - doc.widthOfString(label) / 2, y + cell / 2 - 6, { lineBreak: false })
    }
  }
  doc.font(FONT).fontSize(7.5).fillColor(MUTED)
  for (let l = 1; l <= MAX_RISK_LEVEL; l++) {
    doc.text(String(l), x0 - 10, y0 + (MAX_RISK_LEVEL - l) * cell + cell / 2 - 4, { lineBreak: false })
    doc.text(String(l), x0 + (l - 1) * cell + cell / 2 - 2, y0 + size + 3, { lineBreak: false })
  }
  doc.text(t.consequence, x0, y0 + size + 14, { lineBreak: false })
  doc.save().rotate(-90, { origin: [LEFT + 10, y0 + size / 2] })
  doc.text(t.likelihood, LEFT + 10 - 25, y0 + size / 2 - 4, { lineBreak: false })
  doc.restore()
  layout.y = y0 + size + 30
}
