/**
 * A new risk for the register: what it is, where (a point tapped on the map, or none for a risk
 * without a place), likelihood and a consequence per protected value on the municipality's scales,
 * how uncertain the judgement is, and the vulnerabilities, gaps and critical activities it concerns.
 */
import { type FormEvent, useState } from 'react'
import { type Hazard, hazardTerms, type ProtectedValue, protectedValueTerms } from '../../common/domain.ts'
import { riskBand, riskBandLimits, riskScore } from '../../common/risk.ts'
import { type RsaRisk, type RsaScales, uncertaintyTerms } from '../../common/rsa.ts'
import { ApiError } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { rsaApi } from './rsa-api.ts'

export interface RiskFormProps {
  versionId: string
  scales: RsaScales
  /** The point tapped on the map, if any. */
  position: [number, number] | null
  onSaved: (risk: RsaRisk) => void
  onCancel: () => void
}

const hazards = Object.keys(hazardTerms) as Hazard[]
const protectedValues = Object.keys(protectedValueTerms) as ProtectedValue[]

export function RiskForm({ versionId, scales, position, onSaved, onCancel }: RiskFormProps) {
  const { t, term, lang } = useI18n()
  const [title, setTitle] = useState('')
  const [hazard, setHazard] = useState<Hazard>('flood')
  const [description, setDescription] = useState('')
  const [likelihood, setLikelihood] = useState(3)
  const [consequences, setConsequences] = useState<Partial<Record<ProtectedValue, number>>>({
    life_health: 3,
  })
  const [uncertainty, setUncertainty] = useState(2)
  const [vulnerabilities, setVulnerabilities] = useState('')
  const [gaps, setGaps] = useState('')
  const [criticalActivities, setCriticalActivities] = useState('')
  const [error, setError] = useState<string | null>(null)
  const score = riskScore(likelihood, Object.values(consequences))
  const band = riskBand(score)
  const label = (l: { sv: string; en: string }) => (lang === 'sv' ? l.sv : l.en)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    try {
      const risk = await rsaApi.createRisk({
        versionId,
        title,
        hazard,
        description: description || null,
        likelihood,
        consequences,
        uncertainty,
        vulnerabilities: vulnerabilities || null,
        gaps: gaps || null,
        criticalActivities: criticalActivities || null,
        criticalAssetIds: [],
        geometry: position ? { type: 'Point', coordinates: position } : null,
      })
      onSaved(risk)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  return (
    <form className="rsa-form" onSubmit={submit} data-testid="risk-form">
      <h2>{t('rsa.newRisk')}</h2>
      <label className="field">
        <span>{t('rsa.field.title')}</span>
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          maxLength={200}
          data-testid="risk-title"
        />
      </label>
      <label className="field">
        <span>{t('rsa.field.hazard')}</span>
        <select
          value={hazard}
          onChange={(e) => setHazard(e.target.value as Hazard)}
          data-testid="risk-hazard"
        >
          {hazards.map((h) => (
            <option key={h} value={h}>
              {term(hazardTerms[h])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('rsa.field.description')}</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={2}
          maxLength={4000}
        />
      </label>
      <label className="field">
        <span>{t('rsa.likelihood')}</span>
        <select
          value={likelihood}
          onChange={(e) => setLikelihood(Number(e.target.value))}
          data-testid="risk-likelihood"
        >
          {scales.likelihood.map((l) => (
            <option key={l.level} value={l.level}>
              {l.level} – {label(l)} ({lang === 'sv' ? l.descriptionSv : l.descriptionEn})
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field">
        <legend>{t('rsa.consequencePerValue')}</legend>
        {protectedValues.map((value) => (
          <label key={value} className="consequence-row">
            <span>{term(protectedValueTerms[value])}</span>
            <select
              value={consequences[value] ?? ''}
              onChange={(e) => {
                const level = e.target.value ? Number(e.target.value) : undefined
                setConsequences((prev) => {
                  const next = { ...prev }
                  if (level === undefined) delete next[value]
                  else next[value] = level
                  return next
                })
              }}
              data-testid={`risk-consequence-${value}`}
            >
              <option value="">{t('rsa.notJudged')}</option>
              {scales.consequence.map((l) => (
                <option key={l.level} value={l.level}>
                  {l.level} – {label(l)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <p className={`rsa-score band-${band}`} data-testid="risk-score-preview">
        {t('rsa.score')} {score} · {term(riskBandLimits[band])}
      </p>
      <label className="field">
        <span>{t('rsa.field.uncertainty')}</span>
        <select value={uncertainty} onChange={(e) => setUncertainty(Number(e.target.value))}>
          {([1, 2, 3] as const).map((u) => (
            <option key={u} value={u}>
              {term(uncertaintyTerms[u])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('rsa.field.vulnerabilities')}</span>
        <textarea
          value={vulnerabilities}
          onChange={(e) => setVulnerabilities(e.target.value)}
          rows={2}
          maxLength={4000}
        />
      </label>
      <label className="field">
        <span>{t('rsa.field.gaps')}</span>
        <textarea value={gaps} onChange={(e) => setGaps(e.target.value)} rows={2} maxLength={4000} />
      </label>
      <label className="field">
        <span>{t('rsa.field.criticalActivities')}</span>
        <textarea
          value={criticalActivities}
          onChange={(e) => setCriticalActivities(e.target.value)}
          rows={2}
          maxLength={4000}
        />
      </label>
      <p className="rsa-hint" data-testid="risk-place">
        {position
          ? t('rsa.placeChosen', { lon: position[0].toFixed(5), lat: position[1].toFixed(5) })
          : t('rsa.placeHint')}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" data-testid="risk-save">
          {t('rsa.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('rsa.cancel')}
        </button>
      </div>
    </form>
  )
}
