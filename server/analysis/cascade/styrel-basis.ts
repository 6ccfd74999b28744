/**
 * The Styrel basis (*Styrelunderlag*, Förordning 2011:931): the critical assets the caller may read
 * by Styrel priority class, each with its connection data as the municipality sends it to the grid
 * owner: which feeds it hangs on (its electricity providers and their redundancy groups), its own
 * backup power, acceptable outage time, residents and vulnerable occupants, owner and on-call number.
 */
import type { Classification } from '../../../common/domain.ts'
import { styrelClassTerms } from '../../../common/domain.ts'
import { higherClassification } from '../../../common/permissions.ts'
import type { ExportLanguage } from '../../layers/export-format.ts'
import type { ReadableAsset, ReadableGraph } from './readable-graph.ts'

export interface StyrelFeed {
  providerAssetId: string
  providerName: string
  redundancyGroup: string
  backupHours: number
}

export interface StyrelEntry extends Omit<ReadableAsset, 'classification'> {
  styrelClass: number
  feeds: StyrelFeed[]
  classification: Classification
}

export interface StyrelBasis {
  classes: { styrelClass: number; assets: StyrelEntry[] }[]
  classification: Classification
}

export function styrelBasis(graph: ReadableGraph): StyrelBasis {
  const names = new Map(graph.assets.map((a) => [a.id, a.name]))
  const dependencies = new Map(graph.dependencies.map((d) => [d.id, d]))
  let level: Classification = 'open'
  const entries: StyrelEntry[] = []
  for (const asset of graph.assets) {
    if (asset.styrelClass === null) continue
    const edges = graph.dependencies.filter(
      (d) => d.dependentAssetId === asset.id && d.resource === 'electricity',
    )
    let classification = asset.classification
    for (const e of edges)
      classification = higherClassification(classification, dependencies.get(e.id)?.classification ?? 'open')
    level = higherClassification(level, classification)
    entries.push({
      ...asset,
      styrelClass: asset.styrelClass,
      classification,
      feeds: edges.map((e) => ({
        providerAssetId: e.providerAssetId,
        providerName: names.get(e.providerAssetId) ?? '',
        redundancyGroup: e.redundancyGroup,
        backupHours: e.backupHours,
      })),
    })
  }
  const classes = [...new Set(entries.map((e) => e.styrelClass))]
    .sort((a, b) => a - b)
    .map((styrelClass) => ({
      styrelClass,
      assets: entries
        .filter((e) => e.styrelClass === styrelClass)
        .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    }))
  return { classes, classification: level }
}

const headings = {
  sv: [
    'Styrelklass',
    'prioritet',
    'tillgång',
    'namn',
    'sektor',
    'funktion',
    'matning (elleverantörer)',
    'reservkraft',
    'reservkraft (h)',
    'acceptabel avbrottstid (h)',
    'invånare',
    'sårbara',
    'ägare',
    'TIB-telefon',
    'lon',
    'lat',
  ],
  en: [
    'Styrel class',
    'priority',
    'asset',
    'name',
    'sector',
    'function',
    'feeds (electricity providers)',
    'backup power',
    'backup power (h)',
    'acceptable outage (h)',
    'residents',
    'vulnerable',
    'owner',
    'on-call phone',
    'lon',
    'lat',
  ],
} as const satisfies Record<ExportLanguage, readonly string[]>

export function styrelBasisCsv(
  basis: StyrelBasis,
  lang: ExportLanguage,
): { fields: string[]; rows: unknown[][] } {
  return {
    fields: [...headings[lang]],
    rows: basis.classes.flatMap(({ styrelClass, assets }) =>
      assets.map((a) => [
        styrelClass,
        styrelClassTerms[styrelClass]?.[lang] ?? '',
        a.id,
        a.name,
        a.sector,
        a.function,
        a.feeds.map((f) => `${f.providerName} (${f.redundancyGroup})`).join('; '),
        a.backupPowerType ?? '',
        a.backupPowerHours ?? '',
        a.acceptableOutageHours ?? '',
        a.residentsServed ?? '',
        Object.entries(a.vulnerableOccupants)
          .map(([k, v]) => `${k} ${v}`)
          .join('; '),
        a.owner?.name ?? '',
        a.owner?.onCallPhone ?? '',
        a.position[0],
        a.position[1],
      ]),
    ),
  }
}
