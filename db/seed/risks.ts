/**
 * Risks from the municipality's risk and vulnerability analysis (RSA, MSBFS 2015:5): hazard,
 * likelihood, consequence per protected value (skyddsvärde), vulnerabilities and measures, placed
 * where the risk is bound to a place.
 */
import type { Geometry } from 'geojson'
import { minimumClassification } from '../../common/classification-rules.ts'
import { DEMO_MARK, type Hazard, type ProtectedValue } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import { rsaRisks, rsaVersions } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import { circle, intersect, lineGeometry, multiPolygonGeometry, pointGeometry, type XY } from './geometry.ts'
import type { Random } from './random.ts'
import { insertAll } from './sql.ts'

type Where = 'river' | 'route' | 'centre' | 'district' | 'asset' | 'seveso' | 'none'

interface RiskTemplate {
  hazard: Hazard
  titles: string[]
  description: string
  vulnerabilities: string
  measures: string
  likelihood: [number, number]
  /** Typical consequence per protected value before a random step of at most one. */
  consequences: Record<ProtectedValue, number>
  where: Where
  assetKinds?: string[]
  owner: string
}

const TEMPLATES: RiskTemplate[] = [
  {
    hazard: 'flood',
    titles: [
      'Höga flöden i Storån vid {p}',
      'Översvämning av lågt liggande bebyggelse vid {p}',
      'Översvämning av avloppspumpstationer längs Storån',
      'Dämning vid isproppar i Storån',
      'Högvatten i hamnen vid storm',
    ],
    description:
      'Långvarig nederbörd och snösmältning ger höga flöden; vattnet når bostäder, vägar och tekniska anläggningar nära ån.',
    vulnerabilities:
      'Pumpstationer och nätstationer ligger under nivån för beräknat högsta flöde. Begränsat lager av tillfälliga vallar.',
    measures:
      'Höjdsätt samhällsviktiga funktioner över BHF, skaffa mobila vallar, öva med räddningstjänsten.',
    likelihood: [3, 4],
    consequences: {
      life_health: 2,
      society_functionality: 4,
      democracy: 1,
      economy_environment: 4,
      sovereignty: 1,
    },
    where: 'river',
    owner: 'samhallsbyggnad',
  },
  {
    hazard: 'cloudburst',
    titles: [
      'Skyfall över {p}',
      'Skyfall med översvämmade källare i {p}',
      'Skyfall som slår ut vägtunnlar och viadukter',
      'Skyfall över {p} under pågående evenemang',
    ],
    description: 'Kraftig korttidsnederbörd överbelastar dagvattensystemet.',
    vulnerabilities: 'Hårdgjorda ytor och underdimensionerade dagvattenledningar i äldre stadsdelar.',
    measures: 'Skyfallskartering, öppna dagvattenlösningar och information till fastighetsägare.',
    likelihood: [3, 4],
    consequences: {
      life_health: 2,
      society_functionality: 3,
      democracy: 1,
      economy_environment: 3,
      sovereignty: 1,
    },
    where: 'district',
    owner: 'vatten',
  },
  {
    hazard: 'heat_wave',
    titles: [
      'Värmebölja med påverkan på särskilda boenden i {p}',
      'Långvarig värmebölja',
      'Värmebölja i förskolor och skolor',
      'Värmebölja i lägenheter utan kyla i {p}',
    ],
    description: 'SMHI varnar för höga temperaturer, minst 30 °C tre till fyra dagar i följd.',
    vulnerabilities:
      'Äldre och förskolebarn är känsliga; få lokaler har kyla och många avdelningar saknar solskydd.',
    measures: 'Värmeplan för omsorgen, svala rum, rutiner för vätska och uppföljning.',
    likelihood: [4, 5],
    consequences: {
      life_health: 3,
      society_functionality: 2,
      democracy: 1,
      economy_environment: 1,
      sovereignty: 1,
    },
    where: 'district',
    owner: 'omsorg',
  },
  {
    hazard: 'snowstorm',
    titles: [
      'Snöoväder som isolerar landsbygden',
      'Snöstorm med stopp i kollektivtrafiken',
      'Långvarigt snöoväder med elavbrott',
    ],
    description: 'Kraftigt snöfall och vind; vägar stängs och hemtjänsten når inte brukare.',
    vulnerabilities: 'Beroende av entreprenörer för snöröjning; hemtjänst utan fyrhjulsdrivna bilar.',
    measures: 'Prioriteringsordning för snöröjning, samverkan med lantbrukare, trygghetspunkter.',
    likelihood: [3, 4],
    consequences: {
      life_health: 2,
      society_functionality: 3,
      democracy: 1,
      economy_environment: 2,
      sovereignty: 1,
    },
    where: 'none',
    owner: 'teknik',
  },
  {
    hazard: 'hazardous_goods',
    titles: [
      'Olycka med farligt gods på {r}',
      'Tankbil med brandfarlig vätska välter på {r}',
      'Utsläpp av giftig gas vid olycka på {r}',
      'Olycka med farligt gods på järnvägen',
      'Gasläcka vid omlastning nära {r}',
    ],
    description: 'En transport av farligt gods havererar på en primär transportled nära bebyggelse.',
    vulnerabilities:
      'Bostäder, skolor och vårdlokaler inom 150 meter från leden; begränsade utrymningsvägar.',
    measures:
      'Riskbedömning i detaljplaner, skyddsavstånd enligt länsstyrelsens riktlinjer, övning av utrymning.',
    likelihood: [2, 3],
    consequences: {
      life_health: 4,
      society_functionality: 3,
      democracy: 1,
      economy_environment: 4,
      sovereignty: 1,
    },
    where: 'route',
    owner: 'raddning',
  },
  {
    hazard: 'large_event',
    titles: [
      'Trängsel vid stadsfestival i centrum',
      'Större idrottsevenemang med oroligheter',
      'Nationaldagsfirande med många besökare',
      'Konsert på torget',
    ],
    description: 'Tusentals besökare samlas på en begränsad yta; risk för trängsel, våld och störningar.',
    vulnerabilities: 'Smala utrymningsvägar, beroende av mobilnät för information, alkohol.',
    measures:
      'Samordnad evenemangsplanering med polis och räddningstjänst, trängselberäkning, ordningsvakter.',
    likelihood: [4, 5],
    consequences: {
      life_health: 3,
      society_functionality: 2,
      democracy: 2,
      economy_environment: 1,
      sovereignty: 1,
    },
    where: 'centre',
    owner: 'kultur',
  },
  {
    hazard: 'power_cut',
    titles: [
      'Långvarigt elavbrott i {p}',
      'Elavbrott vid fördelningsstation',
      'Elbrist med manuell förbrukningsfrånkoppling (Styrel)',
      'Elavbrott i särskilda boenden',
      'Elavbrott i {p} under köldknäpp',
    ],
    description: 'Ett fel i en fördelningsstation eller regionnätet ger elavbrott i flera dygn.',
    vulnerabilities:
      'Många särskilda boenden saknar reservkraft; mobilnätets batterier räcker i några timmar.',
    measures: 'Inventera reservkraft, Styrelplanering, avtal om bränsle, trygghetspunkter med el.',
    likelihood: [3, 4],
    consequences: {
      life_health: 4,
      society_functionality: 4,
      democracy: 2,
      economy_environment: 3,
      sovereignty: 1,
    },
    where: 'asset',
    assetKinds: ['primary_substation'],
    owner: 'energi',
  },
  {
    hazard: 'district_heating_failure',
    titles: [
      'Avbrott i fjärrvärmen vintertid',
      'Haveri i kraftvärmeverket',
      'Läcka på fjärrvärmens huvudledning',
    ],
    description:
      'Fjärrvärmeproduktionen stoppar under en kall period; inomhustemperaturen sjunker inom ett dygn.',
    vulnerabilities:
      'En produktionsanläggning försörjer större delen av tätorten; äldreboenden kyls snabbt ut.',
    measures: 'Reservpannor, mobila värmeaggregat, prioritering av vård- och omsorgsboenden.',
    likelihood: [2, 3],
    consequences: {
      life_health: 3,
      society_functionality: 3,
      democracy: 1,
      economy_environment: 3,
      sovereignty: 1,
    },
    where: 'asset',
    assetKinds: ['chp_plant'],
    owner: 'energi',
  },
  {
    hazard: 'fibre_break',
    titles: [
      'Fiberavbrott vid grävarbete',
      'Avbrott i telestation',
      'Störning i mobilnätet i {p}',
      'Avbrott i Rakel och larmnummer 112',
    ],
    description: 'En fiberkabel grävs av och flera verksamheter förlorar data och telefoni.',
    vulnerabilities: 'Trygghetslarm, journalsystem och larmnummer är beroende av få förbindelser.',
    measures: 'Redundanta förbindelser, Rakel och satellittelefon, reservrutiner för trygghetslarm.',
    likelihood: [3, 4],
    consequences: {
      life_health: 2,
      society_functionality: 3,
      democracy: 1,
      economy_environment: 2,
      sovereignty: 1,
    },
    where: 'asset',
    assetKinds: ['exchange', 'mast'],
    owner: 'stadsnat',
  },
  {
    hazard: 'drinking_water',
    titles: [
      'Förorenat dricksvatten från vattenverket',
      'Bakterier i ledningsnätet',
      'Avbrott i vattenförsörjningen efter ledningsbrott',
      'Kemikalieutsläpp i vattentäkten',
    ],
    description: 'Förorening i råvattnet eller ledningsnätet; kokningsrekommendation för hela tätorten.',
    vulnerabilities: 'Ett vattenverk försörjer de flesta; begränsad förmåga till nödvattendistribution.',
    measures: 'Reservvattentäkt, nödvattenplan, vattentankar och samverkan med grannkommuner.',
    likelihood: [2, 3],
    consequences: {
      life_health: 4,
      society_functionality: 4,
      democracy: 1,
      economy_environment: 3,
      sovereignty: 1,
    },
    where: 'asset',
    assetKinds: ['water_works', 'reservoir'],
    owner: 'vatten',
  },
  {
    hazard: 'cyber_attack',
    titles: [
      'Överbelastningsattack mot kommunens webbplats',
      'Ransomwareangrepp mot verksamhetssystem',
      'Intrång i styrsystem för vatten',
      'Dataintrång med läckta personuppgifter',
    ],
    description: 'Antagonistiska IT-angrepp slår ut webb, e-post eller verksamhetssystem.',
    vulnerabilities: 'Äldre system, beroende av få leverantörer, otillräcklig övning av manuella rutiner.',
    measures: 'Segmentering, säkerhetskopior offline, incidentövningar och avtal med CERT-SE.',
    likelihood: [4, 5],
    consequences: {
      life_health: 2,
      society_functionality: 4,
      democracy: 3,
      economy_environment: 3,
      sovereignty: 2,
    },
    where: 'none',
    owner: 'it',
  },
  {
    hazard: 'pandemic',
    titles: [
      'Pandemi med hög sjukfrånvaro',
      'Ny influensa med hög smittsamhet',
      'Smittsam magsjuka på särskilda boenden',
    ],
    description: 'En ny smitta sprids; sjukfrånvaron i vård och omsorg blir hög under månader.',
    vulnerabilities: 'Personalbrist i omsorgen, skyddsutrustning i små lager.',
    measures: 'Pandemiplan, lager av skyddsutrustning, prioriteringsordning för personal.',
    likelihood: [2, 3],
    consequences: {
      life_health: 4,
      society_functionality: 4,
      democracy: 2,
      economy_environment: 4,
      sovereignty: 1,
    },
    where: 'none',
    owner: 'omsorg',
  },
  {
    hazard: 'social_unrest',
    titles: [
      'Social oro med bilbränder i {p}',
      'Upplopp efter polisingripande i {p}',
      'Hot mot blåljuspersonal i {p}',
      'Skjutningar och konflikt mellan kriminella nätverk i {p}',
    ],
    description: 'Ungdomar samlas, sätter eld på bilar och kastar sten mot räddningstjänst och polis.',
    vulnerabilities: 'Socioekonomiskt utsatta områden, låg tillit, få vuxna på plats kvällstid.',
    measures: 'Områdessamverkan, fältassistenter, trygghetsvandringar och samordnade insatser med polisen.',
    likelihood: [3, 4],
    consequences: {
      life_health: 3,
      society_functionality: 2,
      democracy: 3,
      economy_environment: 2,
      sovereignty: 1,
    },
    where: 'district',
    owner: 'social',
  },
  {
    hazard: 'fire',
    titles: [
      'Brand på särskilt boende',
      'Skogsbrand nära {p}',
      'Brand i skola',
      'Storbrand i industriområdet',
      'Brand i flerbostadshus i {p}',
    ],
    description: 'Brand med risk för personskador och spridning.',
    vulnerabilities: 'Boende med nedsatt förmåga att utrymma; långa insatstider på landsbygden.',
    measures:
      'Systematiskt brandskyddsarbete, sprinkler i nya boenden, brandvarnare hos hemtjänstens brukare.',
    likelihood: [3, 4],
    consequences: {
      life_health: 4,
      society_functionality: 2,
      democracy: 1,
      economy_environment: 3,
      sovereignty: 1,
    },
    where: 'asset',
    assetKinds: ['care_home', 'school', 'process_industry'],
    owner: 'raddning',
  },
  {
    hazard: 'antagonistic_threat',
    titles: [
      'Sabotage mot vattenverk',
      'Våldsbejakande extremism riktad mot kommunens verksamhet',
      'Hot mot förtroendevalda',
      'Utsläpp vid Sevesoanläggning efter sabotage',
    ],
    description: 'Avsiktliga handlingar mot samhällsviktiga verksamheter eller personer.',
    vulnerabilities: 'Skalskydd och tillträdeskontroll varierar; information om anläggningar sprids öppet.',
    measures: 'Säkerhetsskyddsanalys, skalskydd, informationsklassning och samverkan med polisen.',
    likelihood: [2, 3],
    consequences: {
      life_health: 4,
      society_functionality: 4,
      democracy: 4,
      economy_environment: 3,
      sovereignty: 3,
    },
    where: 'seveso',
    owner: 'kommunledning',
  },
]

export async function seedRisks(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('risks')
  const { kommun, world } = ctx
  const { region } = kommun
  const urban = world.districts.filter((d) => d.kind !== 'rural')
  const hazardRoads = world.roads.filter((r) => r.hazardousGoodsRoute === 'primary')
  const riverPoints = world.river.flat()

  const areaAround = (p: XY, radius: number): Geometry => {
    const clipped = intersect([[circle(p, radius, 32)]], region.multi)
    return clipped ? multiPolygonGeometry(clipped) : pointGeometry(p)
  }

  const placeRisk = (
    t: RiskTemplate,
    rngLocal: Random,
  ): { geom: Geometry | null; place: string; road: string } => {
    const district = rngLocal.pick(urban)
    const placeName = district.name
    switch (t.where) {
      case 'river': {
        if (!riverPoints.length) return { geom: null, place: placeName, road: '' }
        return {
          geom: areaAround(rngLocal.pick(riverPoints), rngLocal.range(300, 700)),
          place: placeName,
          road: '',
        }
      }
      case 'route': {
        if (!hazardRoads.length) return { geom: null, place: placeName, road: '' }
        const road = rngLocal.pick(hazardRoads)
        return { geom: lineGeometry(road.line), place: placeName, road: road.name }
      }
      case 'centre':
        return {
          geom: areaAround(region.pointNear(rngLocal, world.nightlife, 100), 250),
          place: placeName,
          road: '',
        }
      case 'district':
        return { geom: multiPolygonGeometry(district.polygon), place: placeName, road: '' }
      case 'asset': {
        const candidates = world.assets.filter((a) => t.assetKinds?.includes(a.kind))
        const asset = candidates.length ? rngLocal.pick(candidates) : undefined
        return { geom: asset ? pointGeometry(asset.location) : null, place: placeName, road: '' }
      }
      case 'seveso':
        return {
          geom: world.sevesoSites.length ? pointGeometry(rngLocal.pick(world.sevesoSites).location) : null,
          place: placeName,
          road: '',
        }
      case 'none':
        return { geom: null, place: placeName, road: '' }
      default: {
        const never: never = t.where
        throw new Error(`unknown place kind ${never}`)
      }
    }
  }

  // The demo's RSA of the term of office 2023–2026: every seeded risk belongs to it.
  // Note: no draw from `rng` here, so the risks keep the ids and places they had before versions.
  const versionId = '00000000-0000-4000-8000-00000000a2a3'
  await ctx.tx.insert(rsaVersions).values({
    id: versionId,
    title: `Risk- och sårbarhetsanalys 2023–2026 ${DEMO_MARK}`,
    termStart: 2023,
    termEnd: 2026,
    createdBy: SEED_USER,
    updatedBy: SEED_USER,
  })
  const values: (typeof rsaRisks.$inferInsert)[] = []
  for (const t of TEMPLATES) {
    for (const title of t.titles) {
      const { geom, place, road } = placeRisk(t, rng)
      const likelihood = rng.int(t.likelihood[0], t.likelihood[1])
      const consequences = Object.fromEntries(
        Object.entries(t.consequences).map(([k, v]) => [k, Math.min(5, Math.max(1, v + rng.int(-1, 1)))]),
      ) as Record<ProtectedValue, number>
      const filled = title
        .replace('{p}', place.replace(` ${DEMO_MARK}`, ''))
        .replace('{r}', road.replace(` ${DEMO_MARK}`, '') || 'genomfartsleden')
      const id = rng.uuid()
      values.push({
        id,
        versionId,
        lineageId: id,
        uncertainty: 1 + (values.length % 3),
        title: `${filled} ${DEMO_MARK}`,
        hazard: t.hazard,
        description: t.description,
        analysisYear: 2023,
        likelihood,
        consequences,
        vulnerabilities: t.vulnerabilities,
        measures: t.measures,
        ownerActorId: world.actors.get(t.owner)?.id ?? null,
        geom,
        // The most severe scenarios reveal exploitable weaknesses: need to know only.
        classification: higherClassification(
          'internal',
          minimumClassification('rsa-risks', { likelihood, consequences }),
        ),
        createdBy: SEED_USER,
        updatedBy: SEED_USER,
      })
    }
  }
  ctx.counts.rsa_risks = await insertAll(ctx.tx, rsaRisks, values)
}
