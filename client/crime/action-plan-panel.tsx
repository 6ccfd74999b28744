/**
 * The action plan (*åtgärdsplan*) on the council's page: the plan at a glance (measures by status,
 * the overdue ones), each measure with its place drawn on the map, and its follow-up: the incidents
 * it names inside its place against the rest of the municipality before and after its start, and
 * the survey indicators it names per year. The analyst and the police add measures, tied to a
 * district or to an area drawn on the map, and change their status.
 */
import './action-plan.css'
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson'
import { useCallback, useEffect, useMemo, useState } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import {
  type IncidentFollowUp,
  type MeasureFollowUp,
  type MeasureIndicator,
  type MeasureStatus,
  measureStatusTerms,
  periodFault,
  type SurveyFollowUp,
} from '../../common/action-plan.ts'
import {
  type IncidentCategory,
  incidentCategoryTerms,
  incidentGroupTerms,
  type SurveyIndicator,
  surveyIndicatorTerms,
  type Term,
} from '../../common/domain.ts'
import { mayEditLayer } from '../../common/permissions.ts'
import { type ActionPlanMeasure, ApiError, api } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { measureStatusColours } from '../layers/palette.ts'
import { ShapeDrawing } from '../map/shape-drawing.ts'
import { rgba } from './council-map.ts'
import type { CouncilPanelProps } from './council-view.tsx'

/** What an incident indicator may name: a category, or a whole group under the disclosure control. */
const categoryOrGroupTerms: Record<string, Term> = { ...incidentGroupTerms, ...incidentCategoryTerms }

const CRIME_CATEGORIES = (Object.keys(incidentCategoryTerms) as IncidentCategory[]).filter(
  (c) => incidentCategoryTerms[c].group === 'crime',
)

/** A series indexed to its own mean before the start (= 100), so a small place and the rest compare. */
export function indexed(followUp: IncidentFollowUp, start: string) {
  const before = followUp.series.filter((p) => p.period < start)
  const mean = (key: 'inside' | 'rest') => {
    const known = before.map((p) => p[key]).filter((v): v is number => v !== null)
    return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null
  }
  const base = { inside: mean('inside'), rest: mean('rest') }
  const index = (v: number | null, b: number | null) =>
    v === null || !b ? null : Math.round((v / b) * 1000) / 10
  return followUp.series.map((p) => ({
    period: p.period.slice(0, 7),
    inside: index(p.inside, base.inside),
    rest: index(p.rest, base.rest),
    insideCount: p.inside,
    restCount: p.rest,
  }))
}

interface Draft {
  title: string
  problem: string
  ownerActorId: string
  partners: string
  startDate: string
  endDate: string
  status: MeasureStatus
  categories: IncidentCategory[]
  survey: SurveyIndicator | ''
  place: { kind: 'district'; id: string } | { kind: 'drawn'; polygon: Polygon } | null
}

const emptyDraft = (): Draft => ({
  title: '',
  problem: '',
  ownerActorId: '',
  partners: '',
  startDate: new Date().toISOString().slice(0, 10),
  endDate: '',
  status: 'planned',
  categories: [],
  survey: '',
  place: null,
})

function IncidentChart({ followUp, start }: { followUp: IncidentFollowUp; start: string }) {
  const { t, lang } = useI18n()
  const data = useMemo(() => indexed(followUp, start), [followUp, start])
  const number = (v: number | null) =>
    v === null ? t('plan.withheld') : v.toLocaleString(lang, { maximumFractionDigits: 1 })
  const s = followUp.summary
  return (
    <figure className="council-chart" data-testid="plan-follow-up-chart">
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d8dee6" />
          <XAxis dataKey="period" tick={{ fontSize: 11 }} minTickGap={18} />
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip
            formatter={(value, name, item) => {
              const count = name === 'inside' ? item.payload.insideCount : item.payload.restCount
              return [
                `${value ?? '–'} (${number(count)})`,
                name === 'inside' ? t('plan.inside') : t('plan.rest'),
              ]
            }}
          />
          <Legend formatter={(name) => (name === 'inside' ? t('plan.inside') : t('plan.rest'))} />
          <ReferenceLine
            x={start.slice(0, 7)}
            stroke="#173a63"
            strokeDasharray="4 2"
            label={{ value: t('plan.start'), fontSize: 11, position: 'insideTopLeft' }}
          />
          <Line
            type="monotone"
            dataKey="inside"
            stroke="#c2255c"
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="rest"
            stroke="#495057"
            strokeWidth={1.5}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>
        {t('plan.indexNote')}{' '}
        {t('plan.beforeAfter', {
          insideBefore: number(s.insideBefore),
          insideAfter: number(s.insideAfter),
          restBefore: number(s.restBefore),
          restAfter: number(s.restAfter),
        })}{' '}
        {s.relativeChange !== null &&
          t('plan.relativeChange', {
            value: s.relativeChange.toLocaleString(lang, { maximumFractionDigits: 2 }),
          })}{' '}
        {followUp.disclosureControl === 'cell-key' && t('plan.published')}
      </figcaption>
    </figure>
  )
}

function SurveyChart({ followUp }: { followUp: SurveyFollowUp }) {
  const { t, term } = useI18n()
  return (
    <figure className="council-chart" data-testid="plan-survey-chart">
      <figcaption>
        {term(surveyIndicatorTerms[followUp.indicator as SurveyIndicator], followUp.indicator)}
      </figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <BarChart data={followUp.years} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d8dee6" />
          <XAxis dataKey="year" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip
            formatter={(value, name) => [
              value,
              name === 'inside' ? t('plan.insideDistricts') : t('plan.rest'),
            ]}
          />
          <Legend formatter={(name) => (name === 'inside' ? t('plan.insideDistricts') : t('plan.rest'))} />
          <Bar dataKey="inside" fill="#c2255c" isAnimationActive={false} />
          <Bar dataKey="rest" fill="#adb5bd" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  )
}

export function ActionPlanPanel({ user, councilMap, districts, controller, onLegend }: CouncilPanelProps) {
  const { t, term } = useI18n()
  const mayEdit = mayEditLayer(user.role, 'action-measures')
  const [measures, setMeasures] = useState<ActionPlanMeasure[] | null>(null)
  const [summary, setSummary] = useState<Record<string, number>>({})
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [followUp, setFollowUp] = useState<MeasureFollowUp | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [drawing, setDrawing] = useState(false)
  const [actors, setActors] = useState<{ id: string; name: string }[]>([])
  const [places, setPlaces] = useState<Feature<Geometry, { title?: string; status?: string }>[]>([])

  const reload = useCallback(async () => {
    try {
      const plan = await api.actionPlan()
      setMeasures(plan.measures)
      setSummary(plan.summary)
      const shapes = await api.features('action-measures', { limit: '1000' })
      setPlaces(shapes.features as Feature<Geometry, { title?: string; status?: string }>[])
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  useEffect(() => {
    if (!mayEdit) return
    const abort = new AbortController()
    api
      .features('actors', { limit: '1000' }, abort.signal)
      .then((fc) =>
        setActors(
          fc.features
            .map((f) => ({ id: String(f.id), name: String(f.properties.name ?? '') }))
            .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        ),
      )
      .catch(() => {
        // Without the actor list a measure is written without an owner.
      })
    return () => abort.abort()
  }, [mayEdit])

  // The measures' places on the map, coloured by status; the selected one stronger.
  useEffect(() => {
    if (!councilMap) return
    councilMap.showAreas({
      id: 'action-plan',
      features: places,
      fill: (f) =>
        rgba(
          measureStatusColours[(f.properties.status as MeasureStatus) ?? 'planned'],
          f.id === selected ? 150 : 60,
        ),
      line: [23, 58, 99, 220],
      tooltip: (f) =>
        `${f.properties.title ?? ''}\n${term(measureStatusTerms[(f.properties.status as MeasureStatus) ?? 'planned'])}`,
    })
    onLegend(
      <>
        <h3>{t('plan.legend')}</h3>
        <ul className="council-legend-list">
          {(Object.keys(measureStatusTerms) as MeasureStatus[]).map((s) => (
            <li key={s}>
              <span className="council-swatch" style={{ background: measureStatusColours[s] }} />
              {term(measureStatusTerms[s])}
            </li>
          ))}
        </ul>
      </>,
    )
    return () => {
      councilMap.clear()
      onLegend(null)
    }
  }, [councilMap, places, selected, onLegend, t, term])

  useEffect(() => {
    if (!selected) return setFollowUp(null)
    const abort = new AbortController()
    setFollowUp(null)
    api
      .measureFollowUp(selected, abort.signal)
      .then(setFollowUp)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    const place = places.find((p) => p.id === selected)
    if (place) councilMap?.fitTo([place])
    return () => abort.abort()
  }, [selected, places, councilMap])

  // terra-draw for a drawn place, only while the form asks for one.
  useEffect(() => {
    if (!drawing || !controller) return
    const shape = new ShapeDrawing(controller.map, (polygon) => {
      setDraft((d) => (d ? { ...d, place: { kind: 'drawn', polygon } } : d))
      setDrawing(false)
    })
    shape.start()
    return () => shape.stop()
  }, [drawing, controller])

  const current = measures?.find((m) => m.id === selected) ?? null

  async function save() {
    if (!draft) return
    const fault = periodFault({ startDate: draft.startDate, endDate: draft.endDate || undefined })
    if (fault) return setError(t('plan.endBeforeStart'))
    if (!draft.place) return setError(t('plan.placeMissing'))
    const district =
      draft.place.kind === 'district'
        ? districts?.features.find((d) => String(d.id) === (draft.place as { id: string }).id)
        : null
    const geometry: Polygon | MultiPolygon | null =
      draft.place.kind === 'drawn'
        ? draft.place.polygon
        : ((district?.geometry as Polygon | MultiPolygon) ?? null)
    if (!geometry) return setError(t('plan.placeMissing'))
    const indicators: MeasureIndicator[] = [
      ...(draft.categories.length ? [{ kind: 'incidents' as const, categories: draft.categories }] : []),
      ...(draft.survey ? [{ kind: 'survey' as const, indicator: draft.survey }] : []),
    ]
    try {
      const created = await api.createMeasure({
        type: 'Feature',
        geometry,
        properties: {
          title: draft.title,
          problem: draft.problem,
          ownerActorId: draft.ownerActorId || null,
          partners: draft.partners
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
          startDate: draft.startDate,
          endDate: draft.endDate || null,
          status: draft.status,
          indicators,
          areaId: draft.place.kind === 'district' ? draft.place.id : null,
        },
      })
      setDraft(null)
      setError(null)
      await reload()
      setSelected(String(created.id))
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  async function changeStatus(id: string, status: MeasureStatus) {
    try {
      await api.updateMeasure(id, { properties: { status } })
      await reload()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  async function remove(id: string) {
    if (!window.confirm(t('plan.confirmDelete'))) return
    try {
      await api.deleteMeasure(id)
      setSelected(null)
      await reload()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  if (!measures) return <p className="council-muted">{error ?? t('app.loading')}</p>

  return (
    <div className="council-stack" data-testid="action-plan">
      <section className="council-card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t('plan.heading')}</h2>
        <p className="council-muted">{t('plan.intro')}</p>
        <ul className="plan-summary" data-testid="plan-summary">
          {(Object.keys(measureStatusTerms) as MeasureStatus[]).map((s) => (
            <li key={s}>
              <span className="council-swatch" style={{ background: measureStatusColours[s] }} />
              {term(measureStatusTerms[s])} <strong>{summary[s] ?? 0}</strong>
            </li>
          ))}
          {(summary.overdue ?? 0) > 0 && (
            <li className="plan-overdue">
              {t('plan.overdue')} <strong>{summary.overdue}</strong>
            </li>
          )}
        </ul>
        {mayEdit && !draft && (
          <button
            type="button"
            className="button button-small"
            onClick={() => setDraft(emptyDraft())}
            data-testid="plan-new"
          >
            {t('plan.new')}
          </button>
        )}
        {error && (
          <p role="alert" className="plan-error">
            {error}
          </p>
        )}
      </section>

      {draft && (
        <section className="council-card" aria-labelledby="plan-form-heading" data-testid="plan-form">
          <h2 id="plan-form-heading">{t('plan.new')}</h2>
          <label className="council-field">
            <span>{t('plan.title')}</span>
            <input
              value={draft.title}
              maxLength={200}
              onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            />
          </label>
          <label className="council-field">
            <span>{t('plan.problem')}</span>
            <textarea
              rows={3}
              maxLength={4000}
              value={draft.problem}
              onChange={(e) => setDraft({ ...draft, problem: e.target.value })}
            />
          </label>
          <div className="council-field-row">
            <label className="council-field">
              <span>{t('plan.owner')}</span>
              <select
                value={draft.ownerActorId}
                onChange={(e) => setDraft({ ...draft, ownerActorId: e.target.value })}
              >
                <option value="">–</option>
                {actors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="council-field">
              <span>{t('plan.status')}</span>
              <select
                value={draft.status}
                onChange={(e) => setDraft({ ...draft, status: e.target.value as MeasureStatus })}
              >
                {(Object.keys(measureStatusTerms) as MeasureStatus[]).map((s) => (
                  <option key={s} value={s}>
                    {term(measureStatusTerms[s])}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="council-field">
            <span>{t('plan.partners')}</span>
            <input
              value={draft.partners}
              onChange={(e) => setDraft({ ...draft, partners: e.target.value })}
            />
          </label>
          <div className="council-field-row">
            <label className="council-field">
              <span>{t('plan.startDate')}</span>
              <input
                type="text"
                inputMode="numeric"
                placeholder={t('plan.datePlaceholder')}
                value={draft.startDate}
                onChange={(e) => setDraft({ ...draft, startDate: e.target.value.trim() })}
              />
            </label>
            <label className="council-field">
              <span>{t('plan.endDate')}</span>
              <input
                type="text"
                inputMode="numeric"
                placeholder={t('plan.datePlaceholder')}
                value={draft.endDate}
                onChange={(e) => setDraft({ ...draft, endDate: e.target.value.trim() })}
              />
            </label>
          </div>
          <fieldset className="council-field">
            <legend>{t('plan.place')}</legend>
            <select
              value={draft.place?.kind === 'district' ? draft.place.id : ''}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  place: e.target.value ? { kind: 'district', id: e.target.value } : null,
                })
              }
              data-testid="plan-district"
            >
              <option value="">{t('plan.chooseDistrict')}</option>
              {districts?.features.map((d) => (
                <option key={String(d.id)} value={String(d.id)}>
                  {String(d.properties.name ?? '')}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={!controller}
              onClick={() => setDrawing(true)}
              data-testid="plan-draw"
            >
              {drawing ? t('plan.drawing') : t('plan.draw')}
            </button>
            {draft.place?.kind === 'drawn' && <span className="council-muted">{t('plan.drawn')}</span>}
          </fieldset>
          <fieldset className="council-field plan-categories">
            <legend>{t('plan.indicators')}</legend>
            {CRIME_CATEGORIES.map((c) => (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={draft.categories.includes(c)}
                  onChange={(e) =>
                    setDraft({
                      ...draft,
                      categories: e.target.checked
                        ? [...draft.categories, c]
                        : draft.categories.filter((x) => x !== c),
                    })
                  }
                />
                {term(incidentCategoryTerms[c])}
              </label>
            ))}
          </fieldset>
          <label className="council-field">
            <span>{t('plan.surveyIndicator')}</span>
            <select
              value={draft.survey}
              onChange={(e) => setDraft({ ...draft, survey: e.target.value as SurveyIndicator | '' })}
            >
              <option value="">–</option>
              {(Object.keys(surveyIndicatorTerms) as SurveyIndicator[]).map((i) => (
                <option key={i} value={i}>
                  {term(surveyIndicatorTerms[i])}
                </option>
              ))}
            </select>
          </label>
          <div className="council-field-row">
            <button
              type="button"
              className="button button-small"
              onClick={() => void save()}
              data-testid="plan-save"
            >
              {t('plan.save')}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                setDraft(null)
                setDrawing(false)
              }}
            >
              {t('plan.cancel')}
            </button>
          </div>
        </section>
      )}

      <section className="council-card" aria-labelledby="plan-list-heading">
        <h2 id="plan-list-heading">{t('plan.measures')}</h2>
        <ul className="plan-list" data-testid="plan-list">
          {measures.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={m.id === selected ? 'is-active' : undefined}
                onClick={() => setSelected(m.id === selected ? null : m.id)}
              >
                <span className="council-swatch" style={{ background: measureStatusColours[m.status] }} />
                <span className="plan-title">{m.title}</span>
                <span className="council-muted">
                  {term(measureStatusTerms[m.status])} · {m.startDate} – {m.endDate ?? ''} ·{' '}
                  {m.district ?? t('plan.drawnPlace')}
                  {m.overdue && <strong className="plan-overdue"> · {t('plan.overdue')}</strong>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      {current && (
        <section className="council-card" aria-labelledby="plan-detail-heading" data-testid="plan-detail">
          <h2 id="plan-detail-heading">{current.title}</h2>
          <p>{current.problem}</p>
          <p className="council-muted">
            {current.owner ? `${t('plan.owner')}: ${current.owner}. ` : ''}
            {current.partners?.length ? `${t('plan.partnersShort')}: ${current.partners.join(', ')}.` : ''}
          </p>
          {mayEdit && (
            <div className="council-field-row">
              <label className="council-field">
                <span>{t('plan.status')}</span>
                <select
                  value={current.status}
                  onChange={(e) => void changeStatus(current.id, e.target.value as MeasureStatus)}
                  data-testid="plan-status"
                >
                  {(Object.keys(measureStatusTerms) as MeasureStatus[]).map((s) => (
                    <option key={s} value={s}>
                      {term(measureStatusTerms[s])}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => void remove(current.id)}
              >
                {t('plan.delete')}
              </button>
            </div>
          )}
          <h3>{t('plan.followUp')}</h3>
          {!followUp && <p className="council-muted">{t('app.loading')}</p>}
          {followUp?.indicators.length === 0 && <p className="council-muted">{t('plan.noIndicators')}</p>}
          {followUp?.indicators.map((i) =>
            i.kind === 'incidents' ? (
              <div key={`i-${i.categories.join()}`}>
                <p className="council-muted">
                  {i.categories.map((c) => term(categoryOrGroupTerms[c], c)).join(', ')}
                </p>
                <IncidentChart followUp={i} start={followUp.startDate} />
              </div>
            ) : (
              <SurveyChart key={`s-${i.indicator}`} followUp={i} />
            ),
          )}
        </section>
      )}
    </div>
  )
}
