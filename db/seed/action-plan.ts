/**
 * The crime prevention council's action plan (åtgärdsplan) of the demo: a few measures of the kind
 * Brå's guidance describes, each tied to the place whose problem it answers in the demo's own
 * incidents and survey (the nightlife blocks, the suburb whose drug problems grow, burglary out of
 * town), so that their follow-up shows something to discuss.
 */
import { sql } from 'drizzle-orm'
import type { MeasureIndicator, MeasureStatus } from '../../common/action-plan.ts'
import { DEMO_MARK } from '../../common/domain.ts'
import { actionMeasures } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import { multiPolygonGeometry, type XY } from './geometry.ts'
import { insertAll, rows } from './sql.ts'

/** A circle of `radius` metres around `centre`, as a SWEREF 99 TM ring of 48 points. */
function circle(centre: XY, radius: number): XY[] {
  const ring: XY[] = []
  for (let i = 0; i < 48; i++) {
    const a = (2 * Math.PI * i) / 48
    ring.push([centre[0] + radius * Math.cos(a), centre[1] + radius * Math.sin(a)])
  }
  ring.push(ring[0]!)
  return ring
}

interface MeasureTemplate {
  title: string
  problem: string
  owner: string
  partners: string[]
  startDate: string
  endDate: string | null
  status: MeasureStatus
  indicators: MeasureIndicator[]
}

export async function seedActionPlan(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('action-plan')
  const { world } = ctx
  const centre = world.districts.find((d) => d.kind === 'centre')
  // Note: the statistics make the first urban district the suburb whose problems grow.
  const suburb = world.districts.find((d) => d.kind === 'urban')
  const rural = world.districts
    .filter((d) => d.kind === 'rural')
    .sort((a, b) => b.population - a.population)[0]

  const places: [MeasureTemplate, { multi: XY[][][]; areaId: string | null }][] = []
  places.push([
    {
      title: `Belysning, ordningsvakter och trygghetsvandringar i nöjeskvarteren ${DEMO_MARK}`,
      problem:
        'Misshandel och rån koncentreras till nöjeskvarteren fredag och lördag natt; många känner sig otrygga utomhus sent på kvällen.',
      owner: 'samhallsbyggnad',
      partners: ['Polisen', 'Krögarna i centrum', 'Fastighetsägarna'],
      startDate: '2025-04-01',
      endDate: '2026-12-31',
      status: 'ongoing',
      indicators: [
        { kind: 'incidents', categories: ['assault', 'robbery'] },
        { kind: 'survey', indicator: 'unsafe_at_night' },
      ],
    },
    { multi: [[circle(world.nightlife, 450)]], areaId: null },
  ])
  if (suburb)
    places.push([
      {
        title: `Platssamverkan mot öppen narkotikahandel i ${suburb.name.replace(` ${DEMO_MARK}`, '')} ${DEMO_MARK}`,
        problem:
          'Narkotikabrotten och upplevd narkotikaförsäljning ökar år för år i stadsdelen; de boende ser störande ungdomsgäng.',
        owner: 'social',
        partners: ['Polisen', 'Bostadsbolaget', 'Fältassistenterna'],
        startDate: '2026-03-01',
        endDate: '2027-02-28',
        status: 'ongoing',
        indicators: [
          { kind: 'incidents', categories: ['drug_offence'] },
          { kind: 'survey', indicator: 'drug_dealing' },
        ],
      },
      { multi: suburb.polygon, areaId: suburb.id },
    ])
  if (rural)
    places.push([
      {
        title: `Grannsamverkan mot bostadsinbrott ${DEMO_MARK}`,
        problem: 'Bostadsinbrotten utanför tätorten ökar under den mörka delen av året.',
        owner: 'polis',
        partners: ['Grannsamverkan Sverige', 'Villaägarna'],
        startDate: '2024-09-01',
        endDate: '2025-08-31',
        status: 'completed',
        indicators: [{ kind: 'incidents', categories: ['residential_burglary'] }],
      },
      { multi: rural.polygon, areaId: rural.id },
    ])
  if (centre)
    places.push([
      {
        title: `Snabb klottersanering kring resecentrum ${DEMO_MARK}`,
        problem: 'Klotter och skadegörelse kring stationen ger ett otryggt intryck.',
        owner: 'teknik',
        partners: ['Trafikverket', 'Fastighetsägarna'],
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        status: 'planned',
        indicators: [{ kind: 'incidents', categories: ['graffiti', 'vandalism'] }],
      },
      { multi: [[circle(world.station, 350)]], areaId: null },
    ])

  const values: (typeof actionMeasures.$inferInsert)[] = places.map(([t, place]) => ({
    id: rng.uuid(),
    title: t.title,
    problem: t.problem,
    ownerActorId: world.actors.get(t.owner)?.id ?? null,
    partners: t.partners,
    startDate: t.startDate,
    endDate: t.endDate,
    status: t.status,
    indicators: t.indicators,
    areaId: place.areaId,
    geom: multiPolygonGeometry(place.multi),
    classification: 'internal',
    createdBy: SEED_USER,
    updatedBy: SEED_USER,
  }))
  ctx.counts.action_measures = await insertAll(ctx.tx, actionMeasures, values)
  // Note: a circle drawn around a place by the shore may reach past the boundary into the sea; a
  // measure's place is the part of it in the municipality, as the map's drawing tool keeps it too.
  await rows(
    ctx.tx,
    sql`
    UPDATE action_measures t SET geom = ST_Multi(ST_CollectionExtract(ST_Intersection(t.geom, m.geom), 3))
    FROM areas m WHERE m.kind = 'municipality' AND NOT ST_CoveredBy(t.geom, m.geom)`,
  )
}
