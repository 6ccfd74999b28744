/**
 * Incidents (oönskade händelser) over the three years up to 2026-10-31: reported crime from the
 * police, accidents and fires from the rescue service, and the municipality's own incident reports.
 *
 * They are clustered in space (nightlife, the station, the mall, a suburb whose problems grow,
 * residential burglary out of town, accidents along roads) and in time (violence in summer and on
 * weekend nights, burglary in the dark months), so that hotspot and trend analyses find something.
 * The count follows the population: about 60,000 for Norrköping, at least 15,000 for a small town.
 */
import { sql } from 'drizzle-orm'
import { minimumClassification } from '../../common/classification-rules.ts'
import { DEMO_MARK, type IncidentCategory, incidentCategoryTerms } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import { type District, SEED_USER, type SeedContext } from './context.ts'
import { along, lineLength, toWgs, type XY } from './geometry.ts'
import { WeightedTable } from './random.ts'
import { rows } from './sql.ts'

/** The first local day of the incident window and its length: 2023-11-01 .. 2026-10-31. */
const FIRST_DAY_UTC = Date.UTC(2023, 10, 1)
const DAYS = 1096
const INCIDENTS_PER_INHABITANT = 60_000 / 145_000

type Component =
  | 'nightlife'
  | 'centre'
  | 'station'
  | 'mall'
  | 'residential'
  | 'suburbHotspot'
  | 'roads'
  | 'schools'
  | 'care'
  | 'municipal'
  | 'villages'
  | 'industrial'
  | 'background'

type HourProfile = 'night' | 'evening' | 'office' | 'day' | 'commute' | 'flat'

const HOURS: Record<HourProfile, number[]> = {
  night: [
    7, 7, 6, 4, 2, 1, 0.5, 0.5, 0.6, 0.7, 0.8, 1, 1.3, 1.4, 1.6, 1.8, 2, 2.2, 2.5, 2.8, 3.2, 3.8, 5, 6.5,
  ],
  evening: [
    3, 2.5, 2, 1.2, 0.6, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.1, 1.3, 1.6, 2, 2.4, 2.8, 3.2, 3.6, 4, 4,
    3.6,
  ],
  office: [
    0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 3.5, 3.5, 3, 2.5, 3, 3.3, 3, 2.2, 1.2, 0.6, 0.4, 0.3, 0.2, 0.2,
    0.1,
  ],
  day: [
    0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1, 1.6, 2, 2.4, 2.6, 2.8, 2.8, 2.8, 2.8, 2.8, 2.6, 2.2, 1.8, 1.4, 1,
    0.7, 0.5,
  ],
  commute: [
    0.3, 0.2, 0.2, 0.2, 0.3, 0.8, 2, 3.5, 3, 1.8, 1.6, 1.8, 2, 1.9, 2, 2.6, 3.6, 3.8, 2.8, 1.8, 1.2, 0.9, 0.6,
    0.4,
  ],
  flat: Array.from({ length: 24 }, () => 1),
}

interface CategoryModel {
  /** Relative frequency among all incidents. */
  weight: number
  /** Day of year of the seasonal peak and its strength (0 = no season). */
  season: [number, number]
  /** Extra weight for Friday and Saturday (their nights run into the next morning). */
  weekend: number
  hours: HourProfile
  /** Relative change per year, e.g. -0.08 for the falling number of burglaries. */
  trend: number
  severity: [number, number, number, number, number]
  places: Partial<Record<Component, number>>
  /** Share reported by the municipality rather than the police (graffiti on schools, etc.). */
  municipalShare?: number
  descriptions: string[]
}

const MODELS: Record<IncidentCategory, CategoryModel> = {
  assault: {
    weight: 7,
    season: [196, 0.25],
    weekend: 2.2,
    hours: 'night',
    trend: -0.02,
    severity: [10, 40, 30, 15, 5],
    places: { nightlife: 5, centre: 2, station: 1.5, suburbHotspot: 1.2, residential: 2, background: 0.3 },
    descriptions: [
      'Misshandel utomhus efter bråk utanför krog',
      'Misshandel i bostad',
      'Slagsmål vid busshållplats',
      'Person slagen i huvudet, fördes till akuten',
    ],
  },
  unlawful_threat: {
    weight: 6,
    season: [196, 0.15],
    weekend: 1.4,
    hours: 'evening',
    trend: 0.02,
    severity: [20, 45, 25, 8, 2],
    places: { centre: 2, nightlife: 1.5, residential: 3, suburbHotspot: 1, station: 0.7, background: 0.3 },
    descriptions: [
      'Hot via sms och sociala medier',
      'Hot i trappuppgång',
      'Hotad med kniv',
      'Hot mot grannar',
    ],
  },
  sexual_offence: {
    weight: 2,
    season: [196, 0.3],
    weekend: 1.8,
    hours: 'night',
    trend: 0.03,
    severity: [5, 20, 35, 30, 10],
    places: { nightlife: 3, centre: 1.5, residential: 2, station: 0.8, background: 0.3 },
    descriptions: ['Sexuellt ofredande', 'Ofredande på nattbuss', 'Anmälan om våldtäkt, utredning pågår'],
  },
  robbery: {
    weight: 1,
    season: [300, 0.15],
    weekend: 1.5,
    hours: 'night',
    trend: -0.05,
    severity: [5, 25, 40, 25, 5],
    places: { centre: 2, station: 2, nightlife: 1.5, suburbHotspot: 1.5, mall: 0.8, residential: 0.7 },
    descriptions: ['Personrån, mobiltelefon tagen', 'Rån mot ungdom i park', 'Butiksrån'],
  },
  residential_burglary: {
    weight: 3,
    season: [349, 0.35],
    weekend: 1,
    hours: 'day',
    trend: -0.08,
    severity: [10, 50, 30, 8, 2],
    places: { residential: 4, villages: 2, background: 1.2, suburbHotspot: 0.3 },
    descriptions: [
      'Inbrott i villa, smycken stulna',
      'Lägenhetsinbrott, dörren uppbruten',
      'Inbrott i fritidshus',
      'Inbrottsförsök, altandörr skadad',
    ],
  },
  car_theft: {
    weight: 2.5,
    season: [330, 0.15],
    weekend: 1.1,
    hours: 'evening',
    trend: -0.06,
    severity: [30, 50, 15, 4, 1],
    places: { residential: 3, mall: 1.5, station: 1.2, industrial: 1, suburbHotspot: 1, background: 0.4 },
    descriptions: ['Bil stulen från parkering', 'Stöld ur bil, ruta krossad', 'Katalysator stulen'],
  },
  bicycle_theft: {
    weight: 6,
    season: [220, 0.6],
    weekend: 1,
    hours: 'day',
    trend: -0.03,
    severity: [60, 35, 5, 0, 0],
    places: { station: 4, centre: 3, schools: 1.5, residential: 2, mall: 1 },
    descriptions: [
      'Cykel stulen vid stationen',
      'Låst cykel stulen från cykelställ',
      'Elcykel stulen ur förråd',
    ],
  },
  vandalism: {
    weight: 11,
    season: [180, 0.2],
    weekend: 1.6,
    hours: 'evening',
    trend: 0.01,
    severity: [40, 40, 15, 4, 1],
    places: {
      centre: 2,
      nightlife: 1.5,
      schools: 2.5,
      suburbHotspot: 2.5,
      residential: 2,
      station: 1,
      industrial: 0.5,
      background: 0.4,
    },
    municipalShare: 0.2,
    descriptions: [
      'Krossade rutor',
      'Skadegörelse på busskur',
      'Sönderslagna lyktstolpar',
      'Skadegörelse på skolans fasad',
    ],
  },
  graffiti: {
    weight: 5,
    season: [170, 0.3],
    weekend: 1.3,
    hours: 'evening',
    trend: 0,
    severity: [70, 25, 5, 0, 0],
    places: { centre: 2, schools: 3, station: 2, suburbHotspot: 2, industrial: 1 },
    municipalShare: 0.35,
    descriptions: [
      'Klotter på fasad',
      'Klotter i gångtunnel',
      'Klotter på skolbyggnad',
      'Klotter på tåg och perrong',
    ],
  },
  drug_offence: {
    weight: 9,
    season: [190, 0.15],
    weekend: 1.3,
    hours: 'evening',
    trend: 0.04,
    severity: [30, 45, 20, 4, 1],
    places: { centre: 2, nightlife: 2, station: 1.5, suburbHotspot: 4, residential: 1, background: 0.2 },
    descriptions: [
      'Innehav av cannabis vid kontroll',
      'Ringa narkotikabrott',
      'Misstänkt försäljning av narkotika',
      'Eget bruk, urinprov taget',
    ],
  },
  fraud: {
    weight: 13,
    season: [0, 0],
    weekend: 0.8,
    hours: 'office',
    trend: 0.1,
    severity: [30, 45, 20, 4, 1],
    places: { residential: 6, centre: 1, background: 0.5 },
    descriptions: [
      'Telefonbedrägeri mot äldre person',
      'Bedrägeri via annonssajt',
      'Kortbedrägeri',
      'Falsk bankman lurade till sig BankID',
    ],
  },
  traffic_accident: {
    weight: 6,
    season: [15, 0.15],
    weekend: 0.9,
    hours: 'commute',
    trend: -0.01,
    severity: [35, 35, 20, 8, 2],
    places: { roads: 8, centre: 0.5, mall: 0.4 },
    descriptions: [
      'Trafikolycka, två personbilar',
      'Singelolycka, bil i diket',
      'Cyklist påkörd i korsning',
      'Viltolycka med rådjur',
    ],
  },
  fall_accident: {
    weight: 3,
    season: [20, 0.4],
    weekend: 1,
    hours: 'day',
    trend: 0,
    severity: [25, 40, 25, 8, 2],
    places: { care: 3, centre: 1, residential: 2 },
    descriptions: [
      'Fallolycka på isig trottoar',
      'Fall i trappa',
      'Brukare föll i badrum',
      'Fall från stege',
    ],
  },
  building_fire: {
    weight: 1.5,
    season: [15, 0.2],
    weekend: 1.1,
    hours: 'evening',
    trend: 0,
    severity: [15, 30, 30, 18, 7],
    places: { residential: 4, suburbHotspot: 0.8, industrial: 0.6, care: 0.3, villages: 0.8 },
    descriptions: [
      'Brand i lägenhet, spisbrand',
      'Brand i villa',
      'Brand i soprum',
      'Brand i industribyggnad',
    ],
  },
  outdoor_fire: {
    weight: 1.5,
    season: [140, 0.8],
    weekend: 1.3,
    hours: 'evening',
    trend: 0,
    severity: [40, 35, 15, 8, 2],
    places: { suburbHotspot: 1.5, background: 2, villages: 1, residential: 1, schools: 0.5 },
    descriptions: ['Brand i container', 'Gräsbrand', 'Bilbrand', 'Mindre skogsbrand'],
  },
  water_damage: {
    weight: 1.5,
    season: [30, 0.2],
    weekend: 1,
    hours: 'day',
    trend: 0,
    severity: [25, 45, 22, 7, 1],
    places: { municipal: 3, schools: 1.5, care: 1.5 },
    descriptions: [
      'Vattenläcka i skolans kök',
      'Frysskadat rör, vattenskada i källare',
      'Läckande takbrunn efter skyfall',
    ],
  },
  threat_to_staff: {
    weight: 2,
    season: [100, 0.1],
    weekend: 0.6,
    hours: 'office',
    trend: 0.05,
    severity: [10, 40, 35, 12, 3],
    places: { schools: 2.5, care: 2, municipal: 2, centre: 1 },
    descriptions: [
      'Förälder hotade personal i förskola',
      'Elev utdelade slag mot lärare',
      'Hot mot handläggare vid besök',
      'Brukare hotade hemtjänstpersonal',
    ],
  },
  unlawful_influence: {
    weight: 0.3,
    season: [0, 0],
    weekend: 0.4,
    hours: 'office',
    trend: 0.1,
    severity: [5, 25, 40, 25, 5],
    places: { municipal: 4, centre: 1 },
    descriptions: [
      'Påtryckningar mot bygglovshandläggare',
      'Försök att muta tjänsteperson',
      'Trakasserier mot förtroendevald',
    ],
  },
  it_incident: {
    weight: 1.5,
    season: [0, 0],
    weekend: 0.3,
    hours: 'office',
    trend: 0.06,
    severity: [30, 35, 20, 12, 3],
    places: { municipal: 5 },
    descriptions: [
      'Nätfiskemejl till många anställda',
      'Skadlig kod på arbetsstation',
      'Avbrott i verksamhetssystem',
      'Kontointrång, lösenord återställt',
    ],
  },
}

const SOURCES: Record<string, 'police' | 'rescue' | 'municipality'> = {
  crime: 'police',
  accident: 'rescue',
  fire: 'rescue',
  municipal: 'municipality',
  it: 'municipality',
}

const MUNICIPAL_REPORTERS = [
  'Rektor',
  'Enhetschef hemtjänsten',
  'Fastighetsförvaltare',
  'Handläggare',
  'Skolvärd',
  'IT-säkerhetssamordnare',
  'Förskolechef',
]
const FOLLOW_UPS = [
  'Polisanmält',
  'Åtgärdat',
  'Under utredning',
  'Arbetsmiljöanmälan gjord',
  'Riskbedömning uppdaterad',
]

/** Sweden's UTC offset in hours on a UTC instant: summer time from the last Sunday of March to October. */
function swedishOffset(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear()
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(year, month + 1, 0, 1))
    d.setUTCDate(d.getUTCDate() - d.getUTCDay())
    return d.getTime()
  }
  return utcMs >= lastSunday(2) && utcMs < lastSunday(9) ? 2 : 1
}

interface Incident {
  id: string
  at: string
  created: string
  category: IncidentCategory
  group: string
  severity: number
  source: string
  reporter: string
  description: string
  followUp: string | null
  location: XY
}

export async function seedIncidents(ctx: SeedContext): Promise<void> {
  const incidents = planIncidents(ctx)
  const batch = 4000
  for (let i = 0; i < incidents.length; i += batch) {
    const json = JSON.stringify(
      incidents.slice(i, i + batch).map((x) => {
        const [lon, lat] = toWgs(x.location)
        return {
          i: x.id,
          t: x.at,
          u: x.created,
          c: x.category,
          g: x.group,
          s: x.severity,
          o: x.source,
          r: x.reporter,
          d: x.description,
          f: x.followUp,
          x: lon,
          y: lat,
          // Point data from the police and threats against staff are sensitive; the rest is internal.
          k: higherClassification(
            'internal',
            minimumClassification('incidents', { source: x.source, category: x.category }),
          ),
        }
      }),
    )
    // Note: one JSON parameter per batch is far faster than drizzle's thirteen parameters per row.
    await rows(
      ctx.tx,
      sql`INSERT INTO incidents (id, occurred_at, category, category_group, severity, source, reporter, description,
          follow_up, geom, classification, created_by, created_at, updated_by, updated_at)
        SELECT i, t, c, g, s, o, r, d, f, ST_SetSRID(ST_MakePoint(x, y), 4326), k, ${SEED_USER}, u, ${SEED_USER}, u
        FROM json_to_recordset(${json}::json)
          AS j(i uuid, t timestamptz, u timestamptz, c text, g text, s smallint, o text, r text, d text, f text,
               x float8, y float8, k text)`,
    )
  }
  ctx.counts.incidents = incidents.length
}

/** Generates the incidents in memory; pure apart from the random stream. */
export function planIncidents(ctx: SeedContext): Incident[] {
  const rng = ctx.rng.fork('incidents')
  const { kommun, world } = ctx
  const { region, townRadius } = kommun
  const total = Math.round(
    Math.min(1.5, Math.max(0.25, kommun.population / 145_000)) *
      145_000 *
      INCIDENTS_PER_INHABITANT *
      ctx.incidentScale,
  )

  const categories = Object.keys(MODELS) as IncidentCategory[]
  const categoryTable = new WeightedTable(
    categories,
    categories.map((c) => MODELS[c].weight),
  )
  // Per category: a table over the days of the window (season x weekday x trend).
  const dayTables = new Map<IncidentCategory, WeightedTable<number>>()
  const hourTables = new Map<HourProfile, WeightedTable<number>>()
  const dayIndex = Array.from({ length: DAYS }, (_, i) => i)
  for (const c of categories) {
    const m = MODELS[c]
    const weights = dayIndex.map((i) => {
      const date = new Date(FIRST_DAY_UTC + i * 86_400_000)
      const doy = (date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000
      const season = 1 + m.season[1] * Math.cos((2 * Math.PI * (doy - m.season[0])) / 365)
      const weekday = date.getUTCDay()
      const weekend = weekday === 5 || weekday === 6 ? m.weekend : 1
      // The school holidays empty the schools of pupils and staff.
      const summer = (c === 'threat_to_staff' || c === 'water_damage') && date.getUTCMonth() === 6 ? 0.4 : 1
      return season * weekend * summer * (1 + m.trend) ** (i / 365)
    })
    dayTables.set(c, new WeightedTable(dayIndex, weights))
  }
  for (const [profile, weights] of Object.entries(HOURS))
    hourTables.set(
      profile as HourProfile,
      new WeightedTable(
        Array.from({ length: 24 }, (_, h) => h),
        weights,
      ),
    )

  const urban = world.districts.filter((d) => d.kind === 'urban')
  // The suburb whose problems grow over the three years: an emerging hotspot to be found.
  const hotspotDistrict: District = urban.length ? urban[0] : world.districts[0]
  const hotspot = region.pointNear(rng, hotspotDistrict.seed, 150, hotspotDistrict.seed)
  const populated = new WeightedTable(
    world.districts,
    world.districts.map((d) => d.population),
  )
  const schools = world.assets.filter(
    (a) => a.kind === 'school' || a.kind === 'preschool' || a.kind === 'upper_school',
  )
  const care = world.assets.filter(
    (a) =>
      a.kind === 'care_home' || a.kind === 'home_care' || a.kind === 'health_centre' || a.kind === 'lss_home',
  )
  const municipal = world.assets.filter((a) =>
    ['town_hall', 'school', 'preschool', 'care_home', 'kitchen', 'server_room', 'alternate_command'].includes(
      a.kind,
    ),
  )
  const roadWeight = { motorway: 4, primary: 4, secondary: 1.5, local: 2 } as const
  const roads = world.roads.length
    ? new WeightedTable(
        world.roads,
        world.roads.map((r) => lineLength(r.line) * roadWeight[r.roadClass]),
      )
    : null
  const policeArea = (p: XY) =>
    world.policeAreas.find((g) => g.districtCodes.includes(districtOf(p).code)) ?? world.policeAreas[0]
  const districtOf = (p: XY) => world.districts.find((d) => d.region.contains(p)) ?? world.districts[0]

  const near = (centre: XY, sd: number): XY => region.pointNear(rng, centre, sd, centre)
  const locate = (component: Component): XY => {
    switch (component) {
      case 'nightlife':
        return near(world.nightlife, townRadius * 0.04)
      case 'centre':
        return near(kommun.centre, townRadius * 0.15)
      case 'station':
        return near(world.station, 100)
      case 'mall':
        return near(world.mall, 120)
      case 'residential': {
        const d = populated.draw(rng)
        return near(d.seed, d.spread)
      }
      case 'suburbHotspot':
        return near(hotspot, 220)
      case 'roads': {
        if (!roads) return near(kommun.centre, townRadius * 0.3)
        const road = roads.draw(rng)
        const { point } = along(road.line, rng.range(0, lineLength(road.line)))
        const p: XY = [point[0] + rng.normal(0, 8), point[1] + rng.normal(0, 8)]
        return region.contains(p) ? p : point
      }
      case 'schools':
        return schools.length ? near(rng.pick(schools).location, 40) : near(kommun.centre, townRadius * 0.3)
      case 'care':
        return care.length ? near(rng.pick(care).location, 30) : near(kommun.centre, townRadius * 0.3)
      case 'municipal':
        return municipal.length
          ? near(rng.pick(municipal).location, 20)
          : near(kommun.centre, townRadius * 0.1)
      case 'villages':
        return world.villages.length ? near(rng.pick(world.villages).location, 500) : region.randomPoint(rng)
      case 'industrial':
        return near(world.industrial, 350)
      case 'background':
        return region.randomPoint(rng)
      default: {
        const never: never = component
        throw new Error(`unknown component ${never}`)
      }
    }
  }

  const out: Incident[] = []
  for (let n = 0; n < total; n++) {
    const category = categoryTable.draw(rng)
    const m = MODELS[category]
    let day = dayTables.get(category)!.draw(rng)
    const hour = hourTables.get(m.hours)!.draw(rng)
    // A weekend night's small hours belong to the next morning.
    if (m.hours === 'night' && hour < 5 && day < DAYS - 1) day += 1
    const minute = rng.int(0, 59)
    const localMs = FIRST_DAY_UTC + day * 86_400_000 + hour * 3_600_000 + minute * 60_000
    const utcMs = localMs - swedishOffset(localMs - 3_600_000) * 3_600_000

    const night = hour >= 21 || hour < 4
    const progress = day / DAYS
    const components = Object.keys(m.places) as Component[]
    const weights = components.map((c) => {
      const w = m.places[c] ?? 0
      if (c === 'nightlife') return w * (night ? 2.5 : 0.4)
      if (c === 'suburbHotspot') return w * (0.3 + 1.7 * progress)
      return w
    })
    const location = locate(rng.weighted(components, weights))

    const group = incidentCategoryTerms[category].group
    let source = SOURCES[group]
    if (m.municipalShare && rng.chance(m.municipalShare)) source = 'municipality'
    const reporter =
      source === 'police'
        ? `Polisen, ${policeArea(location).name}`
        : source === 'rescue'
          ? `Räddningstjänsten ${kommun.name} ${DEMO_MARK}`
          : `${rng.pick(MUNICIPAL_REPORTERS)}, ${districtOf(location).name}`
    const severity = rng.weighted([1, 2, 3, 4, 5], m.severity)
    out.push({
      id: rng.uuid(),
      at: new Date(utcMs).toISOString(),
      created: new Date(utcMs + rng.range(0.2, source === 'police' ? 72 : 24) * 3_600_000).toISOString(),
      category,
      group,
      severity,
      source,
      reporter,
      description: rng.pick(m.descriptions),
      followUp: source === 'municipality' ? rng.pick(FOLLOW_UPS) : null,
      location,
    })
  }
  return out
}
