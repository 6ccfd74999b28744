/**
 * Planning rules as data: county boards' recommended distances and levels, each with its county
 * (LnKod, or '*' for national), version, source and whether it has been checked against the source.
 * They are recommendations, not law, and differ between counties; code never hard-codes them.
 */
import { planningRules } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import { insertAll } from './sql.ts'

/** The counties of the joint policy on hazardous goods: Stockholm, Skåne, Västra Götaland. */
const HAZARDOUS_GOODS_COUNTIES = [
  { county: '01', distanceM: 150 },
  { county: '12', distanceM: 140 },
  { county: '14', distanceM: 150 },
]
/** The counties around Lake Mälaren: Stockholm, Uppsala, Södermanland, Västmanland. */
const MALAREN_COUNTIES = ['01', '03', '04', '19']

const JOINT_POLICY =
  'Länsstyrelserna i Stockholms, Skåne och Västra Götalands län: Riskhantering i detaljplaneprocessen, ' +
  'riktlinjer för planläggning intill vägar och järnvägar där det transporteras farligt gods'

/**
 * Land uses (Boverket's letters) by zone, nearest the route first. Zone limits themselves come
 * from each plan's risk investigation.
 */
const ZONES = {
  A: { letters: ['L', 'P', 'T', 'N'], sv: 'Odling, ytparkering, trafik, friluftsliv' },
  B: {
    letters: ['G', 'J', 'K', 'U', 'E', 'H', 'Y'],
    sv: 'Drivmedel, industri, kontor, lager, tekniska anläggningar, sällanköpshandel, idrott',
  },
  C: {
    letters: ['B', 'C', 'D', 'H', 'R', 'S', 'Y'],
    sv: 'Bostäder, centrum, vård, övrig handel, kultur, skola, hotell, arenor',
  },
}

export async function seedPlanningRules(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('planning-rules')
  const rows: (typeof planningRules.$inferInsert)[] = []
  const add = (row: Omit<typeof planningRules.$inferInsert, 'id'>) =>
    rows.push({ id: rng.uuid(), classification: 'open', createdBy: SEED_USER, updatedBy: SEED_USER, ...row })

  for (const { county, distanceM } of HAZARDOUS_GOODS_COUNTIES) {
    add({
      county,
      ruleKey: 'hazardous_goods_assessment_distance',
      version: '2016',
      hazardKind: 'hazardous_goods',
      description: `Risken ska bedömas för planområden inom ${distanceM} m från primär eller sekundär transportled för farligt gods eller järnväg.`,
      parameters: { distanceM, appliesTo: ['primary', 'secondary', 'railway'] },
      source: JOINT_POLICY,
      verified: true,
    })
    add({
      county,
      ruleKey: 'hazardous_goods_land_use_zones',
      version: '2016',
      hazardKind: 'hazardous_goods',
      description:
        'Markanvändning zonindelas från leden: zon A närmast, sedan zon B och zon C. Zongränserna bestäms i riskutredningen.',
      parameters: { zones: ZONES, zoneLimitsFrom: 'risk_investigation' },
      source: JOINT_POLICY,
      verified: true,
    })
  }
  add({
    county: '*',
    ruleKey: 'railway_no_buildings',
    version: '2016',
    hazardKind: 'railway',
    description: 'Ingen bebyggelse inom 30 m från järnvägens spårmitt (urspårningsrisk).',
    parameters: { distanceM: 30 },
    source: JOINT_POLICY,
    verified: true,
  })
  add({
    county: '01',
    ruleKey: 'petrol_station_distances',
    version: '2000',
    hazardKind: 'petrol_station',
    description:
      'Skyddsavstånd från drivmedelsstation: kontor 25 m, bostäder 50 m (äldre vägledning, ej verifierad).',
    parameters: { officesM: 25, housingM: 50 },
    source:
      'Länsstyrelsen i Stockholms län: äldre vägledning om riskhänsyn vid planering intill bensinstationer',
    verified: false,
  })
  add({
    county: '*',
    ruleKey: 'seveso_safety_distance',
    version: '2015',
    hazardKind: 'seveso',
    description:
      'Lämpliga skyddsavstånd till Sevesoverksamheter bedöms från fall till fall; detaljplan krävs.',
    parameters: { caseByCase: true, detailedPlanRequired: true },
    source:
      'Lag (1999:381) om åtgärder för att förebygga och begränsa följderna av allvarliga kemikalieolyckor; PBL 4 kap. 2 §',
    verified: true,
  })
  add({
    county: '*',
    ruleKey: 'flood_critical_functions_above_bhf',
    version: '2018',
    hazardKind: 'flood',
    description:
      'Samhällsviktig verksamhet och sammanhållen ny bebyggelse placeras över nivån för beräknat högsta flöde (BHF).',
    parameters: { criticalFunctionsAbove: 'flood_bhf', continuousDevelopmentAbove: 'flood_bhf' },
    source:
      'MSB:s översvämningskartering och länsstyrelsernas rekommendationer om översvämningsrisker i fysisk planering',
    verified: true,
  })
  for (const county of MALAREN_COUNTIES)
    add({
      county,
      ruleKey: 'flood_malaren_min_level',
      version: '2018',
      hazardKind: 'flood',
      description: 'Ny bebyggelse vid Mälaren placeras lägst på +2,7 m (RH 2000).',
      parameters: { water: 'Mälaren', minLevelM: 2.7, heightSystem: 'RH 2000' },
      source:
        'Länsstyrelserna i Mälardalen: Rekommendationer för hantering av översvämningsrisker längs Mälaren',
      verified: true,
    })
  add({
    county: '01',
    ruleKey: 'flood_baltic_min_level',
    version: '2015',
    hazardKind: 'flood',
    description: 'Ny bebyggelse längs Östersjökusten i Stockholms län placeras lägst på +2,7 m (RH 2000).',
    parameters: { water: 'Östersjön', minLevelM: 2.7, heightSystem: 'RH 2000' },
    source:
      'Länsstyrelsen i Stockholms län: Rekommendationer för lägsta grundläggningsnivå längs Östersjökusten',
    verified: true,
  })
  add({
    county: '*',
    ruleKey: 'heat_warning',
    version: '2022',
    hazardKind: 'heat',
    description:
      'Varning för höga temperaturer vid minst 30 °C tre till fyra dagar i följd; äldreomsorg och förskolor är känsliga.',
    parameters: { temperatureC: 30, days: 3, sensitive: ['care_home', 'preschool'] },
    source: 'SMHI: varningar för höga temperaturer',
    verified: true,
  })
  ctx.counts.planning_rules = await insertAll(ctx.tx, planningRules, rows)
}
