/**
 * A critical asset's dependencies in its feature panel: what it needs (resource, redundancy group,
 * buffer = time to impact + backup, provider) and what it supplies; its upstream and downstream
 * chains on the map on request; and, for the roles that edit critical assets, dependencies added
 * and removed.
 */
import { type FormEvent, useEffect, useState } from 'react'
import { bufferHours } from '../../common/cascade.ts'
import { type DependencyChains, type DependencyView, mayEditDependencies } from '../../common/dependencies.ts'
import { type Resource, resourceTerms } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import { api, type SignedInUser } from '../api/api-client.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { resourceColours } from '../layers/palette.ts'
import { networkApi } from './network-api.ts'
import type { NetworkOverlay } from './network-overlay.ts'

const hours = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

export function AssetDependencies({
  assetId,
  user,
  overlay,
  onOpenAsset,
  onFit,
}: {
  assetId: string
  user: SignedInUser
  overlay: NetworkOverlay | null
  onOpenAsset: (id: string) => void
  /** Frames the chains on the map when they are first shown. */
  onFit: (bbox: BBox) => void
}) {
  const { t, term } = useI18n()
  const [dependencies, setDependencies] = useState<DependencyView[] | null>(null)
  const [chains, setChains] = useState<DependencyChains | null>(null)
  const [showing, setShowing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const mayEdit = mayEditDependencies(user.role)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads after an edit.
  useEffect(() => {
    const abort = new AbortController()
    networkApi
      .dependencies(assetId, abort.signal)
      .then(setDependencies)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [assetId, version])

  // The chains are drawn while the box is ticked, and fetched again after an edit.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` refetches after an edit.
  useEffect(() => {
    if (!showing) {
      setChains(null)
      overlay?.showChains(null)
      return
    }
    const abort = new AbortController()
    networkApi
      .chains(assetId, abort.signal)
      .then((c) => {
        setChains(c)
        overlay?.showChains(c)
        const ends = [...c.upstream, ...c.downstream].flatMap((e) => [
          e.providerPosition,
          e.dependentPosition,
        ])
        if (ends.length > 1)
          onFit([
            Math.min(...ends.map((p) => p[0])),
            Math.min(...ends.map((p) => p[1])),
            Math.max(...ends.map((p) => p[0])),
            Math.max(...ends.map((p) => p[1])),
          ])
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err))
      })
    return () => abort.abort()
  }, [assetId, overlay, showing, version])
  useEffect(() => () => overlay?.showChains(null), [overlay])

  const changed = () => setVersion((v) => v + 1)
  const remove = (id: string) =>
    networkApi
      .deleteDependency(id)
      .then(changed)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))

  if (!dependencies) return error ? <p className="panel-error">{error}</p> : null
  const needs = dependencies.filter((d) => d.dependentAssetId === assetId)
  const supplies = dependencies.filter((d) => d.providerAssetId === assetId)
  const swatch = (resource: string) => (
    <span
      className="swatch"
      style={{ background: resourceColours[resource as Resource] ?? '#5c677d' }}
      aria-hidden="true"
    />
  )

  return (
    <section className="asset-dependencies" aria-labelledby="asset-needs-heading">
      <h3 id="asset-needs-heading">{t('deps.needs', { n: needs.length })}</h3>
      {needs.length === 0 && <p className="field-hint">{t('deps.needsNone')}</p>}
      <ul className="card-list dependency-list">
        {needs.map((d) => (
          <li key={d.id} data-dependency={d.id}>
            {swatch(d.resource)}
            <strong>{term(resourceTerms[d.resource])}</strong>{' '}
            <span className="actor-meta">
              {t('deps.group', { group: d.redundancyGroup })} ·{' '}
              {t('deps.buffer', {
                impact: hours(d.timeToImpactHours),
                backup: hours(d.backupHours),
                total: hours(bufferHours(d)),
              })}
            </span>
            <div>
              {t('deps.from')}{' '}
              <button type="button" className="link-button" onClick={() => onOpenAsset(d.providerAssetId)}>
                {d.providerName}
              </button>
              {mayEdit && (
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => remove(d.id)}
                  aria-label={t('deps.remove', { name: d.providerName })}
                >
                  {t('actors.remove')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <h3>{t('deps.supplies', { n: supplies.length })}</h3>
      {supplies.length === 0 && <p className="field-hint">{t('deps.suppliesNone')}</p>}
      <ul className="card-list dependency-list">
        {supplies.map((d) => (
          <li key={d.id} data-dependency={d.id}>
            {swatch(d.resource)}
            <strong>{term(resourceTerms[d.resource])}</strong> {t('deps.to')}{' '}
            <button type="button" className="link-button" onClick={() => onOpenAsset(d.dependentAssetId)}>
              {d.dependentName}
            </button>
          </li>
        ))}
      </ul>
      <label className="register-check">
        <input type="checkbox" checked={showing} onChange={(e) => setShowing(e.target.checked)} />
        {t('deps.showChains')}
      </label>
      {chains && (
        <p className="field-hint" data-testid="chain-count">
          {t('deps.chainCount', { up: chains.upstream.length, down: chains.downstream.length })}
        </p>
      )}
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
      {mayEdit && <DependencyEditor assetId={assetId} onDone={changed} onError={setError} />}
    </section>
  )
}

function DependencyEditor({
  assetId,
  onDone,
  onError,
}: {
  assetId: string
  onDone: () => void
  onError: (message: string) => void
}) {
  const { t, term } = useI18n()
  const [providers, setProviders] = useState<{ id: string; name: string }[]>([])
  const [provider, setProvider] = useState('')
  const [resource, setResource] = useState<Resource>('electricity')
  const [group, setGroup] = useState('')
  const [impact, setImpact] = useState('0')
  const [backup, setBackup] = useState('0')

  useEffect(() => {
    const abort = new AbortController()
    api
      .features('critical-assets', { limit: '5000' }, abort.signal)
      .then((fc) =>
        setProviders(
          fc.features
            .filter((f) => String(f.id) !== assetId)
            .map((f) => ({ id: String(f.id), name: String(f.properties.name ?? '') }))
            .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        ),
      )
      .catch(() => setProviders([]))
    return () => abort.abort()
  }, [assetId])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    networkApi
      .createDependency({
        dependentAssetId: assetId,
        providerAssetId: provider,
        resource,
        redundancyGroup: group.trim() || undefined,
        timeToImpactHours: Number(impact),
        backupHours: Number(backup),
      })
      .then(() => {
        setProvider('')
        onDone()
      })
      .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)))
  }

  return (
    <form className="register-form" onSubmit={submit} aria-label={t('deps.add')}>
      <h3>{t('deps.add')}</h3>
      <label className="field">
        <span className="field-label">{t('deps.provider')}</span>
        <select value={provider} onChange={(e) => setProvider(e.target.value)} required>
          <option value="">{t('deps.pickProvider')}</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('deps.resource')}</span>
        <select value={resource} onChange={(e) => setResource(e.target.value as Resource)}>
          {Object.entries(resourceTerms).map(([k, v]) => (
            <option key={k} value={k}>
              {term(v)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t('deps.groupLabel')}</span>
        <input
          value={group}
          onChange={(e) => setGroup(e.target.value)}
          placeholder={resource}
          maxLength={60}
        />
      </label>
      <div className="inline-form">
        <label className="field">
          <span className="field-label">{t('deps.impactLabel')}</span>
          <input
            type="number"
            min={0}
            step={0.5}
            value={impact}
            onChange={(e) => setImpact(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('deps.backupLabel')}</span>
          <input
            type="number"
            min={0}
            step={0.5}
            value={backup}
            onChange={(e) => setBackup(e.target.value)}
          />
        </label>
      </div>
      <button type="submit" className="button button-small">
        {t('deps.addButton')}
      </button>
    </form>
  )
}
