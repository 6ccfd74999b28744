/**
 * Safety surveys beside reported crime: every survey year and indicator per district with its
 * respondents (too few flagged) and the change since the year before; a bivariate map (3 × 3
 * classes of insecurity and crime per 1,000 residents) and a scatter of the two, with the districts
 * where they disagree named.
 */
import { useEffect, useMemo, useState } from 'react'
import {
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { INSECURITY_INDICATOR, type SurveyComparison } from '../../common/council.ts'
import { type SurveyIndicator, surveyIndicatorTerms } from '../../common/domain.ts'
import {
  bivariateColour,
  bivariatePalette,
  changePercent,
  type DistrictPair,
  disagreements,
  tercileLimits,
  tercileOf,
} from '../../common/survey-crime.ts'
import { api } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { rgba } from './council-map.ts'
import type { CouncilPanelProps } from './council-view.tsx'

type Load =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; value: SurveyComparison }

export function SurveyPanel({ councilMap, districts, onLegend }: CouncilPanelProps) {
  const { t, term, lang } = useI18n()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [year, setYear] = useState<number | null>(null)
  const [indicator, setIndicator] = useState<string>(INSECURITY_INDICATOR)

  useEffect(() => {
    const abort = new AbortController()
    api
      .councilSurveys(abort.signal)
      .then((value) => {
        setLoad({ status: 'ready', value })
        setYear((y) => y ?? value.years[value.years.length - 1] ?? null)
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted)
          setLoad({ status: 'error', message: err instanceof Error ? err.message : String(err) })
      })
    return () => abort.abort()
  }, [])

  const survey = load.status === 'ready' ? load.value : null
  const previousYear = survey && year !== null ? survey.years[survey.years.indexOf(year) - 1] : undefined
  const rows = useMemo(() => {
    if (!survey || year === null) return []
    return survey.districts
      .map((d) => {
        const now = d.years[String(year)]
        const before = previousYear === undefined ? undefined : d.years[String(previousYear)]
        const value = now?.values[indicator]
        const earlier = before?.values[indicator]
        return {
          id: d.id,
          name: d.name,
          value,
          change: value !== undefined && earlier !== undefined ? value - earlier : null,
          changePercent: value !== undefined && earlier !== undefined ? changePercent(earlier, value) : null,
          respondents: now?.respondents ?? null,
          tooFew: now ? now.respondents < survey.minimumRespondents : false,
          crime: d.crime[String(year)]?.per1000 ?? null,
        }
      })
      .filter((r) => r.value !== undefined)
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
  }, [survey, year, previousYear, indicator])

  const pairs: DistrictPair[] = rows
    .filter((r) => r.crime !== null && r.value !== undefined)
    .map((r) => ({ id: r.id, name: r.name, crime: r.crime as number, insecurity: r.value as number }))
  const disagreeing = useMemo(() => disagreements(pairs), [pairs])
  const named = new Set(disagreeing.map((d) => d.id))
  const crimeLimits = tercileLimits(pairs.map((p) => p.crime))
  const insecurityLimits = tercileLimits(pairs.map((p) => p.insecurity))
  const pairById = new Map(pairs.map((p) => [p.id, p]))
  const indicatorName = term(surveyIndicatorTerms[indicator as SurveyIndicator], indicator)

  // biome-ignore lint/correctness/useExhaustiveDependencies: redrawn when the year or indicator changes the pairs.
  useEffect(() => {
    if (!councilMap || !districts || !pairs.length) return
    councilMap.showAreas({
      id: 'bivariate',
      features: districts.features,
      fill: (f) => {
        const p = pairById.get(String(f.id))
        return p
          ? rgba(
              bivariateColour(tercileOf(p.crime, crimeLimits), tercileOf(p.insecurity, insecurityLimits)),
              215,
            )
          : [200, 200, 200, 60]
      },
      tooltip: (f) => {
        const p = pairById.get(String(f.id))
        return p
          ? `${p.name}\n${t('council.survey.crimePer1000')}: ${p.crime.toLocaleString(lang)}\n${indicatorName}: ${p.insecurity.toLocaleString(lang)}`
          : String(f.properties.name ?? '')
      },
    })
    onLegend(
      <>
        <h3>{t('council.legend.bivariate')}</h3>
        <div className="council-bivariate">
          <div className="council-bivariate-grid" role="img" aria-label={t('council.legend.bivariateHelp')}>
            {[2, 1, 0].map((crimeClass) =>
              [0, 1, 2].map((insecurityClass) => (
                <span
                  key={`${crimeClass}-${insecurityClass}`}
                  style={{ background: bivariatePalette[crimeClass]![insecurityClass] }}
                />
              )),
            )}
          </div>
          <div className="council-bivariate-axes">
            <span>↑ {t('council.legend.moreCrime')}</span>
            <span>→ {t('council.legend.moreInsecure')}</span>
          </div>
        </div>
        <p>{t('council.legend.bivariateHelp')}</p>
      </>,
    )
    return () => {
      councilMap.clear()
      onLegend(null)
    }
  }, [councilMap, districts, year, indicator, survey, onLegend, t, lang])

  if (load.status === 'error') return <p role="alert">{load.message}</p>
  if (!survey || year === null) return <p className="council-muted">{t('app.loading')}</p>

  return (
    <div className="council-stack">
      <section className="council-card" aria-labelledby="council-survey-heading">
        <h2 id="council-survey-heading">{t('council.survey.heading')}</h2>
        <div className="council-field-row">
          <label className="council-field">
            <span>{t('council.survey.year')}</span>
            <select
              value={year}
              onChange={(e) => setYear(Number(e.target.value))}
              data-testid="council-survey-year"
            >
              {survey.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label className="council-field">
            <span>{t('council.survey.indicator')}</span>
            <select
              value={indicator}
              onChange={(e) => setIndicator(e.target.value)}
              data-testid="council-survey-indicator"
            >
              {survey.indicators.map((i) => (
                <option key={i} value={i}>
                  {term(surveyIndicatorTerms[i as SurveyIndicator], i)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="council-muted">
          {t('council.survey.respondentsNote', { minimum: survey.minimumRespondents })}
        </p>
      </section>

      <section
        className="council-card"
        aria-labelledby="council-disagree-heading"
        data-testid="council-disagreements"
      >
        <h2 id="council-disagree-heading">{t('council.survey.disagreeHeading')}</h2>
        {disagreeing.length ? (
          <ul className="council-disagreements">
            {disagreeing.map((d) => (
              <li key={d.id}>
                <strong>{d.name}</strong>{' '}
                {t(
                  d.direction === 'moreInsecure'
                    ? 'council.survey.moreInsecure'
                    : 'council.survey.lessInsecure',
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="council-muted">{t('council.survey.noDisagreement')}</p>
        )}
        <ResponsiveContainer width="100%" height={230}>
          <ScatterChart margin={{ left: -8, right: 16, top: 8, bottom: 14 }}>
            <CartesianGrid stroke="#e8ecf1" />
            <XAxis
              type="number"
              dataKey="crime"
              name={t('council.survey.crimePer1000')}
              tick={{ fontSize: 11 }}
              label={{
                value: t('council.survey.crimePer1000'),
                position: 'insideBottom',
                offset: -8,
                fontSize: 11,
              }}
            />
            <YAxis type="number" dataKey="insecurity" name={indicatorName} tick={{ fontSize: 11 }} />
            <Tooltip
              cursor={false}
              formatter={(v) => Number(v).toLocaleString(lang)}
              labelFormatter={() => ''}
            />
            <Scatter data={pairs.filter((p) => !named.has(p.id))} fill="#5d6878" isAnimationActive={false} />
            <Scatter data={pairs.filter((p) => named.has(p.id))} fill="#be64ac" isAnimationActive={false}>
              <LabelList dataKey="name" position="top" fontSize={11} />
            </Scatter>
          </ScatterChart>
        </ResponsiveContainer>
        <p className="council-muted">{t('council.survey.scatterHelp', { indicator: indicatorName })}</p>
        {survey.disclosure === 'cell-key' && (
          <p className="council-disclosure">{t('council.survey.protected')}</p>
        )}
      </section>

      <section className="council-card" aria-labelledby="council-survey-table-heading">
        <h2 id="council-survey-table-heading">
          {indicatorName}, {year}
        </h2>
        <table className="council-table" data-testid="council-survey-table">
          <thead>
            <tr>
              <th scope="col">{t('council.survey.district')}</th>
              <th scope="col">{t('council.survey.value')}</th>
              <th scope="col">
                {previousYear === undefined
                  ? t('council.survey.change')
                  : t('council.survey.changeSince', { year: previousYear })}
              </th>
              <th scope="col">{t('council.survey.respondents')}</th>
              <th scope="col">{t('council.survey.crimePer1000')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.tooFew ? 'is-flagged' : undefined}>
                <th scope="row">{r.name}</th>
                <td>{r.value?.toLocaleString(lang)}</td>
                <td
                  className={
                    r.change === null
                      ? undefined
                      : r.change > 0
                        ? 'is-up'
                        : r.change < 0
                          ? 'is-down'
                          : undefined
                  }
                >
                  {r.change === null
                    ? '–'
                    : `${r.change > 0 ? '+' : ''}${(Math.round(r.change * 10) / 10).toLocaleString(lang)}`}
                  {r.changePercent !== null && r.change !== 0 && (
                    <span className="council-muted">
                      {' '}
                      ({r.changePercent > 0 ? '+' : ''}
                      {Math.round(r.changePercent)} %)
                    </span>
                  )}
                </td>
                <td>
                  {r.respondents?.toLocaleString(lang)}
                  {r.tooFew && (
                    <span
                      className="council-flag"
                      title={t('council.survey.tooFewHelp', { minimum: survey.minimumRespondents })}
                    >
                      {' '}
                      {t('council.survey.tooFew')}
                    </span>
                  )}
                </td>
                <td>{r.crime === null ? '–' : r.crime.toLocaleString(lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
