/**
 * The cascade panel beside the map (*kaskadanalys*): pick the assets that go out (a click on the map
 * or a search) or a hazard zone, with start and duration; run; then play the timeline on the map,
 * read the table by time, see whose backup runs out first and who to call, and compare a measure
 * (more backup hours on one asset) beside the present. Export as CSV.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { CascadeAnswer, CascadeRequest } from '../../common/cascade-api.ts'
import { type Resource, resourceTerms, styrelClassTerms } from '../../common/domain.ts'
import { api, type SearchHit } from '../api/api-client.ts'
import { vulnerableOccupantTerms } from '../features/attribute-format.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { resourceColours } from '../layers/palette.ts'
import type { MapController } from '../map/map-controller.ts'
import { CascadeOverlay, CascadeState, stateAt, stateColours } from './cascade-overlay.ts'

interface Picked {
  id: string
  name: string
}

interface Zone {
  id: string
  name: string
}

const hours = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Number.isInteger(value) ? value : value.toFixed(2)} h`

function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function CascadePanel({
  controller,
  onClose,
}: {
  controller: MapController | null
  onClose: () => void
}) {
  const { t, lang } = useI18n()
  const [picked, setPicked] = useState<Picked[]>([])
  const [zones, setZones] = useState<Zone[]>([])
  const [zoneId, setZoneId] = useState('')
  const [startHours, setStartHours] = useState(0)
  const [durationHours, setDurationHours] = useState(12)
  const [horizonHours, setHorizonHours] = useState(72)
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<SearchHit[]>([])
  const [answer, setAnswer] = useState<CascadeAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [running, setRunning] = useState(false)
  const [time, setTime] = useState(0)
  const [playing, setPlaying] = useState(false)
  const [measureAsset, setMeasureAsset] = useState('')
  const [measureHours, setMeasureHours] = useState(1)
  const overlay = useRef<CascadeOverlay | null>(null)

  // A click on a critical asset on the map adds it to the outages.
  useEffect(() => {
    if (!controller) return
    return controller.on('featureclick', (hit) => {
      if (hit.layerId !== 'critical-assets') return
      const name = String(hit.properties.name ?? hit.featureId)
      setPicked((list) =>
        list.some((p) => p.id === hit.featureId) ? list : [...list, { id: hit.featureId, name }],
      )
    })
  }, [controller])

  useEffect(() => {
    if (!controller) return
    overlay.current = new CascadeOverlay(controller.map)
    return () => {
      overlay.current?.destroy()
      overlay.current = null
    }
  }, [controller])

  useEffect(() => {
    const abort = new AbortController()
    Promise.all(
      (['flood-zones', 'hazard-zones'] as const).map((layer) =>
        api.features(layer, { limit: '500' }, abort.signal).catch(() => null),
      ),
    ).then((collections) => {
      setZones(
        collections.flatMap((c) =>
          (c?.features ?? []).map((f) => ({ id: String(f.id), name: String(f.properties?.name ?? f.id) })),
        ),
      )
    })
    return () => abort.abort()
  }, [])

  useEffect(() => {
    if (query.trim().length < 2) {
      setHits([])
      return
    }
    const abort = new AbortController()
    const timer = setTimeout(() => {
      api
        .search(query, 20, abort.signal)
        .then((results) => setHits(results.filter((h) => h.layerId === 'critical-assets')))
        .catch(() => setHits([]))
    }, 200)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [query])

  useEffect(() => {
    if (answer) overlay.current?.show(answer, time)
    else overlay.current?.clear()
  }, [answer, time])

  useEffect(() => {
    if (!playing || !answer) return
    const step = answer.horizonHours / 120
    const timer = setInterval(() => {
      setTime((now) => {
        const next = Math.min(answer.horizonHours, now + step)
        if (next >= answer.horizonHours) setPlaying(false)
        return next
      })
    }, 80)
    return () => clearInterval(timer)
  }, [playing, answer])

  const question = useCallback(
    (measures: CascadeRequest['measures'] = []): CascadeRequest => ({
      outages: picked.map((p) => ({ assetId: p.id, startHours, durationHours })),
      ...(zoneId ? { zone: { hazardZoneId: zoneId, startHours, durationHours } } : {}),
      horizonHours,
      measures,
    }),
    [picked, zoneId, startHours, durationHours, horizonHours],
  )

  const run = async (measures: CascadeRequest['measures'] = []) => {
    setRunning(true)
    setError(null)
    try {
      const result = await api.cascade(question(measures))
      setAnswer(result)
      if (measures?.length === 0) {
        setTime(0)
        setMeasureAsset(result.backupsRunningOut[0]?.assetId ?? '')
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setRunning(false)
    }
  }

  const compareMeasure = () =>
    run(measureAsset ? [{ kind: 'assetBackup', assetId: measureAsset, addHours: measureHours }] : [])

  const exportCsv = async () => {
    if (!answer) return
    const measures = answer.compare?.measures ?? []
    const file = await api.exportCascade(question(measures), lang)
    saveFile(file.blob, file.fileName)
  }

  const proposed = useMemo(
    () => new Map((answer?.compare?.affected ?? []).map((a) => [a.assetId, a])),
    [answer],
  )
  const mayRun = picked.length > 0 || zoneId !== ''
  const firstBackup = answer?.backupsRunningOut[0]

  return (
    <aside className="cascade-panel" aria-label={t('cascade.heading')}>
      <header className="cascade-header">
        <h2>{t('cascade.heading')}</h2>
        <button type="button" className="map-button" onClick={onClose} title={t('cascade.close')}>
          ✕<span className="visually-hidden">{t('cascade.close')}</span>
        </button>
      </header>
      <p className="cascade-help">{t('cascade.help')}</p>
      <fieldset className="cascade-form">
        <legend>{t('cascade.outages')}</legend>
        <ul className="cascade-picked">
          {picked.map((p) => (
            <li key={p.id}>
              {p.name}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => setPicked((list) => list.filter((x) => x.id !== p.id))}
              >
                {t('cascade.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label>
          {t('cascade.search')}
          <input
            type="search"
            value={query}
            placeholder={t('cascade.searchPlaceholder')}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        {hits.length > 0 && (
          <ul className="cascade-hits">
            {hits.map((h) => (
              <li key={h.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setPicked((list) =>
                      list.some((p) => p.id === h.id) ? list : [...list, { id: h.id, name: h.name }],
                    )
                    setQuery('')
                  }}
                >
                  {h.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <label>
          {t('cascade.zone')}
          <select value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
            <option value="">{t('cascade.noZone')}</option>
            {zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
        </label>
        <div className="cascade-hours">
          <label>
            {t('cascade.start')}
            <input
              type="number"
              min={0}
              step={0.5}
              value={startHours}
              onChange={(e) => setStartHours(Number(e.target.value))}
            />
          </label>
          <label>
            {t('cascade.duration')}
            <input
              type="number"
              min={0.5}
              step={0.5}
              value={durationHours}
              onChange={(e) => setDurationHours(Number(e.target.value))}
            />
          </label>
          <label>
            {t('cascade.horizon')}
            <input
              type="number"
              min={1}
              max={720}
              step={1}
              value={horizonHours}
              onChange={(e) => setHorizonHours(Number(e.target.value))}
            />
          </label>
        </div>
        <button type="button" className="button" disabled={!mayRun || running} onClick={() => void run([])}>
          {running ? t('cascade.running') : t('cascade.run')}
        </button>
        {error && (
          <p className="cascade-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>

      {answer && (
        <section className="cascade-result" aria-live="polite">
          <p className={`badge badge-${answer.classification}`}>
            {t(`cascade.class.${answer.classification}`)}
          </p>
          <p className="cascade-summary">
            {t('cascade.summary', {
              n: answer.affected.length,
              residents: answer.residentsAffected.toLocaleString(lang),
            })}
          </p>
          {firstBackup && (
            <p className="cascade-first">
              {t('cascade.firstBackup', { name: firstBackup.name, at: hours(firstBackup.atHours) })}
            </p>
          )}
          {answer.cycles.map((cycle) => (
            <p key={cycle.map((c) => c.assetId).join()} className="cascade-cycle">
              {t('cascade.cycle', { names: cycle.map((c) => c.name).join(' ↔ ') })}
            </p>
          ))}

          <div className="cascade-timeline">
            <button
              type="button"
              className="map-button"
              onClick={() => setPlaying((p) => !p)}
              title={playing ? t('cascade.pause') : t('cascade.play')}
            >
              {playing ? '❚❚' : '▶'}
              <span className="visually-hidden">{playing ? t('cascade.pause') : t('cascade.play')}</span>
            </button>
            <input
              type="range"
              min={0}
              max={answer.horizonHours}
              step={0.25}
              value={time}
              aria-label={t('cascade.time')}
              onChange={(e) => {
                setPlaying(false)
                setTime(Number(e.target.value))
              }}
            />
            <output className="cascade-clock">{t('cascade.at', { t: time.toFixed(2) })}</output>
          </div>
          <ul className="cascade-legend">
            {Object.values(CascadeState).map((state) => (
              <li key={state}>
                <span className="swatch" style={{ background: `rgb(${stateColours[state].join(',')})` }} />
                {t(`cascade.state.${state}`)}
              </li>
            ))}
            {(Object.keys(resourceTerms) as Resource[]).map((r) => (
              <li key={r}>
                <span className="swatch arc" style={{ background: resourceColours[r] }} />
                {t(`cascade.resource.${r}`)}
              </li>
            ))}
          </ul>

          <div className="cascade-compare">
            <label>
              {t('cascade.measureAsset')}
              <select value={measureAsset} onChange={(e) => setMeasureAsset(e.target.value)}>
                <option value="">–</option>
                {answer.affected
                  .filter((a) => a.cause !== 'outage')
                  .map((a) => (
                    <option key={a.assetId} value={a.assetId}>
                      {a.name}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t('cascade.measureHours')}
              <input
                type="number"
                min={0.5}
                step={0.5}
                value={measureHours}
                onChange={(e) => setMeasureHours(Number(e.target.value))}
              />
            </label>
            <button
              type="button"
              className="button button-secondary"
              disabled={!measureAsset || running}
              onClick={() => void compareMeasure()}
            >
              {t('cascade.compare')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => void exportCsv()}>
              {t('cascade.exportCsv')}
            </button>
          </div>
          {answer.compare && (
            <p className="cascade-saved">
              {t('cascade.saved', {
                residents: answer.compare.residentsSaved.toLocaleString(lang),
                hours: answer.compare.downHoursSaved.toLocaleString(lang, { maximumFractionDigits: 2 }),
                exceedances: answer.compare.exceedancesAvoided,
              })}
            </p>
          )}

          <table className="cascade-table">
            <thead>
              <tr>
                <th>{t('cascade.col.asset')}</th>
                <th>{t('cascade.col.down')}</th>
                <th>{t('cascade.col.up')}</th>
                <th>{t('cascade.col.exceeds')}</th>
                <th>{t('cascade.col.styrel')}</th>
                <th>{t('cascade.col.residents')}</th>
                <th>{t('cascade.col.vulnerable')}</th>
                <th>{t('cascade.col.onCall')}</th>
                {answer.compare && <th>{t('cascade.col.withMeasure')}</th>}
              </tr>
            </thead>
            <tbody>
              {answer.affected.map((a) => {
                const after = proposed.get(a.assetId)
                return (
                  <tr key={a.assetId} className={`state-${stateAt(a, time)}`}>
                    <td>
                      {a.name}
                      <small>
                        {a.cause === 'outage'
                          ? t('cascade.cause.outage')
                          : t(`cascade.resource.${a.cause.resource}`)}
                        {a.heldDownByCycle ? ` · ${t('cascade.heldByCycle')}` : ''}
                      </small>
                    </td>
                    <td>{hours(a.downAtHours)}</td>
                    <td>{a.upAtHours === null ? t('cascade.notBack') : hours(a.upAtHours)}</td>
                    <td>{hours(a.exceedsAcceptableOutageAtHours)}</td>
                    <td title={a.styrelClass ? styrelClassTerms[a.styrelClass]?.[lang] : undefined}>
                      {a.styrelClass ?? '–'}
                    </td>
                    <td>{a.residentsServed?.toLocaleString(lang) ?? '–'}</td>
                    <td>
                      {Object.entries(a.vulnerableOccupants)
                        .map(([k, v]) => `${v} ${vulnerableOccupantTerms[k]?.[lang] ?? k}`)
                        .join(', ') || '–'}
                    </td>
                    <td>
                      {a.owner?.onCallPhone ? (
                        <a href={`tel:${a.owner.onCallPhone.replace(/\s/g, '')}`}>{a.owner.onCallPhone}</a>
                      ) : (
                        '–'
                      )}
                    </td>
                    {answer.compare && (
                      <td>
                        {after
                          ? `${hours(after.downAtHours)} – ${after.upAtHours === null ? '…' : hours(after.upAtHours)}`
                          : t('cascade.spared')}
                      </td>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </section>
      )}
    </aside>
  )
}
