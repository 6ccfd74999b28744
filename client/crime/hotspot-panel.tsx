/**
 * The hotspot map: the method (Getis-Ord Gi* or local Moran's I), the units (a hexagon or square
 * grid of a chosen size, or the districts; by default the grid the server chooses from the data),
 * the period and categories of the overview's filter, one click to run `POST /api/analysis/hotspots`;
 * the cells drawn by deck.gl in the legend's classes, in plain words ("Het fläck, 99 % säkerhet"),
 * with one sentence on what the statistic means and why the defaults were chosen.
 */
import { useEffect, useState } from 'react'
import { type IncidentCategory, incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'
import {
  type ConfidenceBin,
  confidenceBinTerms,
  type HotspotAnswer,
  type HotspotProperties,
  type HotspotUnits,
} from '../../common/hotspots.ts'
import { api } from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { type Rgba, rgba } from './council-map.ts'
import type { CouncilPanelProps } from './council-view.tsx'
import { filterQuery } from './incident-filter.ts'

export type HotspotMethod = 'giStar' | 'localMoran'

/** ArcGIS's hot spot colours, so the map reads as analysts know it. */
export const binColours: Record<`${ConfidenceBin}`, string> = {
  '3': '#d62f27',
  '2': '#ed7551',
  '1': '#fab984',
  '0': '#f2f2ef',
  '-1': '#c0ccbe',
  '-2': '#849eba',
  '-3': '#4575b5',
}

/** Local Moran's I: clusters of like values (HH, LL) and outliers (HL, LH); the rest is not significant. */
type MoranClass = 'HH' | 'HL' | 'LH' | 'LL' | 'none'
const moranColours: Record<MoranClass, string> = {
  HH: '#d62f27',
  HL: '#f4a3a8',
  LH: '#9ecae1',
  LL: '#2c7bb6',
  none: '#f2f2ef',
}
const moranWords: Record<MoranClass, MessageKey> = {
  HH: 'council.hotspot.moran.HH',
  HL: 'council.hotspot.moran.HL',
  LH: 'council.hotspot.moran.LH',
  LL: 'council.hotspot.moran.LL',
  none: 'council.hotspot.moran.none',
}
/** Significant at 95 % (two-sided), by the pseudo p of the permutations where there is one. */
function moranClass(p: HotspotProperties): MoranClass {
  const significant =
    p.localMoranPseudoP !== null
      ? p.localMoranPseudoP < 0.05
      : p.localMoranZ !== null && Math.abs(p.localMoranZ) >= 1.96
  return significant ? p.localMoranQuadrant : 'none'
}

type UnitChoice = 'auto' | 'hexagon' | 'square' | 'districts'
const sizes = [250, 500, 1000] as const

function unitsOf(choice: UnitChoice, size: number): HotspotUnits | undefined {
  switch (choice) {
    case 'auto':
      return undefined
    case 'hexagon':
      return { hexagon: size }
    case 'square':
      return { square: size }
    case 'districts':
      return { areas: 'districts' }
    default: {
      const unknown: never = choice
      return unknown
    }
  }
}

type Run =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'error'; message: string }
  | { status: 'done'; answer: HotspotAnswer }

export function HotspotPanel({ councilMap, filter, onLegend }: CouncilPanelProps) {
  const { t, term, lang } = useI18n()
  const [method, setMethod] = useState<HotspotMethod>('giStar')
  const [unitChoice, setUnitChoice] = useState<UnitChoice>('auto')
  const [size, setSize] = useState<number>(500)
  const [run, setRun] = useState<Run>({ status: 'idle' })
  const query = filterQuery(filter)
  const categories = query.category?.split(',')

  const start = () => {
    setRun({ status: 'running' })
    api
      .hotspots({
        layer: 'incidents',
        ...(categories ? { category: categories } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(unitsOf(unitChoice, size) ? { units: unitsOf(unitChoice, size) } : {}),
      })
      .then((answer) => setRun({ status: 'done', answer }))
      .catch((err: unknown) =>
        setRun({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
      )
  }

  const answer = run.status === 'done' ? run.answer : null
  useEffect(() => {
    if (!councilMap || !answer) return
    const features = answer.features as unknown as GeoJSON.Feature<GeoJSON.Geometry, HotspotProperties>[]
    const fill = (p: HotspotProperties): Rgba =>
      method === 'giStar' ? rgba(binColours[`${p.giStarBin}`], 200) : rgba(moranColours[moranClass(p)], 200)
    councilMap.showAreas<HotspotProperties>({
      id: `hotspots-${method}`,
      features,
      fill: (f) => fill(f.properties),
      // Note: thousands of small cells; a faint outline keeps the map under them readable.
      line: [90, 90, 90, 25],
      tooltip: (f) =>
        `${t('council.hotspot.value')}: ${f.properties.value.toLocaleString(lang)}\n${
          method === 'giStar'
            ? term(confidenceBinTerms[`${f.properties.giStarBin}`])
            : t(moranWords[moranClass(f.properties)])
        }`,
    })
    const present = new Set(
      features.map((f) => (method === 'giStar' ? `${f.properties.giStarBin}` : moranClass(f.properties))),
    )
    onLegend(
      <div data-testid="hotspot-legend">
        <h3>{method === 'giStar' ? t('council.hotspot.giStar') : t('council.hotspot.localMoran')}</h3>
        <ul>
          {method === 'giStar'
            ? (['3', '2', '1', '0', '-1', '-2', '-3'] as const).map((bin) => (
                <li key={bin} className={present.has(bin) ? undefined : 'is-absent'}>
                  <span className="council-swatch" style={{ background: binColours[bin] }} />
                  {term(confidenceBinTerms[bin])}
                </li>
              ))
            : (['HH', 'HL', 'LH', 'LL', 'none'] as const).map((c) => (
                <li key={c} className={present.has(c) ? undefined : 'is-absent'}>
                  <span className="council-swatch" style={{ background: moranColours[c] }} />
                  {t(moranWords[c])}
                </li>
              ))}
        </ul>
        <p>{term(answer.meaning[method])}</p>
      </div>,
    )
    return () => {
      councilMap.clear()
      onLegend(null)
    }
  }, [councilMap, answer, method, onLegend, t, term, lang])

  const hot = answer?.features.filter((f) => f.properties.giStarBin > 0).length ?? 0
  const cold = answer?.features.filter((f) => f.properties.giStarBin < 0).length ?? 0
  const what = categories
    ? categories
        .map((c) =>
          term(
            incidentCategoryTerms[c as IncidentCategory] ??
              incidentGroupTerms[c as keyof typeof incidentGroupTerms],
            c,
          ),
        )
        .join(', ')
    : t('council.filter.allIncidents')
  const when = query.from && query.to ? `${query.from} – ${query.to}` : t('council.counts.wholeRecord')

  return (
    <div className="council-stack">
      <section className="council-card" aria-labelledby="council-hotspot-heading">
        <h2 id="council-hotspot-heading">{t('council.hotspot.heading')}</h2>
        <p className="council-muted" data-testid="hotspot-selection">
          {t('council.hotspot.selection', { what, when })}
        </p>
        {(filter.weekdays.length > 0 || filter.hours.length > 0) && (
          <p className="council-muted">{t('council.hotspot.noWeekdayHour')}</p>
        )}
        <fieldset className="council-chips">
          <legend>{t('council.hotspot.method')}</legend>
          {(['giStar', 'localMoran'] as const).map((m) => (
            <label key={m} className={method === m ? 'is-on' : undefined}>
              <input
                type="radio"
                name="hotspot-method"
                checked={method === m}
                onChange={() => setMethod(m)}
                value={m}
              />
              {t(m === 'giStar' ? 'council.hotspot.giStar' : 'council.hotspot.localMoran')}
            </label>
          ))}
        </fieldset>
        <div className="council-field-row">
          <label className="council-field">
            <span>{t('council.hotspot.units')}</span>
            <select
              value={unitChoice}
              onChange={(e) => setUnitChoice(e.target.value as UnitChoice)}
              data-testid="hotspot-units"
            >
              <option value="auto">{t('council.hotspot.units.auto')}</option>
              <option value="hexagon">{t('council.hotspot.units.hexagon')}</option>
              <option value="square">{t('council.hotspot.units.square')}</option>
              <option value="districts">{t('council.hotspot.units.districts')}</option>
            </select>
          </label>
          {(unitChoice === 'hexagon' || unitChoice === 'square') && (
            <label className="council-field">
              <span>{t('council.hotspot.size')}</span>
              <select value={size} onChange={(e) => setSize(Number(e.target.value))}>
                {sizes.map((s) => (
                  <option key={s} value={s}>
                    {s.toLocaleString(lang)} m
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <button
          type="button"
          className="button"
          onClick={start}
          disabled={run.status === 'running'}
          data-testid="hotspot-run"
        >
          {run.status === 'running' ? t('council.hotspot.running') : t('council.hotspot.run')}
        </button>
        {run.status === 'error' && <p role="alert">{run.message}</p>}
      </section>
      {answer && (
        <section
          className="council-card"
          aria-labelledby="council-hotspot-result"
          data-testid="hotspot-result"
        >
          <h2 id="council-hotspot-result">{t('council.hotspot.result')}</h2>
          <p>{t('council.hotspot.summary', { cells: answer.features.length, hot, cold })}</p>
          <p className="council-muted">
            {t('council.hotspot.global', {
              moranI: answer.global.moranI.toLocaleString(lang, { maximumFractionDigits: 3 }),
              z: answer.global.moranZ.toLocaleString(lang, { maximumFractionDigits: 1 }),
            })}
          </p>
          <h3 className="council-subheading">{t('council.hotspot.why')}</h3>
          <p className="council-muted" data-testid="hotspot-explanation">
            {term(answer.choice.explanation)}
          </p>
          <p className="council-muted">{term(answer.meaning[method])}</p>
        </section>
      )}
    </div>
  )
}
