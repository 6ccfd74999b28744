/**
 * The council's overview: the filter (category group and categories, a time slider over the
 * record's months, weekdays, hours) with the counts that follow it, the districts coloured by count
 * on the map, the weekday-by-hour chart, and the monthly trend of reported crime with the year
 * before and the seasonal profile.
 */
import { useEffect, useMemo, useState } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import {
  type AnsweredQuestion,
  type CrimeTrends,
  type HourBand,
  hourBandTerms,
  type IncidentCounts,
  type Weekday,
  type WeekdayBand,
  weekdayBandTerms,
  weekdays,
  weekdayTerms,
} from '../../common/council.ts'
import { type IncidentCategory, incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'
import { api } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { rgba } from './council-map.ts'
import type { CouncilPanelProps } from './council-view.tsx'
import {
  filterQuery,
  hoursBetween,
  type IncidentFilter,
  lastYearOf,
  monthRange,
  nightHours,
  toggled,
} from './incident-filter.ts'
import { sequentialColour } from './palettes.ts'

type Group = keyof typeof incidentGroupTerms
const groups = Object.keys(incidentGroupTerms) as Group[]
const categoriesIn = (group: Group) =>
  (Object.keys(incidentCategoryTerms) as IncidentCategory[]).filter(
    (c) => incidentCategoryTerms[c].group === group,
  )

type Load<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T }

/** Fetches when the key changes; keeps the last answer on screen while the next one comes. */
function useAnswer<T>(key: string, fetch: (signal: AbortSignal) => Promise<T>): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' })
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key says when the question changed.
  useEffect(() => {
    const abort = new AbortController()
    fetch(abort.signal)
      .then((value) => setLoad({ status: 'ready', value }))
      .catch((err: unknown) => {
        if (!abort.signal.aborted)
          setLoad({ status: 'error', message: err instanceof Error ? err.message : String(err) })
      })
    return () => abort.abort()
  }, [key])
  return load
}

export function OverviewPanel({ councilMap, districts, filter, onFilter, onLegend }: CouncilPanelProps) {
  const { t, lang } = useI18n()
  const query = filterQuery(filter)
  const key = JSON.stringify(query)
  const counts = useAnswer(key, (signal) => api.councilIncidents(query, signal))
  // The slider's months and histogram: the same filter over the whole record.
  const { from: _from, to: _to, ...withoutTime } = query
  const record = useAnswer(JSON.stringify(withoutTime), (signal) => api.councilIncidents(withoutTime, signal))
  const recordMonths = useMemo(() => {
    if (record.status !== 'ready' || !record.value.months.length) return []
    const m = record.value.months
    return monthRange(m[0]!.month, m[m.length - 1]!.month)
  }, [record])

  const answer = counts.status === 'ready' ? counts.value : null
  const byDistrict = useMemo(
    () => new Map(answer?.districts.map((d) => [d.id, d.count ?? 0]) ?? []),
    [answer],
  )
  useEffect(() => {
    if (!councilMap || !districts || !answer) return
    const max = Math.max(1, ...byDistrict.values())
    councilMap.showAreas({
      id: 'district-counts',
      features: districts.features,
      fill: (f) => {
        const n = byDistrict.get(String(f.id))
        return n === undefined ? [200, 200, 200, 60] : rgba(sequentialColour(n / max), 190)
      },
      tooltip: (f) => {
        const n = byDistrict.get(String(f.id))
        return `${String(f.properties.name ?? '')}: ${n === undefined ? t('council.count.none') : n.toLocaleString(lang)}`
      },
    })
    onLegend(
      <>
        <h3>{t('council.legend.districtCounts')}</h3>
        <div className="council-ramp" aria-hidden="true" />
        <div className="council-ramp-labels">
          <span>0</span>
          <span>{max.toLocaleString(lang)}</span>
        </div>
        {answer.answered.disclosure === 'cell-key' && <p>{t('council.legend.greyLeftOut')}</p>}
      </>,
    )
    return () => {
      councilMap.clear()
      onLegend(null)
    }
  }, [councilMap, districts, answer, byDistrict, onLegend, t, lang])

  return (
    <div className="council-stack">
      <FilterControls
        filter={filter}
        onFilter={onFilter}
        recordMonths={recordMonths}
        record={record.status === 'ready' ? record.value : null}
      />
      <section className="council-card" aria-labelledby="council-counts-heading" data-testid="council-counts">
        <h2 id="council-counts-heading">{t('council.counts.heading')}</h2>
        {counts.status === 'error' && <p role="alert">{counts.message}</p>}
        {answer && (
          <>
            <p className="council-total">
              <strong data-testid="council-total">
                {answer.total === null ? t('council.count.leftOut') : answer.total.toLocaleString(lang)}
              </strong>{' '}
              {t('council.counts.incidents')}
            </p>
            <AnsweredNote answered={answer.answered} />
            <CategoryBars counts={answer} />
          </>
        )}
        {counts.status === 'loading' && <p className="council-muted">{t('app.loading')}</p>}
      </section>
      {answer && <WeekdayHourChart counts={answer} />}
      <TrendCharts districts={districts} categories={filter.categories} />
    </div>
  )
}

/** What the answer counted, in words: exactly the filter, or the fixed question the viewer gets. */
function AnsweredNote({ answered }: { answered: AnsweredQuestion }) {
  const { t, term } = useI18n()
  if (answered.disclosure === 'none') return <p className="council-muted">{t('council.counts.exact')}</p>
  const parts = [
    answered.period === 'all' ? t('council.counts.wholeRecord') : answered.period,
    answered.categoryGroup
      ? term(incidentGroupTerms[answered.categoryGroup as Group])
      : t('council.filter.allIncidents'),
    answered.weekdayBand ? term(weekdayBandTerms[answered.weekdayBand as WeekdayBand]) : null,
    answered.hourBand ? term(hourBandTerms[answered.hourBand as HourBand]) : null,
  ].filter(Boolean)
  return (
    <p className="council-disclosure" data-testid="council-disclosure">
      {t('council.counts.protected', { minimum: answered.minimumCount, question: parts.join(', ') })}
    </p>
  )
}

function CategoryBars({ counts }: { counts: IncidentCounts }) {
  const { term, lang } = useI18n()
  const data = counts.categories.slice(0, 8).map((c) => ({
    name: term(incidentCategoryTerms[c.category as IncidentCategory], c.category),
    count: c.count,
  }))
  if (!data.length) return null
  return (
    <ResponsiveContainer width="100%" height={Math.max(60, data.length * 22 + 10)}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 0, bottom: 0 }}>
        <XAxis type="number" hide />
        <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 12 }} interval={0} />
        <Tooltip formatter={(v) => Number(v).toLocaleString(lang)} />
        <Bar dataKey="count" fill="#1f63b5" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  )
}

interface FilterControlsProps {
  filter: IncidentFilter
  onFilter: (filter: IncidentFilter) => void
  recordMonths: readonly string[]
  record: IncidentCounts | null
}

function FilterControls({ filter, onFilter, recordMonths, record }: FilterControlsProps) {
  const { t, term, lang } = useI18n()
  const group = (groups.find((g) => filter.categories.includes(g)) ??
    groups.find((g) =>
      filter.categories.some((c) => incidentCategoryTerms[c as IncidentCategory]?.group === g),
    )) as Group | undefined
  const setGroup = (g: string) => onFilter({ ...filter, categories: g ? [g] : [] })
  const toggleCategory = (c: IncidentCategory) => {
    const chosen = filter.categories.filter((x) => x !== group)
    const next = toggled(chosen, c)
    onFilter({ ...filter, categories: next.length ? next : group ? [group] : [] })
  }
  const [first, last] = filter.months ?? [recordMonths[0], recordMonths[recordMonths.length - 1]]
  const startIndex = Math.max(0, recordMonths.indexOf(first ?? ''))
  const endIndex = Math.max(startIndex, recordMonths.indexOf(last ?? ''))
  const setRange = (a: number, b: number) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a]
    onFilter({ ...filter, months: [recordMonths[lo]!, recordMonths[hi]!] })
  }
  const histogram = useMemo(() => {
    const byMonth = new Map(record?.months.map((m) => [m.month, m.count]) ?? [])
    return recordMonths.map((month, i) => ({
      month,
      count: byMonth.get(month) ?? 0,
      inside: i >= startIndex && i <= endIndex,
    }))
  }, [record, recordMonths, startIndex, endIndex])
  const hourStart = filter.hours.length
    ? (filter.hours.find((h) => !filter.hours.includes((h + 23) % 24)) ?? 0)
    : 0
  const hourEnd = filter.hours.length ? (hourStart + filter.hours.length) % 24 : 0
  const monthName = (m: string | undefined) =>
    m ? new Date(`${m}-15T12:00:00Z`).toLocaleDateString(lang, { year: 'numeric', month: 'short' }) : ''

  return (
    <section className="council-card council-filter" aria-labelledby="council-filter-heading">
      <h2 id="council-filter-heading">{t('council.filter.heading')}</h2>
      <label className="council-field">
        <span>{t('council.filter.group')}</span>
        <select value={group ?? ''} onChange={(e) => setGroup(e.target.value)} data-testid="council-group">
          <option value="">{t('council.filter.allIncidents')}</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {term(incidentGroupTerms[g])}
            </option>
          ))}
        </select>
      </label>
      {group && (
        <fieldset className="council-chips" data-testid="council-categories">
          <legend>{t('council.filter.categories')}</legend>
          {categoriesIn(group).map((c) => (
            <label key={c} className={filter.categories.includes(c) ? 'is-on' : undefined}>
              <input
                type="checkbox"
                checked={filter.categories.includes(c)}
                onChange={() => toggleCategory(c)}
                value={c}
              />
              {term(incidentCategoryTerms[c])}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset className="council-time" data-testid="council-time">
        <legend>{t('council.filter.time')}</legend>
        <div className="council-histogram" aria-hidden="true">
          <ResponsiveContainer width="100%" height={48}>
            <BarChart data={histogram} margin={{ left: 0, right: 0, top: 2, bottom: 0 }} barCategoryGap={1}>
              <Bar dataKey="count" isAnimationActive={false} fill="#9fb3c8" shape={HistogramBar} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        {recordMonths.length > 1 && (
          <div className="council-slider">
            <input
              type="range"
              min={0}
              max={recordMonths.length - 1}
              value={startIndex}
              aria-label={t('council.filter.fromMonth')}
              aria-valuetext={monthName(recordMonths[startIndex])}
              onChange={(e) => setRange(Number(e.target.value), endIndex)}
              data-testid="council-slider-from"
            />
            <input
              type="range"
              min={0}
              max={recordMonths.length - 1}
              value={endIndex}
              aria-label={t('council.filter.toMonth')}
              aria-valuetext={monthName(recordMonths[endIndex])}
              onChange={(e) => setRange(startIndex, Number(e.target.value))}
              data-testid="council-slider-to"
            />
          </div>
        )}
        <p className="council-range" data-testid="council-range">
          {monthName(recordMonths[startIndex])} – {monthName(recordMonths[endIndex])}
        </p>
        <div className="council-presets">
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => onFilter({ ...filter, months: lastYearOf(recordMonths) })}
          >
            {t('council.filter.lastYear')}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => onFilter({ ...filter, months: undefined })}
          >
            {t('council.filter.wholeRecord')}
          </button>
        </div>
      </fieldset>
      <fieldset className="council-chips council-weekdays">
        <legend>{t('council.filter.weekdays')}</legend>
        {weekdays.map((d: Weekday) => (
          <label key={d} className={filter.weekdays.includes(d) ? 'is-on' : undefined}>
            <input
              type="checkbox"
              checked={filter.weekdays.includes(d)}
              onChange={() => onFilter({ ...filter, weekdays: toggled(filter.weekdays, d) })}
            />
            {term(weekdayTerms[d])}
          </label>
        ))}
      </fieldset>
      <fieldset className="council-hours">
        <legend>{t('council.filter.hours')}</legend>
        <div className="council-presets">
          <button
            type="button"
            className={`button button-small ${filter.hours.length === 8 && filter.hours.includes(22) && filter.hours.includes(5) ? 'button-primary' : 'button-secondary'}`}
            onClick={() => onFilter({ ...filter, hours: [...nightHours] })}
            data-testid="council-night"
          >
            {term(hourBandTerms.night)}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => onFilter({ ...filter, hours: hoursBetween(6, 22) })}
          >
            {term(hourBandTerms.day)}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => onFilter({ ...filter, hours: [] })}
          >
            {t('council.filter.allDay')}
          </button>
        </div>
        <div className="council-hour-range">
          <label>
            <span>{t('council.filter.hourFrom')}</span>
            <select
              value={hourStart}
              onChange={(e) => {
                const s = Number(e.target.value)
                onFilter({ ...filter, hours: s === hourEnd ? [] : hoursBetween(s, hourEnd) })
              }}
            >
              {HOURS.map((hour) => (
                <option key={hour} value={hour}>
                  {clock(hour)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('council.filter.hourTo')}</span>
            <select
              value={hourEnd}
              onChange={(e) => {
                const end = Number(e.target.value)
                onFilter({ ...filter, hours: end === hourStart ? [] : hoursBetween(hourStart, end) })
              }}
            >
              {HOURS.map((hour) => (
                <option key={hour} value={hour}>
                  {clock(hour)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
    </section>
  )
}

/** A histogram bar, darker inside the slider's range. */
function HistogramBar(props: unknown) {
  const { x, y, width, height, payload } = props as {
    x: number
    y: number
    width: number
    height: number
    payload: { inside: boolean }
  }
  return <rect x={x} y={y} width={width} height={height} fill={payload.inside ? '#1f63b5' : '#c9d3df'} />
}

const HOURS = Array.from({ length: 24 }, (_, h) => h)
const clock = (h: number) => `${String(h).padStart(2, '0')}:00`

/** When in the week incidents happen: one cell per weekday and hour, darker for more. */
function WeekdayHourChart({ counts }: { counts: IncidentCounts }) {
  const { t, term, lang } = useI18n()
  const cells = new Map(counts.weekdayHours.map((c) => [`${c.weekday}/${c.hour}`, c.count ?? 0]))
  const max = Math.max(1, ...cells.values())
  return (
    <section
      className="council-card"
      aria-labelledby="council-weekhour-heading"
      data-testid="council-weekday-hour"
    >
      <h2 id="council-weekhour-heading">{t('council.weekdayHour.heading')}</h2>
      <table className="council-heatmap">
        <thead>
          <tr>
            <td />
            {HOURS.map((hour) => (
              <th key={hour} scope="col" abbr={clock(hour)} className="council-heatmap-label">
                {hour % 3 === 0 ? String(hour).padStart(2, '0') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weekdays.map((d) => (
            <tr key={d}>
              <th scope="row" className="council-heatmap-label council-heatmap-day">
                {term(weekdayTerms[d])}
              </th>
              {HOURS.map((hour) => {
                const n = cells.get(`${d}/${hour}`)
                return (
                  <td
                    key={hour}
                    className="council-heatmap-cell"
                    title={`${term(weekdayTerms[d])} ${clock(hour)}: ${n === undefined ? t('council.count.none') : n.toLocaleString(lang)}`}
                    style={{ background: n === undefined ? '#f1f3f6' : sequentialColour(n / max) }}
                  />
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="council-muted">{t('council.weekdayHour.help')}</p>
    </section>
  )
}

/** Reported crime per month, the year before beside it, and the average of each calendar month. */
function TrendCharts({
  districts,
  categories,
}: {
  districts: CouncilPanelProps['districts']
  categories: readonly string[]
}) {
  const { t, lang } = useI18n()
  const [district, setDistrict] = useState('')
  const crimeCategories = categories.filter(
    (c) => c === 'crime' || incidentCategoryTerms[c as IncidentCategory]?.group === 'crime',
  )
  const params = { district: district || undefined, category: crimeCategories.join(',') || undefined }
  const trends = useAnswer(JSON.stringify(params), (signal) => api.councilTrends(params, signal))
  const value: CrimeTrends | null = trends.status === 'ready' ? trends.value : null
  const monthShort = (month: number) =>
    new Date(Date.UTC(2026, month - 1, 15)).toLocaleDateString(lang, { month: 'short' })
  const names =
    value?.districts ??
    districts?.features.map((f) => ({ id: String(f.id), name: String(f.properties.name) })) ??
    []
  return (
    <section className="council-card" aria-labelledby="council-trend-heading" data-testid="council-trends">
      <h2 id="council-trend-heading">{t('council.trend.heading')}</h2>
      <label className="council-field">
        <span>{t('council.trend.district')}</span>
        <select
          value={district}
          onChange={(e) => setDistrict(e.target.value)}
          data-testid="council-trend-district"
        >
          <option value="">{t('council.trend.allDistricts')}</option>
          {names.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {value && (
        <>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={value.months} margin={{ left: -12, right: 8, top: 6, bottom: 0 }}>
              <CartesianGrid stroke="#e8ecf1" vertical={false} />
              <XAxis dataKey="month" tick={{ fontSize: 11 }} interval={5} />
              <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line
                dataKey="count"
                name={t('council.trend.thisYear')}
                stroke="#1f63b5"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
              <Line
                dataKey="lastYear"
                name={t('council.trend.lastYear')}
                stroke="#9aa5b4"
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
          <h3 className="council-subheading">{t('council.trend.seasonality')}</h3>
          <ResponsiveContainer width="100%" height={120}>
            <BarChart
              data={value.seasonality.map((s) => ({
                name: monthShort(s.month),
                mean: s.mean === null ? null : Math.round(s.mean * 10) / 10,
              }))}
              margin={{ left: -12, right: 8, top: 4, bottom: 0 }}
            >
              <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
              <YAxis tick={{ fontSize: 11 }} />
              <Tooltip />
              <Bar dataKey="mean" name={t('council.trend.mean')} fill="#f08c00" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          {value.answered.disclosure === 'cell-key' && (
            <p className="council-disclosure">
              {t('council.trend.protected', { minimum: value.answered.minimumCount ?? 0 })}
            </p>
          )}
        </>
      )}
    </section>
  )
}
