/**
 * Snapshots (*ögonblicksbilder*): the situation picture saved at a moment under a name such as
 * "Stabsmöte 3, 14:00"; choosing one lists what changed on the map since the snapshot before it
 * (added, changed, removed), which the map highlights, and offers its situation report.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import {
  type AnnotationRecord,
  crisisSymbolTerms,
  type HistoryEntry,
  type Snapshot,
  sameSnapshotName,
  uniqueSnapshotName,
} from '../../common/crisis.ts'
import type { Language } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { routeHash } from '../map/url-state.ts'
import { formatClock, formatWhen } from './session-format.ts'
import { compareSnapshot, type SnapshotComparison, snapshotOrder } from './snapshot-diff.ts'

export interface SnapshotPanelProps {
  sessionId: string
  snapshots: readonly Snapshot[] | null
  history: readonly HistoryEntry[] | null
  loadError: string | null
  names: ReadonlyMap<string, string>
  /** Absent when the user may not save snapshots. */
  onSave?: (name: string) => Promise<void>
  selectedId: string | null
  onSelect: (comparison: SnapshotComparison | null) => void
  /** Focuses the name field (the meeting's last step asks for a snapshot). */
  focusNonce: number
}

/** What a list of changes calls an annotation: its label, its text, its symbol, or its kind. */
export function annotationName(annotation: AnnotationRecord, lang: Language, kindName: string): string {
  const p = annotation.properties
  return p.label || p.text || (p.symbol ? crisisSymbolTerms[p.symbol][lang] : '') || kindName
}

export function SnapshotPanel({
  sessionId,
  snapshots,
  history,
  loadError,
  names,
  onSave,
  selectedId,
  onSelect,
  focusNonce,
}: SnapshotPanelProps) {
  const { t, lang } = useI18n()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null)
  const ordered = useMemo(() => [...(snapshots ?? [])].sort(snapshotOrder).reverse(), [snapshots])
  const taken = useMemo(() => (snapshots ?? []).map((s) => s.name), [snapshots])
  const suggestion = uniqueSnapshotName(
    t('crisis.snapshots.suggestion', {
      n: (snapshots?.length ?? 0) + 1,
      time: formatClock(new Date().toISOString(), lang),
    }),
    taken,
  )
  const nameTaken = name.trim() !== '' && taken.some((n) => sameSnapshotName(n, name))
  const comparison = useMemo(
    () => (selectedId && history && snapshots ? compareSnapshot(history, snapshots, selectedId) : null),
    [selectedId, history, snapshots],
  )

  useEffect(() => {
    if (focusNonce > 0) document.getElementById('snapshot-name')?.focus()
  }, [focusNonce])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!onSave) return
    setBusy(true)
    setMessage(null)
    const chosen = name.trim() || suggestion
    if (taken.some((n) => sameSnapshotName(n, chosen))) {
      // Two snapshots of one name could not be told apart in the list: offer a free one instead.
      const free = uniqueSnapshotName(chosen, taken)
      setName(free)
      setMessage({ tone: 'error', text: t('crisis.snapshots.taken', { name: chosen, suggestion: free }) })
      setBusy(false)
      return
    }
    try {
      await onSave(chosen)
      setName('')
      setMessage({ tone: 'ok', text: t('crisis.snapshots.saved', { name: chosen }) })
    } catch (err) {
      setMessage({ tone: 'error', text: err instanceof Error ? err.message : String(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="session-tab-body snapshot-panel">
      {onSave && (
        <form className="snapshot-form" onSubmit={submit}>
          <label className="field">
            <span className="field-label">{t('crisis.snapshots.name')}</span>
            <input
              id="snapshot-name"
              value={name}
              maxLength={200}
              placeholder={suggestion}
              aria-invalid={nameTaken || undefined}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" className="button button-small" disabled={busy}>
            {t('crisis.snapshots.save')}
          </button>
          {message && (
            <p
              className={message.tone === 'ok' ? 'form-success' : 'form-error'}
              role={message.tone === 'ok' ? 'status' : 'alert'}
            >
              {message.text}
            </p>
          )}
        </form>
      )}
      {loadError && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}
      {!snapshots && !loadError && (
        <p className="panel-status">
          <span className="spinner" aria-hidden="true" /> {t('crisis.snapshots.loading')}
        </p>
      )}
      {snapshots && snapshots.length === 0 && <p className="crisis-empty">{t('crisis.snapshots.none')}</p>}
      {ordered.length > 0 && (
        <ul className="snapshot-list" data-testid="snapshots">
          {ordered.map((s) => (
            <li key={s.id} className={`snapshot-row${s.id === selectedId ? ' is-selected' : ''}`}>
              <button
                type="button"
                className="snapshot-choose"
                aria-pressed={s.id === selectedId}
                onClick={() => {
                  const next =
                    s.id === selectedId || !history ? null : compareSnapshot(history, snapshots ?? [], s.id)
                  onSelect(next)
                }}
              >
                <span className="snapshot-name">{s.name}</span>
                <span className="snapshot-meta">
                  {t('crisis.snapshots.meta', {
                    time: formatWhen(s.createdAt, lang),
                    author: names.get(s.createdBy) ?? s.createdBy,
                    seq: s.seq,
                  })}
                </span>
              </button>
              <a className="snapshot-report" href={routeHash({ page: 'report', sessionId, seq: s.seq })}>
                {t('crisis.snapshots.report')}
              </a>
            </li>
          ))}
        </ul>
      )}
      {comparison && <ComparisonView comparison={comparison} names={names} onClose={() => onSelect(null)} />}
    </div>
  )
}

function ComparisonView({
  comparison,
  names,
  onClose,
}: {
  comparison: SnapshotComparison
  names: ReadonlyMap<string, string>
  onClose: () => void
}) {
  const { t, lang } = useI18n()
  const { diff } = comparison
  const kindName = (a: AnnotationRecord) => t(`crisis.annotation.${a.kind}`)
  const total = diff.added.length + diff.changed.length + diff.removed.length
  return (
    <section className="snapshot-diff" aria-labelledby="snapshot-diff-heading" data-testid="snapshot-diff">
      <div className="composer-head">
        <h3 id="snapshot-diff-heading" className="panel-subheading">
          {comparison.previous
            ? t('crisis.snapshots.since', { name: comparison.previous.name })
            : t('crisis.snapshots.sinceStart')}
        </h3>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t('crisis.snapshots.clear')}
        >
          ×
        </button>
      </div>
      <p className="field-hint">{t('crisis.snapshots.onMap')}</p>
      {total === 0 && <p className="crisis-empty">{t('crisis.snapshots.noChanges')}</p>}
      {(
        [
          ['added', diff.added],
          ['changed', diff.changed.map((c) => c.after)],
          ['removed', diff.removed],
        ] as const
      ).map(([what, list]) =>
        list.length === 0 ? null : (
          <div key={what} className={`diff-group diff-${what}`}>
            <h4 className="diff-heading">
              <span className={`diff-swatch diff-${what}`} aria-hidden="true" />
              {t(`crisis.snapshots.${what}`, { n: list.length })}
            </h4>
            <ul className="diff-list">
              {list.map((a) => (
                <li key={a.id}>
                  <span className="diff-name">{annotationName(a, lang, kindName(a))}</span>
                  <span className="diff-meta">
                    {kindName(a)} · {formatWhen(a.updatedAt, lang)} · {names.get(a.updatedBy) ?? a.updatedBy}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ),
      )}
      {comparison.log.length > 0 && (
        <p className="field-hint">{t('crisis.snapshots.logCount', { n: comparison.log.length })}</p>
      )}
    </section>
  )
}
