/**
 * Critical assets (samhällsviktig verksamhet) across MSB's sectors and the dependencies between
 * them: who needs electricity, water, heat, telecom, fuel or transport from whom, with redundancy
 * groups, time to impact and backup duration.
 */
import { minimumClassification } from '../../common/classification-rules.ts'
import { DEMO_MARK, type Sector } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import { assetDependencies, criticalAssets } from '../schema.ts'
import { type AssetRef, type District, SEED_USER, type SeedContext } from './context.ts'
import { byDistance, distance, pointGeometry, type XY } from './geometry.ts'
import type { Random } from './random.ts'
import { insertAll } from './sql.ts'

type Placement =
  | 'centre'
  | 'town'
  | 'population'
  | 'spread'
  | 'industrial'
  | 'river'
  | 'station'
  | 'mall'
  | 'district'

interface AssetKind {
  key: string
  /** The function as users name it, also the start of the asset's name. */
  label: string
  sector: Sector
  owner: string | null
  /** How many a municipality of about 145,000 inhabitants has; scaled by population. */
  count: number
  min: number
  placement: Placement
  styrel: [number, number]
  outageHours: number
  /** Probability of backup power, its type and hours of fuel or battery. */
  backup?: { p: number; type: 'diesel' | 'battery' | 'gas' | 'mobile'; hours: [number, number] }
  residents?: (rng: Random, population: number, count: number) => number
  vulnerable?: (rng: Random) => Record<string, number>
}

const share = (fraction: number) => (_rng: Random, population: number, count: number) =>
  Math.round((population * fraction) / Math.max(1, count))

export const ASSET_KINDS: AssetKind[] = [
  // Energy supply
  {
    key: 'primary_substation',
    label: 'Fördelningsstation',
    sector: 'energy',
    owner: 'energi',
    count: 6,
    min: 2,
    placement: 'district',
    styrel: [2, 2],
    outageHours: 1,
    backup: { p: 1, type: 'battery', hours: [6, 12] },
    residents: share(1),
  },
  {
    key: 'substation',
    label: 'Nätstation',
    sector: 'energy',
    owner: 'energi',
    count: 45,
    min: 12,
    placement: 'population',
    styrel: [4, 4],
    outageHours: 4,
    residents: share(1),
  },
  {
    key: 'chp_plant',
    label: 'Kraftvärmeverk',
    sector: 'energy',
    owner: 'energi',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [2, 2],
    outageHours: 6,
    backup: { p: 1, type: 'diesel', hours: [48, 96] },
    residents: share(0.6),
  },
  {
    key: 'heating_plant',
    label: 'Hetvattencentral',
    sector: 'energy',
    owner: 'fjarrvarme',
    count: 3,
    min: 1,
    placement: 'town',
    styrel: [4, 4],
    outageHours: 12,
    backup: { p: 0.5, type: 'diesel', hours: [12, 24] },
    residents: share(0.3),
  },
  {
    key: 'fuel_depot',
    label: 'Drivmedelsdepå',
    sector: 'energy',
    owner: 'drivmedel',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [2, 2],
    outageHours: 24,
    backup: { p: 1, type: 'diesel', hours: [72, 168] },
  },
  // Municipal technical services
  {
    key: 'water_works',
    label: 'Vattenverk',
    sector: 'municipal_tech',
    owner: 'vatten',
    count: 2,
    min: 1,
    placement: 'river',
    styrel: [1, 1],
    outageHours: 4,
    backup: { p: 1, type: 'diesel', hours: [36, 72] },
    residents: share(0.9),
  },
  {
    key: 'reservoir',
    label: 'Vattenreservoar',
    sector: 'municipal_tech',
    owner: 'vatten',
    count: 4,
    min: 2,
    placement: 'population',
    styrel: [2, 2],
    outageHours: 12,
    residents: share(0.9),
  },
  {
    key: 'sewage_plant',
    label: 'Avloppsreningsverk',
    sector: 'municipal_tech',
    owner: 'vatten',
    count: 1,
    min: 1,
    placement: 'river',
    styrel: [3, 3],
    outageHours: 8,
    backup: { p: 1, type: 'diesel', hours: [24, 48] },
    residents: share(0.85),
  },
  {
    key: 'pumping_station',
    label: 'Avloppspumpstation',
    sector: 'municipal_tech',
    owner: 'vatten',
    count: 30,
    min: 8,
    placement: 'river',
    styrel: [4, 6],
    outageHours: 6,
    backup: { p: 0.25, type: 'mobile', hours: [8, 12] },
    residents: share(0.85),
  },
  {
    key: 'recycling_centre',
    label: 'Återvinningscentral',
    sector: 'municipal_tech',
    owner: 'teknik',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [7, 7],
    outageHours: 168,
  },
  // Health, medical and social care
  {
    key: 'hospital',
    label: 'Länssjukhuset',
    sector: 'health',
    owner: 'sjukhus',
    count: 1,
    min: 0,
    placement: 'town',
    styrel: [1, 1],
    outageHours: 0.5,
    backup: { p: 1, type: 'diesel', hours: [72, 96] },
    vulnerable: (r) => ({ hospitalBeds: r.int(300, 450) }),
  },
  {
    key: 'ambulance_station',
    label: 'Ambulansstation',
    sector: 'health',
    owner: 'sjukhus',
    count: 1,
    min: 1,
    placement: 'town',
    styrel: [1, 1],
    outageHours: 1,
    backup: { p: 1, type: 'diesel', hours: [24, 48] },
  },
  {
    key: 'health_centre',
    label: 'Vårdcentral',
    sector: 'health',
    owner: 'primarvard',
    count: 10,
    min: 2,
    placement: 'population',
    styrel: [3, 3],
    outageHours: 8,
    residents: share(1),
  },
  {
    key: 'care_home',
    label: 'Särskilt boende',
    sector: 'health',
    owner: 'omsorg',
    count: 20,
    min: 4,
    placement: 'population',
    styrel: [1, 1],
    outageHours: 2,
    backup: { p: 0.35, type: 'diesel', hours: [12, 48] },
    vulnerable: (r) => ({ elderlyCare: r.int(24, 90) }),
  },
  {
    key: 'lss_home',
    label: 'LSS-boende',
    sector: 'health',
    owner: 'omsorg',
    count: 8,
    min: 2,
    placement: 'population',
    styrel: [1, 1],
    outageHours: 2,
    vulnerable: (r) => ({ disabledResidents: r.int(4, 8) }),
  },
  {
    key: 'home_care',
    label: 'Hemtjänstgrupp',
    sector: 'health',
    owner: 'omsorg',
    count: 6,
    min: 2,
    placement: 'population',
    styrel: [3, 3],
    outageHours: 4,
    vulnerable: (r) => ({ homeCareClients: r.int(60, 160) }),
  },
  {
    key: 'pharmacy',
    label: 'Apotek',
    sector: 'health',
    owner: null,
    count: 4,
    min: 1,
    placement: 'centre',
    styrel: [3, 3],
    outageHours: 24,
  },
  // Public administration and education
  {
    key: 'town_hall',
    label: 'Kommunhuset (krisledningsplats)',
    sector: 'public_admin',
    owner: 'kommunledning',
    count: 1,
    min: 1,
    placement: 'centre',
    styrel: [2, 2],
    outageHours: 1,
    backup: { p: 1, type: 'diesel', hours: [72, 120] },
  },
  {
    key: 'alternate_command',
    label: 'Reservledningsplats',
    sector: 'public_admin',
    owner: 'kommunledning',
    count: 1,
    min: 1,
    placement: 'town',
    styrel: [2, 2],
    outageHours: 2,
    backup: { p: 1, type: 'diesel', hours: [72, 120] },
  },
  {
    key: 'preschool',
    label: 'Förskola',
    sector: 'public_admin',
    owner: 'utbildning',
    count: 45,
    min: 8,
    placement: 'population',
    styrel: [4, 5],
    outageHours: 8,
    vulnerable: (r) => ({ preschoolChildren: r.int(30, 140) }),
  },
  {
    key: 'school',
    label: 'Grundskola',
    sector: 'public_admin',
    owner: 'utbildning',
    count: 25,
    min: 4,
    placement: 'population',
    styrel: [4, 5],
    outageHours: 24,
    vulnerable: (r) => ({ pupils: r.int(150, 700) }),
  },
  {
    key: 'upper_school',
    label: 'Gymnasieskola',
    sector: 'public_admin',
    owner: 'utbildning',
    count: 3,
    min: 1,
    placement: 'centre',
    styrel: [6, 7],
    outageHours: 72,
  },
  // Information and communication
  {
    key: 'mast',
    label: 'Mobilmast',
    sector: 'ict',
    owner: 'tele_a',
    count: 24,
    min: 6,
    placement: 'spread',
    styrel: [2, 2],
    outageHours: 2,
    backup: { p: 0.8, type: 'battery', hours: [2, 6] },
    residents: share(0.5),
  },
  {
    key: 'exchange',
    label: 'Telestation',
    sector: 'ict',
    owner: 'tele_a',
    count: 3,
    min: 1,
    placement: 'town',
    styrel: [2, 2],
    outageHours: 1,
    backup: { p: 1, type: 'diesel', hours: [24, 72] },
    residents: share(1),
  },
  {
    key: 'data_centre',
    label: 'Datacenter',
    sector: 'ict',
    owner: 'tele_c',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [2, 2],
    outageHours: 0.5,
    backup: { p: 1, type: 'diesel', hours: [48, 72] },
  },
  {
    key: 'server_room',
    label: 'Kommunens serverhall',
    sector: 'ict',
    owner: 'it',
    count: 1,
    min: 1,
    placement: 'centre',
    styrel: [2, 2],
    outageHours: 2,
    backup: { p: 1, type: 'battery', hours: [1, 4] },
  },
  // Food
  {
    key: 'wholesaler',
    label: 'Livsmedelsgrossist',
    sector: 'food',
    owner: 'grossist',
    count: 1,
    min: 1,
    placement: 'mall',
    styrel: [4, 4],
    outageHours: 24,
    backup: { p: 0.5, type: 'diesel', hours: [12, 24] },
  },
  {
    key: 'grocery',
    label: 'Livsmedelsbutik',
    sector: 'food',
    owner: null,
    count: 12,
    min: 3,
    placement: 'population',
    styrel: [5, 5],
    outageHours: 24,
  },
  {
    key: 'kitchen',
    label: 'Tillagningskök',
    sector: 'food',
    owner: 'kost',
    count: 4,
    min: 1,
    placement: 'population',
    styrel: [3, 3],
    outageHours: 6,
  },
  // Financial services
  {
    key: 'bank_office',
    label: 'Bankkontor',
    sector: 'finance',
    owner: 'bank',
    count: 2,
    min: 1,
    placement: 'centre',
    styrel: [5, 5],
    outageHours: 48,
  },
  {
    key: 'cash_depot',
    label: 'Kontantdepå',
    sector: 'finance',
    owner: 'kontant',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [4, 4],
    outageHours: 24,
    backup: { p: 1, type: 'diesel', hours: [24, 48] },
  },
  {
    key: 'atm',
    label: 'Uttagsautomat',
    sector: 'finance',
    owner: 'bank',
    count: 6,
    min: 2,
    placement: 'population',
    styrel: [5, 5],
    outageHours: 48,
  },
  // Public order and safety, protection and safety
  {
    key: 'police_station',
    label: 'Polisstation',
    sector: 'public_order',
    owner: 'polis',
    count: 1,
    min: 1,
    placement: 'centre',
    styrel: [2, 2],
    outageHours: 0.5,
    backup: { p: 1, type: 'diesel', hours: [72, 96] },
  },
  {
    key: 'fire_station',
    label: 'Brandstation',
    sector: 'protection',
    owner: 'raddning',
    count: 2,
    min: 1,
    placement: 'town',
    styrel: [2, 2],
    outageHours: 0.5,
    backup: { p: 1, type: 'diesel', hours: [48, 72] },
  },
  {
    key: 'retained_fire_station',
    label: 'Deltidsbrandstation',
    sector: 'protection',
    owner: 'raddning',
    count: 3,
    min: 1,
    placement: 'district',
    styrel: [2, 2],
    outageHours: 1,
    backup: { p: 0.6, type: 'mobile', hours: [12, 24] },
  },
  // Social insurance
  {
    key: 'social_insurance_office',
    label: 'Försäkringskassans servicekontor',
    sector: 'social_insurance',
    owner: 'fk',
    count: 1,
    min: 1,
    placement: 'centre',
    styrel: [5, 5],
    outageHours: 72,
  },
  // Transport
  {
    key: 'travel_centre',
    label: 'Resecentrum',
    sector: 'transport',
    owner: 'trafikverket',
    count: 1,
    min: 1,
    placement: 'station',
    styrel: [4, 4],
    outageHours: 12,
  },
  {
    key: 'bus_depot',
    label: 'Bussdepå',
    sector: 'transport',
    owner: 'buss',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [4, 4],
    outageHours: 8,
    backup: { p: 0.5, type: 'diesel', hours: [12, 24] },
  },
  {
    key: 'port',
    label: 'Hamnterminal',
    sector: 'transport',
    owner: 'hamn',
    count: 1,
    min: 1,
    placement: 'industrial',
    styrel: [4, 5],
    outageHours: 24,
  },
  // Trade and industry
  {
    key: 'process_industry',
    label: 'Processindustri',
    sector: 'trade',
    owner: 'industri',
    count: 2,
    min: 1,
    placement: 'industrial',
    styrel: [5, 6],
    outageHours: 12,
    backup: { p: 0.5, type: 'gas', hours: [4, 12] },
  },
  {
    key: 'logistics',
    label: 'Logistikcentrum',
    sector: 'trade',
    owner: null,
    count: 1,
    min: 1,
    placement: 'mall',
    styrel: [5, 5],
    outageHours: 24,
  },
]

interface SeededAsset extends AssetRef {
  district: District
}

export async function seedAssets(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('assets')
  const { kommun, world } = ctx
  const { region, centre, townRadius } = kommun
  const factor = Math.min(1.2, Math.max(0.3, kommun.population / 145_000))
  const populated = world.districts.map((d) => d.population)
  const townRiver = world.river.flat().filter((p) => distance(p, centre) < townRadius * 0.9)

  const districtOf = (p: XY): District =>
    world.districts.find((d) => d.region.contains(p)) ?? world.districts[0]
  const place = (placement: Placement, index: number): XY => {
    switch (placement) {
      case 'centre':
        return region.pointNear(rng, centre, townRadius * 0.12)
      case 'town':
        return region.pointNear(rng, centre, townRadius * 0.45)
      case 'population': {
        const d = rng.weighted(world.districts, populated)
        return region.pointNear(rng, d.seed, d.spread, d.seed)
      }
      case 'spread':
        return rng.chance(0.5) ? region.randomPoint(rng) : place('population', index)
      case 'industrial':
        return region.pointNear(rng, world.industrial, 300, world.industrial)
      case 'river':
        return townRiver.length && rng.chance(0.7)
          ? region.pointNear(rng, rng.pick(townRiver), 120)
          : place('population', index)
      case 'station':
        return region.pointNear(rng, world.station, 60, world.station)
      case 'mall':
        return region.pointNear(rng, world.mall, 200, world.mall)
      case 'district': {
        // One per district, the town centre first, then the rural districts.
        const order = [
          ...world.districts.filter((d) => d.kind !== 'rural'),
          ...world.districts.filter((d) => d.kind === 'rural'),
        ]
        const d = order[index % order.length]
        return region.pointNear(rng, d.seed, d.spread * 0.3, d.seed)
      }
      default: {
        const never: never = placement
        throw new Error(`unknown placement ${never}`)
      }
    }
  }

  const assets: SeededAsset[] = []
  const values: (typeof criticalAssets.$inferInsert)[] = []
  for (const kind of ASSET_KINDS) {
    const count =
      kind.key === 'hospital' && kommun.population < 50_000
        ? 0
        : Math.max(kind.min, Math.round(kind.count * factor))
    const perDistrict = new Map<string, number>()
    for (let i = 0; i < count; i++) {
      const location = place(kind.placement, i)
      const district = districtOf(location)
      const n = (perDistrict.get(district.code) ?? 0) + 1
      perDistrict.set(district.code, n)
      const single = count === 1
      const name = single
        ? `${kind.label} ${DEMO_MARK}`
        : `${kind.label} ${district.name.replace(` ${DEMO_MARK}`, '')} ${n} ${DEMO_MARK}`
      const styrelClass = rng.int(kind.styrel[0], kind.styrel[1])
      const hasBackup = kind.backup !== undefined && rng.chance(kind.backup.p)
      const backupPowerType = hasBackup && kind.backup ? kind.backup.type : 'none'
      const backupPowerHours =
        hasBackup && kind.backup ? Math.round(rng.range(kind.backup.hours[0], kind.backup.hours[1])) : 0
      const owner =
        kind.owner === 'tele_a' && rng.chance(0.4)
          ? 'tele_b'
          : kind.owner === 'omsorg' && rng.chance(0.2)
            ? 'omsorgsbolag'
            : kind.owner
      const id = rng.uuid()
      const asset: SeededAsset = {
        id,
        name,
        function: kind.label,
        sector: kind.sector,
        location,
        styrelClass,
        backupPowerType,
        backupPowerHours,
        kind: kind.key,
        district,
      }
      assets.push(asset)
      values.push({
        id,
        name,
        sector: kind.sector,
        function: kind.label,
        ownerActorId: owner ? (world.actors.get(owner)?.id ?? null) : null,
        acceptableOutageHours: kind.outageHours,
        backupPowerType,
        backupPowerHours: hasBackup ? backupPowerHours : null,
        residentsServed: kind.residents ? kind.residents(rng, kommun.population, count) : null,
        vulnerableOccupants: kind.vulnerable ? kind.vulnerable(rng) : {},
        continuityPlanRef: rng.chance(styrelClass <= 3 ? 0.85 : 0.4)
          ? `KP-${kind.sector.toUpperCase().replace('_', '')}-${rng.int(2022, 2025)}-${String(rng.int(1, 60)).padStart(2, '0')}`
          : null,
        styrelClass,
        geom: pointGeometry(location),
        // Locations and vulnerabilities of the most critical facilities are confidential (OSL 18:13).
        classification: higherClassification(
          'internal',
          minimumClassification('critical-assets', { styrelClass }),
        ),
        createdBy: SEED_USER,
        updatedBy: SEED_USER,
      })
    }
  }
  world.assets = assets
  ctx.counts.critical_assets = await insertAll(ctx.tx, criticalAssets, values)
  ctx.counts.asset_dependencies = await insertAll(ctx.tx, assetDependencies, planDependencies(rng, assets))
}

type DependencyRow = typeof assetDependencies.$inferInsert

/**
 * Directed dependencies, nearest providers first. The substation → telecom exchange → substation
 * chain is a deliberate cycle: the grid's control system needs telecom that needs power.
 */
function planDependencies(rng: Random, assets: SeededAsset[]): DependencyRow[] {
  const of = (...kinds: string[]) => assets.filter((a) => kinds.includes(a.kind))
  const nearest = (providers: SeededAsset[], a: SeededAsset, k = 1) =>
    byDistance(
      providers.filter((p) => p.id !== a.id),
      a.location,
      (p) => p.location,
    ).slice(0, k)
  const out: DependencyRow[] = []
  const need = (
    a: SeededAsset,
    providers: SeededAsset[],
    resource: string,
    timeToImpactHours: number,
    backupHours = 0,
    group = resource,
  ) => {
    for (const p of providers)
      out.push({
        id: rng.uuid(),
        dependentAssetId: a.id,
        providerAssetId: p.id,
        resource,
        redundancyGroup: group,
        timeToImpactHours,
        backupHours,
        classification: 'restricted',
        createdBy: SEED_USER,
        updatedBy: SEED_USER,
      })
  }

  const primary = of('primary_substation')
  const substations = of('substation')
  const waterWorks = of('water_works')
  const reservoirs = of('reservoir')
  const heat = of('chp_plant', 'heating_plant')
  const masts = of('mast')
  const exchanges = of('exchange')
  const fuel = of('fuel_depot')
  const kitchens = of('kitchen')
  const wholesaler = of('wholesaler')
  const cash = of('cash_depot')
  const redundantPower = new Set([
    'hospital',
    'water_works',
    'data_centre',
    'town_hall',
    'chp_plant',
    'exchange',
  ])
  const heated = new Set([
    'care_home',
    'lss_home',
    'preschool',
    'school',
    'hospital',
    'health_centre',
    'upper_school',
  ])
  const watered = new Set([
    'care_home',
    'lss_home',
    'hospital',
    'chp_plant',
    'heating_plant',
    'health_centre',
  ])
  const fromReservoir = new Set(['preschool', 'school', 'kitchen', 'upper_school'])
  const telecomNeeds = new Set([
    'police_station',
    'fire_station',
    'retained_fire_station',
    'town_hall',
    'alternate_command',
    'hospital',
    'ambulance_station',
    'water_works',
    'sewage_plant',
    'primary_substation',
    'data_centre',
    'server_room',
    'cash_depot',
    'atm',
    'care_home',
    'bank_office',
  ])

  for (const a of assets) {
    const backup = a.backupPowerType === 'none' ? 0 : a.backupPowerHours
    // Electricity: local substations feed almost everything; the most critical have two feeds
    // from primary substations in one redundancy group.
    if (a.kind === 'substation') need(a, nearest(primary, a), 'electricity', 0)
    else if (a.kind === 'primary_substation') need(a, nearest(exchanges, a), 'telecom', 0, backup)
    else if (redundantPower.has(a.kind)) need(a, nearest(primary, a, 2), 'electricity', 0, backup)
    else need(a, nearest(substations, a), 'electricity', 0, backup)

    if (watered.has(a.kind))
      need(a, nearest(waterWorks, a, a.kind === 'hospital' ? 2 : 1), 'water', a.kind === 'hospital' ? 2 : 4)
    if (fromReservoir.has(a.kind)) need(a, nearest(reservoirs, a), 'water', 12)
    if (a.kind === 'reservoir') need(a, nearest(waterWorks, a), 'water', rng.int(12, 24))
    // Heat matters in town, where buildings are on district heating; two plants in one group.
    if (heated.has(a.kind) && a.district.kind !== 'rural')
      need(a, nearest(heat, a, 2), 'heat', a.kind === 'care_home' || a.kind === 'hospital' ? 4 : 8)
    if (telecomNeeds.has(a.kind) && a.kind !== 'primary_substation') {
      const critical = a.styrelClass <= 2
      need(
        a,
        [...nearest(masts, a), ...(critical ? nearest(exchanges, a) : [])],
        'telecom',
        critical ? 0.5 : 2,
      )
    }
    if (a.kind === 'mast') need(a, nearest(exchanges, a), 'telecom', 0)
    if (a.backupPowerType === 'diesel' && a.kind !== 'fuel_depot')
      need(a, nearest(fuel, a), 'fuel', backup, 0)
    if (a.kind === 'grocery' || a.kind === 'kitchen')
      need(a, nearest(wholesaler, a), 'transport', a.kind === 'kitchen' ? 24 : 48)
    if (a.kind === 'care_home') need(a, nearest(kitchens, a), 'transport', 6)
    if (a.kind === 'atm') need(a, nearest(cash, a), 'transport', 72)
    if (a.kind === 'ambulance_station') need(a, of('hospital').slice(0, 1), 'staff', 2)
  }
  return out
}
