/**
 * Replay (*uppspelning*): a time slider over the session's history that shows the map and the log
 * as they stood at each change, from the start, read-only; play and pause step through the changes.
 */
import { useEffect, useMemo, useState } from 'react'
import type { EscalationLevel, HistoryEntry } from '../../common/crisis.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { newestFirst } from './log-filter.ts'
import { EscalationChange, kindLabel } from './log-panel.tsx'
import { nextStep, playFrom, ReplayCursor, type ReplayFrame, type SessionHeader } from './replay.ts'
import {
  differentDays,
  escalationName,
  formatClock,
  formatDateTime,
  formatMoment,
  formatWhen,
} from './session-format.ts'

export interface ReplayPanelProps {
  history: readonly HistoryEntry[] | null
  loadError: string | null
  names: ReadonlyMap<string, string>
  levels: readonly EscalationLevel[]
  /** The session's level, agenda step and status now, for what the history does not say. */
  current: SessionHeader
  /** The frame to draw on the map, or null to go back to the live picture. */
  onFrame: (frame: ReplayFrame | null) => void
}

const SPEEDS = [1, 2, 4] as const
/** One change per this many milliseconds at normal speed. */
const STEP_MS = 900

export function ReplayPanel({ history, loadError, names, levels, current, onFrame }: ReplayPanelProps) {
  const { t, lang } = useI18n()
  const { escalationLevel, agendaStep, status } = current
  const cursor = useMemo(
    () => (history ? new ReplayCursor(history, { escalationLevel, agendaStep, status }) : null),
    [history, escalationLevel, agendaStep, status],
  )
  // Note: the replay opens on the latest picture, so the map does not go blank; play starts over.
  const [step, setStep] = useState(Number.MAX_SAFE_INTEGER)
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1)
  const steps = cursor?.steps ?? 0
  const frame = useMemo(() => cursor?.frame(step) ?? null, [cursor, step])
  const shownStep = frame?.step ?? 0

  useEffect(() => {
    onFrame(frame)
  }, [frame, onFrame])
  // Leaving the tab returns the map to the live picture.
  useEffect(() => () => onFrame(null), [onFrame])

  useEffect(() => {
    if (!playing) return
    const timer = setTimeout(() => {
      const next = nextStep(shownStep, steps)
      if (next === null) setPlaying(false)
      else setStep(next)
    }, STEP_MS / speed)
    return () => clearTimeout(timer)
  }, [playing, shownStep, steps, speed])

  if (loadError)
    return (
      <div className="session-tab-body">
        <p className="form-error" role="alert">
          {loadError}
        </p>
      </div>
    )
  if (!cursor || !frame)
    return (
      <div className="session-tab-body">
        <p className="panel-status">
          <span className="spinner" aria-hidden="true" /> {t('crisis.replay.loading')}
        </p>
      </div>
    )
  if (steps === 0)
    return (
      <div className="session-tab-body">
        <p className="crisis-empty">{t('crisis.replay.empty')}</p>
      </div>
    )

  const log = [...frame.log].sort(newestFirst)
  // A session over several days dates both ends and the thumb, so "06:45 … 07:09" is never ambiguous.
  const withDate = differentDays(cursor.startedAt, cursor.endedAt)
  const thumbAt = steps > 0 ? shownStep / steps : 0
  return (
    <div className="session-tab-body replay-panel" data-testid="replay">
      <p className="replay-note">{t('crisis.replay.readOnly')}</p>
      <div className="replay-clock">
        <span className="replay-time">{formatClock(frame.at, lang)}</span>
        <span className="replay-date">{formatDateTime(frame.at, lang)}</span>
      </div>
      <div className="replay-track">
        <span
          className="replay-thumb-label"
          data-testid="replay-thumb-label"
          aria-hidden="true"
          style={{
            left: `calc(${thumbAt * 100}% + ${(0.5 - thumbAt) * 16}px)`,
            transform: `translateX(-${thumbAt * 100}%)`,
          }}
        >
          {formatMoment(frame.at, lang, withDate)}
        </span>
        <input
          type="range"
          className="replay-slider"
          min={0}
          max={steps}
          step={1}
          value={shownStep}
          aria-label={t('crisis.replay.slider')}
          aria-valuetext={t('crisis.replay.step', {
            step: shownStep,
            steps,
            time: formatMoment(frame.at, lang, withDate),
          })}
          onChange={(e) => {
            setPlaying(false)
            setStep(Number(e.target.value))
          }}
        />
      </div>
      <div className="replay-scale" data-testid="replay-scale">
        <span>{formatMoment(cursor.startedAt, lang, withDate)}</span>
        <span>{t('crisis.replay.stepCount', { step: shownStep, steps })}</span>
        <span>{formatMoment(cursor.endedAt, lang, withDate)}</span>
      </div>
      <div className="replay-buttons">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            setPlaying(false)
            setStep(0)
          }}
          aria-label={t('crisis.replay.toStart')}
          title={t('crisis.replay.toStart')}
        >
          <ReplayIcon path="M4 3h2v14H4zm3 7 9-7v14z" />
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={shownStep === 0}
          onClick={() => {
            setPlaying(false)
            setStep(Math.max(0, shownStep - 1))
          }}
          aria-label={t('crisis.replay.back')}
          title={t('crisis.replay.back')}
        >
          <ReplayIcon path="M14 3v14l-9-7z" />
        </button>
        <button
          type="button"
          className="button button-small replay-play"
          onClick={() => {
            if (playing) setPlaying(false)
            else {
              setStep(playFrom(shownStep, steps))
              setPlaying(true)
            }
          }}
          data-testid="replay-play"
        >
          {playing ? t('crisis.replay.pause') : t('crisis.replay.play')}
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={shownStep >= steps}
          onClick={() => {
            setPlaying(false)
            setStep(Math.min(steps, shownStep + 1))
          }}
          aria-label={t('crisis.replay.forward')}
          title={t('crisis.replay.forward')}
        >
          <ReplayIcon path="M6 3v14l9-7z" />
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            setPlaying(false)
            setStep(steps)
          }}
          aria-label={t('crisis.replay.toEnd')}
          title={t('crisis.replay.toEnd')}
        >
          <ReplayIcon path="M14 3h2v14h-2zm-1 7-9 7V3z" />
        </button>
        <label className="replay-speed">
          <span className="visually-hidden">{t('crisis.replay.speed')}</span>
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="replay-caption" aria-live="polite">
        {describe(frame, names, levels, lang, t)}
      </p>
      <h3 className="panel-subheading">
        {t('crisis.replay.logAt')}
        <span className="panel-meta">{t('crisis.log.total', { total: log.length })}</span>
      </h3>
      <ol className="log-list replay-log">
        {log.map((entry) => (
          <li key={entry.id} className={`log-entry kind-${entry.kind} is-compact`}>
            <div className="log-entry-head">
              <span className={`log-kind kind-${entry.kind}`}>{t(kindLabel(entry.kind))}</span>
              <time dateTime={entry.createdAt}>{formatWhen(entry.createdAt, lang)}</time>
              <span className="log-author">{names.get(entry.createdBy) ?? entry.createdBy}</span>
            </div>
            <EscalationChange entry={entry} levels={levels} />
            <p className="log-text">{entry.text}</p>
          </li>
        ))}
      </ol>
    </div>
  )
}

function describe(
  frame: ReplayFrame,
  names: ReadonlyMap<string, string>,
  levels: readonly EscalationLevel[],
  lang: 'sv' | 'en',
  t: ReturnType<typeof useI18n>['t'],
): string {
  const entry = frame.entry
  if (!entry) return t('crisis.replay.atStart')
  const by = names.get(entry.by) ?? entry.by
  const change = entry.change
  switch (change.type) {
    case 'annotations':
      return change.remove.length > 0 && change.put.length === 0
        ? t('crisis.replay.removed', { by, n: change.remove.length })
        : t('crisis.replay.drew', { by, n: change.put.length + change.remove.length })
    case 'log':
      return change.entry.kind === 'escalation'
        ? t('crisis.replay.escalated', { by, to: escalationName(levels, change.entry.to, lang) })
        : t('crisis.replay.logged', { by, kind: t(kindLabel(change.entry.kind)).toLocaleLowerCase(lang) })
    case 'session':
      return change.patch.escalationLevel
        ? t('crisis.replay.escalated', { by, to: escalationName(levels, change.patch.escalationLevel, lang) })
        : t('crisis.replay.sessionChanged', { by })
    default: {
      const unknown: never = change
      return unknown
    }
  }
}

function ReplayIcon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true">
      <path d={path} fill="currentColor" />
    </svg>
  )
}
