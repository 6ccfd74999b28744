/**
 * The actor network under the municipality's geographic area responsibility (geografiskt
 * områdesansvar): municipal departments and companies, police, rescue service, region, county
 * board, utilities, telecom operators, large companies and volunteer organisations, with their
 * contacts, on-call functions, links and areas of responsibility.
 */
import { DEMO_MARK } from '../../common/domain.ts'
import { actorAreas, actorLinks, actors } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import { multiPolygonGeometry, pointGeometry, type XY } from './geometry.ts'
import type { Random } from './random.ts'
import { insertAll } from './sql.ts'

type Place = 'centre' | 'town' | 'industrial' | 'station' | 'mall' | 'rural'

interface ActorSpec {
  key: string
  name: string
  shortName?: string
  type: string
  sector: string | null
  description: string
  /** The on-call function's name, when the actor has one reachable around the clock. */
  onCall?: string
  place: Place
}

/** The actors every municipality has, named generically; `{k}` is the municipality's name. */
const ACTOR_SPECS: ActorSpec[] = [
  {
    key: 'kommunledning',
    name: 'Kommunledningsförvaltningen, {k} kommun',
    shortName: 'KLF',
    type: 'municipal_department',
    sector: 'public_admin',
    description: 'Samordnar kommunens krisberedskap och geografiska områdesansvar; leder krisledningsstaben.',
    onCall: 'TIB',
    place: 'centre',
  },
  {
    key: 'social',
    name: 'Socialförvaltningen, {k} kommun',
    type: 'municipal_department',
    sector: 'health',
    description: 'Individ- och familjeomsorg, socialjour, krisstöd (POSOM).',
    onCall: 'Socialjour',
    place: 'centre',
  },
  {
    key: 'omsorg',
    name: 'Vård- och omsorgsförvaltningen, {k} kommun',
    type: 'municipal_department',
    sector: 'health',
    description: 'Särskilda boenden, hemtjänst och kommunal hälso- och sjukvård.',
    place: 'town',
  },
  {
    key: 'utbildning',
    name: 'Utbildningsförvaltningen, {k} kommun',
    type: 'municipal_department',
    sector: 'public_admin',
    description: 'Förskolor, grundskolor och gymnasieskolor.',
    place: 'centre',
  },
  {
    key: 'samhallsbyggnad',
    name: 'Samhällsbyggnadsförvaltningen, {k} kommun',
    type: 'municipal_department',
    sector: 'public_admin',
    description: 'Fysisk planering, bygglov, riskbedömning i detaljplaner.',
    place: 'centre',
  },
  {
    key: 'teknik',
    name: 'Tekniska förvaltningen, {k} kommun',
    type: 'municipal_department',
    sector: 'municipal_tech',
    description: 'Gator, vägar, parker, avfall och vinterväghållning.',
    onCall: 'TIB',
    place: 'town',
  },
  {
    key: 'kultur',
    name: 'Kultur- och fritidsförvaltningen, {k} kommun',
    type: 'municipal_department',
    sector: null,
    description: 'Bibliotek, idrottsanläggningar, evenemang; trygghetspunkter vid kris.',
    place: 'centre',
  },
  {
    key: 'miljo',
    name: 'Miljö- och hälsoskyddskontoret, {k} kommun',
    type: 'municipal_department',
    sector: 'food',
    description: 'Livsmedelskontroll och miljötillsyn.',
    place: 'centre',
  },
  {
    key: 'kost',
    name: 'Kostenheten, {k} kommun',
    type: 'municipal_department',
    sector: 'food',
    description: 'Tillagningskök för skolor och äldreomsorg.',
    place: 'town',
  },
  {
    key: 'it',
    name: 'IT-avdelningen, {k} kommun',
    type: 'municipal_department',
    sector: 'ict',
    description: 'Kommunens IT-drift, informationssäkerhet och Rakel.',
    onCall: 'IT-beredskap',
    place: 'centre',
  },
  {
    key: 'energi',
    name: 'Kommunens Energi AB',
    type: 'municipal_company',
    sector: 'energy',
    description: 'Lokalt elnät, kraftvärme och fjärrvärme.',
    onCall: 'TIB',
    place: 'industrial',
  },
  {
    key: 'vatten',
    name: 'Vatten och Avlopp i {k} AB',
    type: 'municipal_company',
    sector: 'municipal_tech',
    description: 'Dricksvattenproduktion, ledningsnät och avloppsrening.',
    onCall: 'TIB',
    place: 'town',
  },
  {
    key: 'bostad',
    name: 'Allmännyttiga Bostäder i {k} AB',
    type: 'municipal_company',
    sector: null,
    description: 'Kommunens bostadsbolag, drygt var femte hyresrätt.',
    onCall: 'Fastighetsjour',
    place: 'centre',
  },
  {
    key: 'hamn',
    name: 'Hamn och Logistik i {k} AB',
    type: 'municipal_company',
    sector: 'transport',
    description: 'Hamn, terminal och logistikområde.',
    onCall: 'Hamnjour',
    place: 'industrial',
  },
  {
    key: 'stadsnat',
    name: 'Stadsnät {k} AB',
    type: 'municipal_company',
    sector: 'ict',
    description: 'Kommunens fibernät och kommunikationsoperatör.',
    onCall: 'Driftjour',
    place: 'town',
  },
  {
    key: 'polis',
    name: 'Polisen, lokalpolisområde {k}',
    shortName: 'LPO',
    type: 'police',
    sector: 'public_order',
    description: 'Lokalpolisområdet; medborgarlöften och samverkansöverenskommelse med kommunen.',
    onCall: 'Vakthavande befäl',
    place: 'centre',
  },
  {
    key: 'raddning',
    name: 'Räddningstjänsten {k}',
    type: 'rescue',
    sector: 'protection',
    description: 'Räddningstjänst enligt LSO, brandförebyggande arbete.',
    onCall: 'Räddningschef i beredskap',
    place: 'town',
  },
  {
    key: 'sjukhus',
    name: 'Regionen, länssjukhuset i {k}',
    type: 'region',
    sector: 'health',
    description: 'Akutsjukvård och sjukhusets katastrofberedskap.',
    onCall: 'TIB',
    place: 'town',
  },
  {
    key: 'primarvard',
    name: 'Regionen, primärvården i {k}',
    type: 'region',
    sector: 'health',
    description: 'Vårdcentraler, smittskydd och vaccination.',
    place: 'centre',
  },
  {
    key: 'lansstyrelse',
    name: 'Länsstyrelsen, {l}',
    type: 'county_board',
    sector: 'public_admin',
    description: 'Regional samordning, tillsyn över kommunens krisberedskap; lokalt kontor.',
    onCall: 'TIB',
    place: 'centre',
  },
  {
    key: 'elnat',
    name: 'Elnät Öst AB',
    type: 'utility',
    sector: 'energy',
    description: 'Region- och lokalnät utanför tätorten.',
    onCall: 'Driftcentral',
    place: 'rural',
  },
  {
    key: 'fjarrvarme',
    name: 'Värmeverket i {k} AB',
    type: 'utility',
    sector: 'energy',
    description: 'Reservvärmeproduktion och fjärrkyla.',
    place: 'industrial',
  },
  {
    key: 'tele_a',
    name: 'Telekomoperatör Alfa AB',
    type: 'telecom',
    sector: 'ict',
    description: 'Mobilnät och fast telefoni.',
    onCall: 'Nätdriftcentral',
    place: 'rural',
  },
  {
    key: 'tele_b',
    name: 'Mobilnät Beta AB',
    type: 'telecom',
    sector: 'ict',
    description: 'Mobilnät.',
    onCall: 'Nätdriftcentral',
    place: 'town',
  },
  {
    key: 'tele_c',
    name: 'Fibernät Gamma AB',
    type: 'telecom',
    sector: 'ict',
    description: 'Fiber och datacenter.',
    place: 'industrial',
  },
  {
    key: 'grossist',
    name: 'Livsmedelsgrossisten Öst AB',
    type: 'company',
    sector: 'food',
    description: 'Grossistlager för dagligvaror i regionen.',
    onCall: 'Lagerjour',
    place: 'mall',
  },
  {
    key: 'drivmedel',
    name: 'Drivmedelsdepå Öst AB',
    type: 'company',
    sector: 'energy',
    description: 'Bränsledepå och leveranser av diesel till reservkraft.',
    onCall: 'Jour',
    place: 'industrial',
  },
  {
    key: 'bank',
    name: 'Banken i {k}',
    type: 'company',
    sector: 'finance',
    description: 'Bankkontor och uttagsautomater.',
    place: 'centre',
  },
  {
    key: 'kontant',
    name: 'Kontanthantering Syd AB',
    type: 'company',
    sector: 'finance',
    description: 'Värdetransporter och kontantdepå.',
    place: 'industrial',
  },
  {
    key: 'industri',
    name: 'Nordkemi Produktion AB',
    type: 'company',
    sector: 'trade',
    description: 'Kemisk industri, Sevesoverksamhet på högre kravnivå.',
    onCall: 'Skiftledare',
    place: 'industrial',
  },
  {
    key: 'bruk',
    name: 'Bruket i {k} AB',
    type: 'company',
    sector: 'trade',
    description: 'Största privata arbetsgivaren i kommunen.',
    place: 'industrial',
  },
  {
    key: 'buss',
    name: 'Bussbolaget Öst AB',
    type: 'company',
    sector: 'transport',
    description: 'Kollektivtrafik på entreprenad åt regionen.',
    onCall: 'Trafikledning',
    place: 'station',
  },
  {
    key: 'omsorgsbolag',
    name: 'Omsorg i Hemmet AB',
    type: 'company',
    sector: 'health',
    description: 'Privat utförare av hemtjänst och ett särskilt boende.',
    place: 'town',
  },
  {
    key: 'trafikverket',
    name: 'Väg- och banförvaltningen Öst',
    type: 'other',
    sector: 'transport',
    description: 'Statliga vägar och järnväg; trafikledning.',
    onCall: 'Trafikledning',
    place: 'station',
  },
  {
    key: 'fk',
    name: 'Försäkringskassan, servicekontor {k}',
    type: 'other',
    sector: 'social_insurance',
    description: 'Utbetalningar och service; kontinuitet vid kris.',
    place: 'centre',
  },
  {
    key: 'hemvarn',
    name: 'Hemvärnet, bataljonen i {k}',
    type: 'other',
    sector: 'protection',
    description: 'Stöd till samhället vid kris enligt förordning.',
    place: 'rural',
  },
  {
    key: 'frg',
    name: 'Frivilliga resursgruppen (FRG) {k}',
    type: 'volunteer',
    sector: null,
    description: 'Civilförsvarsförbundets frivilliga; trygghetspunkter och information.',
    place: 'centre',
  },
  {
    key: 'rodakorset',
    name: 'Röda korset, {k}skretsen',
    type: 'volunteer',
    sector: null,
    description: 'Krisstöd, medmänniskor på plats, insamling.',
    place: 'centre',
  },
  {
    key: 'kyrkan',
    name: 'Svenska kyrkan, {k} församling',
    type: 'volunteer',
    sector: null,
    description: 'Krisstöd, samtal och lokaler; ingår i POSOM.',
    place: 'centre',
  },
  {
    key: 'fro',
    name: 'Frivilliga radioorganisationen {k}',
    type: 'volunteer',
    sector: 'ict',
    description: 'Reservsamband vid avbrott i elektronisk kommunikation.',
    place: 'town',
  },
]

/** Directed links: [from, to, type, description]. */
const LINKS: [string, string, string, string][] = [
  ['polis', 'kommunledning', 'collaboration_agreement', 'Samverkansöverenskommelse och medborgarlöften'],
  [
    'raddning',
    'kommunledning',
    'collaboration_agreement',
    'Samverkan vid räddningsinsats och höjd beredskap',
  ],
  ['sjukhus', 'kommunledning', 'collaboration_agreement', 'Regional samverkan hälso- och sjukvård'],
  ['primarvard', 'omsorg', 'collaboration_agreement', 'Samverkansavtal om hemsjukvård'],
  [
    'lansstyrelse',
    'kommunledning',
    'collaboration_agreement',
    'Överenskommelse om kommunernas krisberedskap',
  ],
  ['frg', 'kommunledning', 'collaboration_agreement', 'Avtal om frivilliga resursgruppen'],
  ['rodakorset', 'social', 'collaboration_agreement', 'Avtal om krisstöd'],
  ['kyrkan', 'social', 'collaboration_agreement', 'Ingår i POSOM-gruppen'],
  ['fro', 'kommunledning', 'collaboration_agreement', 'Avtal om reservsamband'],
  ['hemvarn', 'kommunledning', 'collaboration_agreement', 'Stöd vid samhällsstörning'],
  ['trafikverket', 'teknik', 'collaboration_agreement', 'Omledning och vinterväghållning'],
  ['buss', 'kommunledning', 'collaboration_agreement', 'Utrymningstransporter'],
  ['industri', 'raddning', 'collaboration_agreement', 'Intern och extern räddningsplan (Seveso)'],
  ['raddning', 'polis', 'mutual_aid', 'Gemensam ledning vid stora insatser'],
  ['polis', 'raddning', 'mutual_aid', 'Avspärrning och utrymning'],
  ['hemvarn', 'raddning', 'mutual_aid', 'Personalförstärkning vid skogsbrand'],
  ['energi', 'elnat', 'mutual_aid', 'Ömsesidig hjälp vid storstörning i elnätet'],
  ['elnat', 'energi', 'mutual_aid', 'Ömsesidig hjälp vid storstörning i elnätet'],
  ['vatten', 'teknik', 'mutual_aid', 'Maskiner och personal vid ledningsbrott'],
  ['frg', 'rodakorset', 'mutual_aid', 'Gemensam bemanning av trygghetspunkter'],
  ['stadsnat', 'tele_c', 'mutual_aid', 'Reservvägar i fibernätet'],
  ['omsorgsbolag', 'omsorg', 'mutual_aid', 'Personalförstärkning vid hög frånvaro'],
  ['elnat', 'vatten', 'supply', 'Elförsörjning till vattenverk och pumpstationer'],
  ['elnat', 'sjukhus', 'supply', 'Elförsörjning, två matningar'],
  ['energi', 'bostad', 'supply', 'Fjärrvärme och el'],
  ['energi', 'omsorg', 'supply', 'Fjärrvärme till särskilda boenden'],
  ['energi', 'utbildning', 'supply', 'Fjärrvärme till skolor och förskolor'],
  ['fjarrvarme', 'energi', 'supply', 'Reservvärme'],
  ['vatten', 'sjukhus', 'supply', 'Dricksvatten'],
  ['vatten', 'energi', 'supply', 'Processvatten till kraftvärmeverket'],
  ['grossist', 'kost', 'supply', 'Livsmedelsleveranser'],
  ['drivmedel', 'raddning', 'supply', 'Drivmedel vid höjd beredskap'],
  ['drivmedel', 'vatten', 'supply', 'Diesel till reservkraft'],
  ['drivmedel', 'sjukhus', 'supply', 'Diesel till reservkraft'],
  ['tele_a', 'kommunledning', 'supply', 'Mobil- och fast telefoni'],
  ['tele_b', 'polis', 'supply', 'Mobilnät'],
  ['stadsnat', 'it', 'supply', 'Fiberförbindelser mellan kommunens verksamheter'],
  ['it', 'kommunledning', 'supply', 'IT-drift för kommunens verksamheter'],
  ['kontant', 'bank', 'supply', 'Kontantförsörjning'],
  ['hamn', 'drivmedel', 'supply', 'Bränsleimport via hamnen'],
  ['social', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['omsorg', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['utbildning', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['samhallsbyggnad', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['teknik', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['kultur', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['miljo', 'kommunledning', 'reporting_line', 'Lägesrapport till krisledningsstaben'],
  ['kost', 'utbildning', 'reporting_line', 'Rapporterar via utbildningsförvaltningen'],
  ['it', 'kommunledning', 'reporting_line', 'Rapporterar IT-incidenter'],
  ['energi', 'kommunledning', 'reporting_line', 'Ägardialog och lägesrapport'],
  ['vatten', 'kommunledning', 'reporting_line', 'Ägardialog och lägesrapport'],
  ['bostad', 'kommunledning', 'reporting_line', 'Ägardialog och lägesrapport'],
  ['hamn', 'kommunledning', 'reporting_line', 'Ägardialog och lägesrapport'],
  ['stadsnat', 'kommunledning', 'reporting_line', 'Ägardialog och lägesrapport'],
  ['kommunledning', 'lansstyrelse', 'reporting_line', 'Lägesbild till länsstyrelsen (WIS)'],
  ['raddning', 'lansstyrelse', 'reporting_line', 'Rapport vid stora insatser'],
  ['frg', 'kommunledning', 'reporting_line', 'Rapporterar vid aktivering'],
  ['sjukhus', 'lansstyrelse', 'reporting_line', 'Regional lägesbild'],
  ['omsorgsbolag', 'omsorg', 'reporting_line', 'Avvikelserapportering enligt avtal'],
  ['elnat', 'lansstyrelse', 'reporting_line', 'Rapport om elavbrott (Styrel)'],
]

const FIRST_NAMES = [
  'Anna',
  'Erik',
  'Maria',
  'Lars',
  'Karin',
  'Johan',
  'Sara',
  'Anders',
  'Emma',
  'Per',
  'Lena',
  'Mikael',
  'Eva',
  'Jonas',
  'Sofia',
  'Fredrik',
  'Elin',
  'Peter',
  'Helena',
  'Ali',
  'Fatima',
  'Nils',
  'Ida',
  'Oskar',
]
const LAST_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Lindberg',
  'Holm',
  'Bergström',
  'Lundqvist',
  'Hassan',
  'Ekström',
]
const ROLES = [
  'Säkerhetssamordnare',
  'Beredskapssamordnare',
  'Förvaltningschef',
  'Driftchef',
  'Kommunikatör',
  'Enhetschef',
  'Verksamhetschef',
  'Kontaktperson kris',
]

/**
 * Phone numbers from the series PTS (the Swedish Post and Telecom Authority) reserves for use in
 * fiction, so no real subscriber is ever shown: 08-465 004 00..99 and 070-174 06 05..99.
 */
function fictionPhone(rng: Random, mobile: boolean): string {
  if (mobile) return `070-174 06 ${String(rng.int(5, 99)).padStart(2, '0')}`
  return `08-465 004 ${String(rng.int(0, 99)).padStart(2, '0')}`
}

function emailName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]/g, '')
}

export async function seedActors(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('actors')
  const { kommun, world } = ctx
  const { region, centre, townRadius } = kommun
  const tracked = { createdBy: SEED_USER, updatedBy: SEED_USER, classification: 'internal' as const }

  const placeOf = (place: Place): XY => {
    switch (place) {
      case 'centre':
        return region.pointNear(rng, centre, townRadius * 0.06)
      case 'town':
        return region.pointNear(rng, centre, townRadius * 0.35)
      case 'industrial':
        return region.pointNear(rng, world.industrial, 250, world.industrial)
      case 'station':
        return region.pointNear(rng, world.station, 150, world.station)
      case 'mall':
        return region.pointNear(rng, world.mall, 200, world.mall)
      case 'rural':
        return region.pointNear(rng, rng.pick(world.districts.filter((d) => d.kind === 'rural')).seed, 800)
      default: {
        const never: never = place
        throw new Error(`unknown place ${never}`)
      }
    }
  }

  const rowsToInsert: (typeof actors.$inferInsert)[] = ACTOR_SPECS.map((spec) => {
    const id = rng.uuid()
    const location = placeOf(spec.place)
    const name = `${spec.name.replace('{k}', kommun.name).replace('{l}', kommun.countyName)} ${DEMO_MARK}`
    world.actors.set(spec.key, { id, key: spec.key, name, location })
    const contacts = Array.from({ length: rng.int(1, 3) }, (_, i) => {
      const first = rng.pick(FIRST_NAMES)
      const last = rng.pick(LAST_NAMES)
      return {
        name: `${first} ${last} ${DEMO_MARK}`,
        role: i === 0 ? rng.pick(ROLES.slice(0, 3)) : rng.pick(ROLES),
        phone: fictionPhone(rng, i > 0 || rng.chance(0.3)),
        email: `${emailName(first)}.${emailName(last)}@example.se`,
      }
    })
    return {
      id,
      name,
      shortName: spec.shortName ?? null,
      actorType: spec.type,
      sector: spec.sector,
      description: spec.description,
      address: `${rng.pick(['Storgatan', 'Industrivägen', 'Kungsgatan', 'Hamnvägen', 'Skolgatan', 'Bruksvägen'])} ${rng.int(1, 60)}, ${kommun.name} ${DEMO_MARK}`,
      contacts,
      onCall: spec.onCall
        ? {
            function: spec.onCall,
            phone: fictionPhone(rng, true),
            email: `beredskap.${spec.key}@example.se`,
            hours: 'dygnet runt',
          }
        : null,
      geom: pointGeometry(location),
      ...tracked,
    }
  })
  ctx.counts.actors = await insertAll(ctx.tx, actors, rowsToInsert)

  const id = (key: string) => {
    const actor = world.actors.get(key)
    if (!actor) throw new Error(`no actor ${key}`)
    return actor.id
  }
  ctx.counts.actor_links = await insertAll(
    ctx.tx,
    actorLinks,
    LINKS.map(([from, to, linkType, description]) => ({
      id: rng.uuid(),
      fromActorId: id(from),
      toActorId: id(to),
      linkType,
      description,
      ...tracked,
    })),
  )

  // Areas of responsibility: who answers for which polygon, and for what.
  const whole = { id: world.municipalityId, polygon: region.multi }
  const urban = world.districts.filter((d) => d.kind !== 'rural')
  const rural = world.districts.filter((d) => d.kind === 'rural')
  const areaRows: (typeof actorAreas.$inferInsert)[] = []
  const add = (
    key: string,
    area: { id: string | null; polygon: typeof region.multi },
    responsibility: string,
  ) =>
    areaRows.push({
      id: rng.uuid(),
      actorId: id(key),
      areaId: area.id,
      responsibility,
      geom: multiPolygonGeometry(area.polygon),
      ...tracked,
    })
  add('kommunledning', whole, 'Geografiskt områdesansvar på lokal nivå (LEH 2006:544)')
  add('social', whole, 'Socialjour och krisstöd (POSOM)')
  add('utbildning', whole, 'Skolor och förskolor, utrymning och krisstöd till elever')
  add('sjukhus', whole, 'Akutsjukvård och sjukvårdsledning')
  add('lansstyrelse', whole, 'Tillsyn och regional samordning')
  add('frg', whole, 'Trygghetspunkter och information till allmänheten')
  add('rodakorset', whole, 'Krisstöd och medmänniskor på plats')
  add('tele_a', whole, 'Mobiltäckning och fast telefoni')
  add('trafikverket', whole, 'Statliga vägar och järnväg')
  for (const g of world.policeAreas)
    add('polis', g, `Polisiär närvaro och brottsförebyggande samverkan, ${g.name}`)
  for (const g of world.rescueDistricts) add('raddning', g, `Räddningsinsatser enligt LSO, ${g.name}`)
  for (const d of world.districts) add('omsorg', d, `Hemtjänstområde ${d.name}`)
  for (const d of urban) add('energi', d, `Elnät och fjärrvärme i tätorten, ${d.name}`)
  for (const d of urban) add('vatten', d, `Verksamhetsområde för vatten och avlopp, ${d.name}`)
  for (const d of rural) add('elnat', d, `Lokalnät på landsbygden, ${d.name}`)
  for (const d of rural.slice(0, 2)) add('kyrkan', d, `Församlingens krisstöd, ${d.name}`)
  ctx.counts.actor_areas = await insertAll(ctx.tx, actorAreas, areaRows)
}
