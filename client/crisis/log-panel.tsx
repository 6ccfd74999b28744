/**
 * The shared session log (*loggen*): situation reports, decisions, tasks, coordination needs and
 * notes, each with its time and author; tasks carry who, what, by when and a status that can be
 * changed until they are closed; an entry can be pinned to a place on the map. Filters by kind,
 * task status, author and free text.
 */
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react'
import {
  type EscalationLevel,
  type LogEntry,
  LogEntryInput,
  type LogKind,
  type TaskPatch,
  type TaskStatus,
} from '../../common/crisis.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { DateTimeField } from '../shell/date-time-field.tsx'
import { type Draft, emptyDraft, entryOfDraft, type WritableKind, writableKinds } from './log-draft.ts'
import { emptyLogFilter, filterLog, isFiltered, isOverdue, type LogFilter, logAuthors } from './log-filter.ts'
import {
  escalationName,
  formatClock,
  formatDateTime,
  formatWhen,
  isoToLocalInput,
  localInputToIso,
} from './session-format.ts'

const allKinds: readonly LogKind[] = [...writableKinds, 'escalation']
export const taskStatuses: readonly TaskStatus[] = ['open', 'in_progress', 'done', 'cancelled']

export const kindLabel = (kind: LogKind): MessageKey => `crisis.kind.${kind}`
export const statusLabel = (status: TaskStatus): MessageKey => `crisis.task.${status}`

export interface LogPanelProps {
  entries: readonly LogEntry[]
  /** Display names by username, for authors. */
  names: ReadonlyMap<string, string>
  levels: readonly EscalationLevel[]
  /** Whether the user may write and change tasks now (rights, session open, not replaying). */
  writable: boolean
  /** The user's own organisation, suggested as the reporter of a situation report. */
  ownOrganisation: string | null
  /** Organisations taking part, suggested for reporter, assignee and actors. */
  organisations: readonly string[]
  onAppend: (entry: LogEntryInput) => string
  onUpdateTask: (id: string, patch: TaskPatch) => void
  isPending: (id: string) => boolean
  /** Calls back with the opId of each refused write, so the form can give its text back. */
  watchRefusals: (listener: (opId: string) => void) => () => void
  /** Lets the user click the map; resolves with the place, or null when cancelled. */
  pickPosition: () => Promise<[number, number] | null>
  onShowOnMap: (position: [number, number]) => void
  /** A request from elsewhere (the meeting's agenda) to start writing an entry of a kind. */
  compose: { kind: WritableKind; nonce: number } | null
}

export function LogPanel(props: LogPanelProps) {
  const { t } = useI18n()
  const { entries, names } = props
  const [filter, setFilter] = useState<LogFilter>(emptyLogFilter)
  const [composing, setComposing] = useState(false)
  const shown = useMemo(() => filterLog(entries, filter, names), [entries, filter, names])
  const authors = useMemo(() => logAuthors(entries), [entries])

  useEffect(() => {
    if (props.compose && props.writable) setComposing(true)
  }, [props.compose, props.writable])

  return (
    <div className="session-tab-body log-panel">
      {/* Note: a form being written stays when writing stops (the session closed), so no text is lost. */}
      {(props.writable || composing) &&
        (composing ? (
          <LogComposer {...props} onClose={() => setComposing(false)} />
        ) : (
          <button
            type="button"
            className="button log-new"
            onClick={() => setComposing(true)}
            data-testid="log-new"
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M7 2h2v5h5v2H9v5H7V9H2V7h5z" fill="currentColor" />
            </svg>
            {t('crisis.log.new')}
          </button>
        ))}
      <LogFilterBar filter={filter} onChange={setFilter} authors={authors} names={names} />
      <p className="log-count" aria-live="polite">
        {isFiltered(filter)
          ? t('crisis.log.count', { n: shown.length, total: entries.length })
          : t('crisis.log.total', { total: entries.length })}
      </p>
      {shown.length === 0 ? (
        <p className="crisis-empty">{entries.length === 0 ? t('crisis.log.empty') : t('crisis.log.none')}</p>
      ) : (
        <ol className="log-list" data-testid="log-list">
          {shown.map((entry) => (
            <LogEntryView
              key={entry.id}
              entry={entry}
              names={names}
              levels={props.levels}
              writable={props.writable}
              pending={props.isPending(entry.id)}
              onUpdateTask={props.onUpdateTask}
              onShowOnMap={props.onShowOnMap}
              organisations={props.organisations}
            />
          ))}
        </ol>
      )}
    </div>
  )
}

function LogFilterBar({
  filter,
  onChange,
  authors,
  names,
}: {
  filter: LogFilter
  onChange: (filter: LogFilter) => void
  authors: readonly string[]
  names: ReadonlyMap<string, string>
}) {
  const { t } = useI18n()
  const toggleKind = (kind: LogKind) =>
    onChange({
      ...filter,
      kinds: filter.kinds.includes(kind) ? filter.kinds.filter((k) => k !== kind) : [...filter.kinds, kind],
    })
  return (
    <fieldset className="log-filter">
      <legend className="visually-hidden">{t('crisis.log.filter')}</legend>
      <input
        type="search"
        className="log-search"
        aria-label={t('crisis.log.search')}
        placeholder={t('crisis.log.search')}
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
      />
      <div className="kind-chips">
        {allKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            className={`kind-chip kind-${kind}${filter.kinds.includes(kind) ? ' is-on' : ''}`}
            aria-pressed={filter.kinds.includes(kind)}
            onClick={() => toggleKind(kind)}
          >
            {t(kindLabel(kind))}
          </button>
        ))}
      </div>
      <div className="log-filter-line">
        <select
          aria-label={t('crisis.log.filterStatus')}
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: e.target.value as LogFilter['status'] })}
        >
          <option value="">{t('crisis.log.anyStatus')}</option>
          <option value="unfinished">{t('crisis.log.unfinished')}</option>
          {taskStatuses.map((s) => (
            <option key={s} value={s}>
              {t(statusLabel(s))}
            </option>
          ))}
        </select>
        <select
          aria-label={t('crisis.log.filterAuthor')}
          value={filter.author}
          onChange={(e) => onChange({ ...filter, author: e.target.value })}
        >
          <option value="">{t('crisis.log.anyAuthor')}</option>
          {authors.map((a) => (
            <option key={a} value={a}>
              {names.get(a) ?? a}
            </option>
          ))}
        </select>
        {isFiltered(filter) && (
          <button
            type="button"
            className="button button-secondary button-small log-filter-clear"
            onClick={() => onChange(emptyLogFilter)}
            data-testid="log-filter-clear"
          >
            {t('crisis.log.clear')}
          </button>
        )}
      </div>
    </fieldset>
  )
}

function LogComposer({
  ownOrganisation,
  organisations,
  onAppend,
  watchRefusals,
  pickPosition,
  compose,
  writable,
  onClose,
}: LogPanelProps & { onClose: () => void }) {
  const { t, lang } = useI18n()
  const id = useId()
  const [draft, setDraft] = useState<Draft>(() =>
    emptyDraft(compose?.kind ?? 'situation_report', ownOrganisation ?? ''),
  )
  const [error, setError] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const [sentNote, setSentNote] = useState<string | null>(null)
  // What was sent, by opId, so a refused entry comes back into the form instead of being lost.
  const sent = useRef(new Map<string, Draft>())

  useEffect(() => {
    if (compose) setDraft((d) => ({ ...d, kind: compose.kind }))
  }, [compose])

  useEffect(
    () =>
      watchRefusals((opId) => {
        const refused = sent.current.get(opId)
        if (!refused) return
        sent.current.delete(opId)
        setDraft(refused)
        setSentNote(null)
        setError(t('crisis.log.refused'))
      }),
    [watchRefusals, t],
  )

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!writable) return
    const parsed = LogEntryInput.safeParse(entryOfDraft(draft))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = String(issue?.path[0] ?? '')
      setError(
        field === 'text'
          ? t('crisis.log.textMissing')
          : field === 'assignee'
            ? t('crisis.log.assigneeMissing')
            : t('crisis.error.invalid', { message: issue?.message ?? '' }),
      )
      return
    }
    const opId = onAppend(parsed.data)
    sent.current.set(opId, draft)
    setError(null)
    setSentNote(t('crisis.log.sent', { kind: t(kindLabel(draft.kind)) }))
    setDraft(emptyDraft(draft.kind, draft.reporter))
  }

  const pick = async () => {
    setPicking(true)
    const position = await pickPosition()
    setPicking(false)
    if (position) set('position', position)
  }

  const listId = `${id}-organisations`
  return (
    <form className="log-composer" onSubmit={submit} noValidate data-testid="log-composer">
      <div className="composer-head">
        <h3 className="panel-subheading">{t('crisis.log.new')}</h3>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={t('crisis.log.closeComposer')}
        >
          ×
        </button>
      </div>
      <div className="kind-chips" role="radiogroup" aria-label={t('crisis.log.kind')}>
        {writableKinds.map((kind) => (
          <label key={kind} className={`kind-chip kind-${kind}${draft.kind === kind ? ' is-on' : ''}`}>
            <input
              type="radio"
              name={`${id}-kind`}
              value={kind}
              checked={draft.kind === kind}
              onChange={() => set('kind', kind)}
            />
            {t(kindLabel(kind))}
          </label>
        ))}
      </div>
      <label className="field">
        <span className="field-label">{t(textLabel(draft.kind))}</span>
        <textarea
          name="text"
          rows={3}
          maxLength={4000}
          value={draft.text}
          onChange={(e) => set('text', e.target.value)}
        />
      </label>
      <datalist id={listId}>
        {organisations.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      {draft.kind === 'situation_report' && (
        <label className="field">
          <span className="field-label">{t('crisis.log.reporter')}</span>
          <input
            list={listId}
            value={draft.reporter}
            maxLength={200}
            onChange={(e) => set('reporter', e.target.value)}
          />
        </label>
      )}
      {draft.kind === 'decision' && (
        <label className="field">
          <span className="field-label">{t('crisis.log.decidedBy')}</span>
          <input
            value={draft.decidedBy}
            maxLength={200}
            placeholder={t('crisis.log.decidedByPlaceholder')}
            onChange={(e) => set('decidedBy', e.target.value)}
          />
        </label>
      )}
      {draft.kind === 'task' && (
        <>
          <label className="field">
            <span className="field-label">{t('crisis.log.assignee')}</span>
            <input
              name="assignee"
              list={listId}
              value={draft.assignee}
              maxLength={200}
              onChange={(e) => set('assignee', e.target.value)}
            />
          </label>
          <div className="field-pair">
            <label className="field">
              <span className="field-label">{t('crisis.log.due')}</span>
              <DateTimeField
                label={t('crisis.log.due')}
                value={draft.due}
                onChange={(local) => set('due', local)}
              />
            </label>
            <label className="field">
              <span className="field-label">{t('crisis.log.status')}</span>
              <select value={draft.status} onChange={(e) => set('status', e.target.value as TaskStatus)}>
                {taskStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(statusLabel(s))}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </>
      )}
      {draft.kind === 'coordination_need' && (
        <label className="field">
          <span className="field-label">{t('crisis.log.actors')}</span>
          <input value={draft.actors} onChange={(e) => set('actors', e.target.value)} />
          <span className="field-hint">{t('crisis.log.actorsHint')}</span>
        </label>
      )}
      <div className="pin-line">
        {draft.position ? (
          <>
            <span className="pin-place">
              <PinIcon />
              {t('crisis.log.pinnedAt', {
                place: `${draft.position[1].toFixed(5)}, ${draft.position[0].toFixed(5)}`,
              })}
            </span>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => set('position', null)}
            >
              {t('crisis.log.unpin')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => void pick()}
            disabled={picking}
            aria-pressed={picking}
          >
            <PinIcon />
            {picking ? t('crisis.log.pinHint') : t('crisis.log.pin')}
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {sentNote && !error && (
        <p className="form-success" role="status">
          {sentNote}
        </p>
      )}
      {!writable && (
        <p className="form-notice is-warning" role="status">
          {t('crisis.log.stopped')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" data-testid="log-submit" disabled={!writable}>
          {t('crisis.log.submit')}
        </button>
        <span className="field-hint composer-time">
          {t('crisis.log.timeNow', { time: formatClock(new Date().toISOString(), lang) })}
        </span>
      </div>
    </form>
  )
}

function textLabel(kind: WritableKind): MessageKey {
  switch (kind) {
    case 'decision':
      return 'crisis.log.decisionText'
    case 'task':
      return 'crisis.log.taskText'
    case 'situation_report':
      return 'crisis.log.reportText'
    case 'coordination_need':
      return 'crisis.log.needText'
    case 'note':
      return 'crisis.log.noteText'
    default: {
      const unknown: never = kind
      return unknown
    }
  }
}

function PinIcon() {
  return (
    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
      <path
        d="M8 1a5 5 0 0 0-5 5c0 3.5 5 9 5 9s5-5.5 5-9a5 5 0 0 0-5-5m0 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4"
        fill="currentColor"
      />
    </svg>
  )
}

function LogEntryView({
  entry,
  names,
  levels,
  writable,
  pending,
  onUpdateTask,
  onShowOnMap,
  organisations,
}: {
  entry: LogEntry
  names: ReadonlyMap<string, string>
  levels: readonly EscalationLevel[]
  writable: boolean
  pending: boolean
  onUpdateTask: (id: string, patch: TaskPatch) => void
  onShowOnMap: (position: [number, number]) => void
  organisations: readonly string[]
}) {
  const { t, lang } = useI18n()
  const [editing, setEditing] = useState(false)
  const overdue = isOverdue(entry, new Date())
  const author = names.get(entry.createdBy) ?? entry.createdBy
  const edited = entry.updatedAt !== entry.createdAt || entry.updatedBy !== entry.createdBy
  const status = entry.status ?? 'open'
  const closedTask = entry.kind === 'task' && (status === 'done' || status === 'cancelled')
  return (
    <li
      className={`log-entry kind-${entry.kind}${pending ? ' is-pending' : ''}${overdue ? ' is-overdue' : ''}${closedTask ? ' is-closed' : ''}`}
      data-kind={entry.kind}
    >
      <div className="log-entry-head">
        <span className={`log-kind kind-${entry.kind}`}>{t(kindLabel(entry.kind))}</span>
        <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt, lang)}>
          {formatWhen(entry.createdAt, lang)}
        </time>
        <span className="log-author">{author}</span>
        {pending && <span className="pending-tag">{t('crisis.log.pending')}</span>}
      </div>
      <EscalationChange entry={entry} levels={levels} />
      <p className="log-text">{entry.text}</p>
      <dl className="log-details">
        {entry.reporter && <Detail label={t('crisis.log.reporter')} value={entry.reporter} />}
        {entry.decidedBy && <Detail label={t('crisis.log.decidedBy')} value={entry.decidedBy} />}
        {entry.assignee && <Detail label={t('crisis.log.assignee')} value={entry.assignee} />}
        {entry.due && (
          <Detail
            label={t('crisis.log.due')}
            value={`${formatWhen(entry.due, lang)}${overdue ? ` (${t('crisis.log.overdue')})` : ''}`}
          />
        )}
        {entry.actors && entry.actors.length > 0 && (
          <Detail label={t('crisis.log.actors')} value={entry.actors.join(', ')} />
        )}
        {edited && (
          <Detail
            label={t('crisis.log.updated')}
            value={`${formatWhen(entry.updatedAt, lang)} · ${names.get(entry.updatedBy) ?? entry.updatedBy}`}
          />
        )}
      </dl>
      {(entry.kind === 'task' || entry.position) && (
        <div className="log-actions">
          {entry.kind === 'task' &&
            (writable ? (
              <select
                className={`task-status status-${status}`}
                aria-label={t('crisis.log.statusOf', { text: entry.text.slice(0, 40) })}
                value={status}
                onChange={(e) => onUpdateTask(entry.id, { status: e.target.value as TaskStatus })}
              >
                {taskStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(statusLabel(s))}
                  </option>
                ))}
              </select>
            ) : (
              <span className={`task-status status-${status}`}>{t(statusLabel(status))}</span>
            ))}
          {entry.kind === 'task' && writable && !closedTask && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => onUpdateTask(entry.id, { status: 'done' })}
            >
              {t('crisis.log.markDone')}
            </button>
          )}
          {entry.kind === 'task' && writable && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => setEditing((e) => !e)}
            >
              {t('crisis.log.edit')}
            </button>
          )}
          {entry.position && (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => onShowOnMap(entry.position as [number, number])}
            >
              <PinIcon />
              {t('crisis.log.showOnMap')}
            </button>
          )}
        </div>
      )}
      {editing && (
        <TaskEditor
          entry={entry}
          organisations={organisations}
          onSave={(patch) => {
            if (patch) onUpdateTask(entry.id, patch)
            setEditing(false)
          }}
        />
      )}
    </li>
  )
}

/** An escalation entry's change of level, from what to what; nothing for other entries. */
export function EscalationChange({ entry, levels }: { entry: LogEntry; levels: readonly EscalationLevel[] }) {
  const { t, lang } = useI18n()
  if (entry.kind !== 'escalation') return null
  return (
    <p className="log-escalation">
      {t('crisis.log.escalated', {
        from: escalationName(levels, entry.from, lang),
        to: escalationName(levels, entry.to, lang),
      })}
    </p>
  )
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

/** The task's own fields, changed together; only what differs is sent. */
function TaskEditor({
  entry,
  organisations,
  onSave,
}: {
  entry: LogEntry
  organisations: readonly string[]
  onSave: (patch: TaskPatch | null) => void
}) {
  const { t } = useI18n()
  const id = useId()
  const [text, setText] = useState(entry.text)
  const [assignee, setAssignee] = useState(entry.assignee ?? '')
  const [due, setDue] = useState(isoToLocalInput(entry.due))
  const [error, setError] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const patch: TaskPatch = {}
    if (text.trim() !== entry.text) patch.text = text.trim()
    if (assignee.trim() !== (entry.assignee ?? '')) patch.assignee = assignee.trim()
    const dueIso = due ? localInputToIso(due) : null
    if (due !== isoToLocalInput(entry.due)) patch.due = dueIso ?? null
    if (!text.trim() || !assignee.trim()) {
      setError(t(!text.trim() ? 'crisis.log.textMissing' : 'crisis.log.assigneeMissing'))
      return
    }
    onSave(Object.keys(patch).length > 0 ? patch : null)
  }

  return (
    <form className="task-editor" onSubmit={submit} noValidate>
      <label className="field">
        <span className="field-label">{t('crisis.log.taskText')}</span>
        <textarea rows={2} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="field-pair">
        <label className="field">
          <span className="field-label">{t('crisis.log.assignee')}</span>
          <input
            list={`${id}-orgs`}
            value={assignee}
            maxLength={200}
            onChange={(e) => setAssignee(e.target.value)}
          />
          <datalist id={`${id}-orgs`}>
            {organisations.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field-label">{t('crisis.log.due')}</span>
          <DateTimeField label={t('crisis.log.due')} value={due} onChange={setDue} />
        </label>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-small">
          {t('crisis.log.save')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onSave(null)}>
          {t('crisis.create.cancel')}
        </button>
      </div>
    </form>
  )
}
