/**
 * The RSA register (*risk- och sårbarhetsanalys*) beside its map: the version of each term of
 * office, the 5×5 matrix filtered by protected value (a cell lists its risks and outlines them on
 * the map), the risks with their measures and the incidents linked to them, a new risk placed with
 * a tap on the map, the comparison with another term's RSA, and the seven-section report as PDF.
 */
import './rsa.css'
import type { Feature, Geometry } from 'geojson'
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react'
import {
  hazardTerms,
  incidentCategoryTerms,
  type ProtectedValue,
  protectedValueTerms,
} from '../../common/domain.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { mayEditLayer } from '../../common/permissions.ts'
import { riskBandColours, riskBandLimits } from '../../common/risk.ts'
import {
  type MatrixCell,
  type MeasureStatus,
  measureStatuses,
  measureStatusTerms,
  type RiskComparison,
  type RsaRisk,
  type RsaScales,
  type RsaVersion,
  uncertaintyTerms,
} from '../../common/rsa.ts'
import { ApiError, type MunicipalityConfig, type SignedInUser, saveDownload } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { formatReportTime } from '../incidents/report-time.ts'
import type { MapImages } from '../map/icons.ts'
import type { MapController } from '../map/map-controller.ts'
import { MapView } from '../map/map-view.tsx'
import { RiskForm } from './risk-form.tsx'
import { RiskMatrix } from './risk-matrix.tsx'
import { type LinkedIncident, rsaApi } from './rsa-api.ts'

export interface RsaViewProps {
  config: MunicipalityConfig
  layers: LayerInfo[]
  images: MapImages
  user: SignedInUser
}

const protectedValues = Object.keys(protectedValueTerms) as ProtectedValue[]

/** The risks as one feature for the map's highlight, and their extent to fly to. */
function highlightOf(
  risks: readonly RsaRisk[],
): { feature: Feature<Geometry>; bbox: [number, number, number, number] } | null {
  const geometries = risks.flatMap((r) => (r.geometry ? [r.geometry as Geometry] : []))
  if (!geometries.length) return null
  const positions: number[][] = []
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') positions.push(c as number[])
    else if (Array.isArray(c)) for (const x of c) walk(x)
  }
  for (const g of geometries) if ('coordinates' in g) walk(g.coordinates)
  const xs = positions.map((p) => p[0]!)
  const ys = positions.map((p) => p[1]!)
  return {
    feature: { type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection', geometries } },
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
  }
}

export function RsaView({ config, layers, images, user }: RsaViewProps) {
  const { t, term, lang } = useI18n()
  const mayEdit = mayEditLayer(user.role, 'rsa-risks')
  const [versions, setVersions] = useState<RsaVersion[]>([])
  const [versionId, setVersionId] = useState<string>('')
  const [scales, setScales] = useState<RsaScales | null>(null)
  const [risks, setRisks] = useState<RsaRisk[]>([])
  const [protectedValue, setProtectedValue] = useState<ProtectedValue | ''>('')
  const [cells, setCells] = useState<MatrixCell[]>([])
  const [chosenCell, setChosenCell] = useState<MatrixCell | null>(null)
  const [openRiskId, setOpenRiskId] = useState<string | null>(() =>
    new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('risk'),
  )
  const [incidents, setIncidents] = useState<LinkedIncident[]>([])
  const [adding, setAdding] = useState(false)
  const [position, setPosition] = useState<[number, number] | null>(null)
  const [controller, setController] = useState<MapController | null>(null)
  const [compareWith, setCompareWith] = useState('')
  const [comparison, setComparison] = useState<RiskComparison | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const initial = useMemo(
    () => ({ visible: new Set<string>(['rsa-risks']), opacity: new Map<string, number>() }),
    [],
  )
  const rsaLayers = useMemo(() => layers.filter((l) => l.id === 'rsa-risks'), [layers])

  useEffect(() => {
    const abort = new AbortController()
    Promise.all([rsaApi.versions(abort.signal), rsaApi.scales(abort.signal)])
      .then(([found, s]) => {
        setVersions(found)
        setScales(s)
        setVersionId((current) => current || found[0]?.id || '')
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` refetches after a write.
  useEffect(() => {
    if (!versionId) return
    const abort = new AbortController()
    Promise.all([
      rsaApi.risks(versionId, abort.signal),
      rsaApi.matrix(versionId, protectedValue || undefined, abort.signal),
    ])
      .then(([r, c]) => {
        setRisks(r)
        setCells(c)
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [versionId, protectedValue, reload])

  // A cell chosen before the filter changed stays chosen where it is, with the risks now in it.
  useEffect(() => {
    setChosenCell((chosen) =>
      chosen
        ? (cells.find((c) => c.likelihood === chosen.likelihood && c.consequence === chosen.consequence) ??
          null)
        : null,
    )
  }, [cells])

  const cellRisks = useMemo(
    () => (chosenCell ? risks.filter((r) => chosenCell.riskIds.includes(r.id)) : []),
    [chosenCell, risks],
  )
  const openRisk = risks.find((r) => r.id === openRiskId) ?? null

  // What the map outlines: the open risk, else the chosen cell's risks.
  useEffect(() => {
    if (!controller) return
    const shown = highlightOf(openRisk ? [openRisk] : cellRisks)
    controller.highlight(shown?.feature ?? null)
    if (shown) controller.fitBounds(shown.bbox, 14)
  }, [controller, cellRisks, openRisk])

  useEffect(() => {
    if (!openRiskId) return
    const abort = new AbortController()
    rsaApi
      .risk(openRiskId, abort.signal)
      .then((answer) => setIncidents(answer.incidents))
      .catch(() => setIncidents([]))
    return () => abort.abort()
  }, [openRiskId])

  useEffect(() => {
    if (!controller || !adding) return
    const onClick = (e: { lngLat: { lng: number; lat: number } }) => setPosition([e.lngLat.lng, e.lngLat.lat])
    controller.map.on('click', onClick)
    return () => {
      controller.map.off('click', onClick)
    }
  }, [controller, adding])

  useEffect(() => {
    if (adding && position && controller)
      controller.highlight({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: position },
      })
  }, [controller, adding, position])

  useEffect(() => {
    if (!compareWith || !versionId) {
      setComparison(null)
      return
    }
    const abort = new AbortController()
    rsaApi
      .compare(compareWith, versionId, abort.signal)
      .then(setComparison)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [compareWith, versionId])

  const print = useCallback(async () => {
    setError(null)
    try {
      saveDownload(await rsaApi.report(versionId, lang))
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }, [versionId, lang])

  const version = versions.find((v) => v.id === versionId)

  return (
    <div className="rsa-page" data-testid="rsa-view">
      <aside className="rsa-panel">
        <header className="rsa-header">
          <h1>{t('rsa.heading')}</h1>
          <label className="field">
            <span>{t('rsa.version')}</span>
            <select
              value={versionId}
              onChange={(e) => setVersionId(e.target.value)}
              data-testid="rsa-version"
            >
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.termStart}–{v.termEnd}: {v.title}
                </option>
              ))}
            </select>
          </label>
          <div className="button-row">
            <button
              type="button"
              className="button button-small"
              onClick={() => void print()}
              disabled={!versionId}
              data-testid="rsa-print"
            >
              {t('rsa.print')}
            </button>
            {mayEdit && !adding && (
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => {
                  setAdding(true)
                  setOpenRiskId(null)
                  setPosition(null)
                }}
                disabled={!versionId}
                data-testid="rsa-add-risk"
              >
                {t('rsa.newRisk')}
              </button>
            )}
            {mayEdit && version && (
              <NewVersionButton
                from={version}
                onCreated={(v) => {
                  setVersions((list) => [v, ...list])
                  setVersionId(v.id)
                  setCompareWith(version.id)
                }}
              />
            )}
          </div>
        </header>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {adding && scales && (
          <RiskForm
            versionId={versionId}
            scales={scales}
            position={position}
            onSaved={(risk) => {
              setAdding(false)
              setOpenRiskId(risk.id)
              setReload((n) => n + 1)
            }}
            onCancel={() => setAdding(false)}
          />
        )}
        {!adding && openRisk && (
          <RiskDetail
            risk={openRisk}
            incidents={incidents}
            mayEdit={mayEdit}
            onClose={() => setOpenRiskId(null)}
            onChanged={() => setReload((n) => n + 1)}
          />
        )}
        {!adding && !openRisk && (
          <>
            <section className="rsa-section">
              <div className="rsa-section-head">
                <h2>{t('rsa.matrix')}</h2>
                <select
                  value={protectedValue}
                  onChange={(e) => setProtectedValue(e.target.value as ProtectedValue | '')}
                  aria-label={t('rsa.filterValue')}
                  data-testid="rsa-protected-value"
                >
                  <option value="">{t('rsa.allValues')}</option>
                  {protectedValues.map((v) => (
                    <option key={v} value={v}>
                      {term(protectedValueTerms[v])}
                    </option>
                  ))}
                </select>
              </div>
              <RiskMatrix cells={cells} chosen={chosenCell} onChoose={setChosenCell} />
              {chosenCell && (
                <div data-testid="rsa-cell-risks">
                  <h3 className="rsa-subhead">
                    {t('rsa.cellRisks', {
                      likelihood: chosenCell.likelihood,
                      consequence: chosenCell.consequence,
                    })}
                  </h3>
                  <RiskList risks={cellRisks} onOpen={setOpenRiskId} />
                </div>
              )}
            </section>
            {comparison && <ComparisonView comparison={comparison} />}
            {versions.length > 1 && (
              <label className="field rsa-compare">
                <span>{t('rsa.compareWith')}</span>
                <select
                  value={compareWith}
                  onChange={(e) => setCompareWith(e.target.value)}
                  data-testid="rsa-compare"
                >
                  <option value="">–</option>
                  {versions
                    .filter((v) => v.id !== versionId)
                    .map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.termStart}–{v.termEnd}
                      </option>
                    ))}
                </select>
              </label>
            )}
            <section className="rsa-section">
              <h2>{t('rsa.risks', { n: risks.length })}</h2>
              <RiskList risks={risks} onOpen={setOpenRiskId} />
            </section>
          </>
        )}
      </aside>
      <div className="rsa-map">
        <MapView
          config={config}
          layers={rsaLayers}
          images={images}
          initial={initial}
          label={t('rsa.mapLabel')}
          onController={setController}
        />
        {adding && <p className="rsa-map-hint">{t('rsa.placeHint')}</p>}
      </div>
    </div>
  )
}

function RiskList({ risks, onOpen }: { risks: readonly RsaRisk[]; onOpen: (id: string) => void }) {
  const { term } = useI18n()
  return (
    <ul className="rsa-risk-list">
      {risks.map((r) => (
        <li key={r.id}>
          <button type="button" onClick={() => onOpen(r.id)} data-testid="rsa-risk">
            <span className="rsa-score-dot" style={{ background: riskBandColours[r.band] }}>
              {r.score}
            </span>
            <span className="rsa-risk-title">{r.title}</span>
            <span className="rsa-risk-meta">
              {term(hazardTerms[r.hazard])} · {r.likelihood} × {r.score / r.likelihood}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}

function RiskDetail({
  risk,
  incidents,
  mayEdit,
  onClose,
  onChanged,
}: {
  risk: RsaRisk
  incidents: LinkedIncident[]
  mayEdit: boolean
  onClose: () => void
  onChanged: () => void
}) {
  const { t, term, lang } = useI18n()
  const [title, setTitle] = useState('')
  const [owner, setOwner] = useState('')
  const [deadline, setDeadline] = useState('')
  const [status, setStatus] = useState<MeasureStatus>('proposed')
  const [error, setError] = useState<string | null>(null)

  async function addMeasure(event: FormEvent) {
    event.preventDefault()
    setError(null)
    try {
      await rsaApi.addMeasure(risk.id, { title, owner, deadline: deadline || null, status })
      setTitle('')
      setOwner('')
      setDeadline('')
      onChanged()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  return (
    <section className="rsa-section rsa-detail" data-testid="rsa-risk-detail">
      <button type="button" className="button button-secondary button-small" onClick={onClose}>
        {t('rsa.back')}
      </button>
      <h2>{risk.title}</h2>
      <p className={`rsa-score band-${risk.band}`}>
        {t('rsa.score')} {risk.score} · {term(riskBandLimits[risk.band])} ·{' '}
        {t(`incident.classification.${risk.classification}`)}
      </p>
      <dl className="rsa-facts">
        <dt>{t('rsa.field.hazard')}</dt>
        <dd>{term(hazardTerms[risk.hazard])}</dd>
        <dt>{t('rsa.likelihood')}</dt>
        <dd>{risk.likelihood}</dd>
        {protectedValues
          .filter((v) => risk.consequences[v] !== undefined)
          .map((v) => (
            <div key={v} className="rsa-fact">
              <dt>{term(protectedValueTerms[v])}</dt>
              <dd>{risk.consequences[v]}</dd>
            </div>
          ))}
        <dt>{t('rsa.field.uncertainty')}</dt>
        <dd>{risk.uncertainty ? term(uncertaintyTerms[risk.uncertainty as 1 | 2 | 3]) : '–'}</dd>
        {risk.description && (
          <>
            <dt>{t('rsa.field.description')}</dt>
            <dd>{risk.description}</dd>
          </>
        )}
        {risk.vulnerabilities && (
          <>
            <dt>{t('rsa.field.vulnerabilities')}</dt>
            <dd>{risk.vulnerabilities}</dd>
          </>
        )}
        {risk.gaps && (
          <>
            <dt>{t('rsa.field.gaps')}</dt>
            <dd>{risk.gaps}</dd>
          </>
        )}
        {risk.criticalActivities && (
          <>
            <dt>{t('rsa.field.criticalActivities')}</dt>
            <dd>{risk.criticalActivities}</dd>
          </>
        )}
        {risk.criticalAssets.length > 0 && (
          <>
            <dt>{t('rsa.field.criticalAssets')}</dt>
            <dd>{risk.criticalAssets.map((a) => a.name).join(', ')}</dd>
          </>
        )}
      </dl>
      <h3 className="rsa-subhead">{t('rsa.measures')}</h3>
      {risk.measures.length === 0 && <p className="rsa-hint">{t('rsa.noMeasures')}</p>}
      <ul className="rsa-measures" data-testid="rsa-measures">
        {risk.measures.map((m) => (
          <li key={m.id}>
            <span className="rsa-risk-title">{m.title}</span>
            <span className="rsa-risk-meta">
              {m.owner} · {m.deadline ?? '–'} · {term(measureStatusTerms[m.status])}
            </span>
          </li>
        ))}
      </ul>
      {mayEdit && (
        <form className="rsa-form" onSubmit={addMeasure} data-testid="measure-form">
          <label className="field">
            <span>{t('rsa.measure.title')}</span>
            <input
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              required
              maxLength={500}
              data-testid="measure-title"
            />
          </label>
          <label className="field">
            <span>{t('rsa.measure.owner')}</span>
            <input
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              required
              maxLength={200}
              data-testid="measure-owner"
            />
          </label>
          <label className="field">
            <span>{t('rsa.measure.deadline')}</span>
            <input
              type="date"
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
              data-testid="measure-deadline"
            />
          </label>
          <label className="field">
            <span>{t('rsa.measure.status')}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as MeasureStatus)}>
              {measureStatuses.map((s) => (
                <option key={s} value={s}>
                  {term(measureStatusTerms[s])}
                </option>
              ))}
            </select>
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-small" data-testid="measure-save">
            {t('rsa.measure.add')}
          </button>
        </form>
      )}
      <h3 className="rsa-subhead">{t('rsa.happened')}</h3>
      {incidents.length === 0 ? (
        <p className="rsa-hint">{t('rsa.noIncidents')}</p>
      ) : (
        <ul className="rsa-measures">
          {incidents.map((i) => (
            <li key={i.id}>
              <a href={`#/incidents/${i.id}`}>
                {term(incidentCategoryTerms[i.category as keyof typeof incidentCategoryTerms], i.category)}
              </a>
              <span className="rsa-risk-meta">
                {formatReportTime(i.occurredAt, lang)} · {t('incident.field.severity')} {i.severity}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function ComparisonView({ comparison }: { comparison: RiskComparison }) {
  const { t } = useI18n()
  return (
    <section className="rsa-section" data-testid="rsa-comparison">
      <h2>{t('rsa.comparison')}</h2>
      <p className="rsa-hint">{t('rsa.unchanged', { n: comparison.unchanged })}</p>
      <h3 className="rsa-subhead">{t('rsa.added', { n: comparison.added.length })}</h3>
      <ul className="plain-list">
        {comparison.added.map((r) => (
          <li key={r.lineageId}>
            {r.title} ({r.score})
          </li>
        ))}
      </ul>
      <h3 className="rsa-subhead">{t('rsa.removed', { n: comparison.removed.length })}</h3>
      <ul className="plain-list">
        {comparison.removed.map((r) => (
          <li key={r.lineageId}>
            {r.title} ({r.score})
          </li>
        ))}
      </ul>
      <h3 className="rsa-subhead">{t('rsa.changed', { n: comparison.changed.length })}</h3>
      <ul className="plain-list">
        {comparison.changed.map((r) => (
          <li key={r.lineageId}>
            {r.title}: {r.scoreBefore} → {r.scoreAfter}
          </li>
        ))}
      </ul>
    </section>
  )
}

function NewVersionButton({ from, onCreated }: { from: RsaVersion; onCreated: (v: RsaVersion) => void }) {
  const { t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const span = from.termEnd - from.termStart
  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        data-testid="rsa-new-version"
        onClick={async () => {
          setError(null)
          const termStart = from.termEnd + 1
          try {
            onCreated(
              await rsaApi.createVersion({
                title: t('rsa.versionTitle', { start: termStart, end: termStart + span }),
                termStart,
                termEnd: termStart + span,
                copyFromId: from.id,
              }),
            )
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err))
          }
        }}
      >
        {t('rsa.newVersion')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
