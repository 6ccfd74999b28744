/**
 * User administration: the accounts with their role, organisation, status and live sessions; a
 * form to create one; and, for the account chosen, its name, role and organisation, disabling and
 * enabling it, a new password and ending its sessions. Every one of these is recorded in the audit
 * log by the server.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useState } from 'react'
import { Role, roleTerms } from '../../common/domain.ts'
import {
  type Account,
  type AccountRow,
  ApiError,
  api,
  type Organisation,
  type SignedInUser,
} from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import {
  type AccountDraft,
  changeOf,
  draftOf,
  losesLastAdmin,
  normaliseUsername,
  passwordProblem,
  usernameProblem,
} from './account-form.ts'
import { formatAuditTime } from './audit-format.ts'

const roles = Role.options

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' }

/** The outcome of the last action, shown beside the form that did it. */
type Outcome = { tone: 'ok' | 'error'; text: string } | null

export function UsersAdmin({ currentUser }: { currentUser: SignedInUser }) {
  const { t } = useI18n()
  const [accounts, setAccounts] = useState<AccountRow[]>([])
  const [organisations, setOrganisations] = useState<Organisation[]>([])
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [selected, setSelected] = useState<string | 'new' | null>(null)
  const [reloads, setReloads] = useState(0)
  const [flash, setFlash] = useState<string | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` asks for a fresh list after a change.
  useEffect(() => {
    const controller = new AbortController()
    Promise.all([api.users(controller.signal), api.organisations(controller.signal)])
      .then(([users, orgs]) => {
        setAccounts(users)
        setOrganisations(orgs)
        setLoad({ status: 'ready' })
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted)
          setLoad({ status: 'error', message: err instanceof Error ? err.message : String(err) })
      })
    return () => controller.abort()
  }, [reloads])

  const reload = useCallback(() => setReloads((n) => n + 1), [])
  const chosen = selected && selected !== 'new' ? accounts.find((a) => a.id === selected) : undefined

  return (
    <div className="admin-section users-admin">
      <div className="admin-main">
        <div className="admin-toolbar">
          <div>
            <h2 id="users-heading" className="admin-title">
              {t('users.heading')}
            </h2>
            {load.status === 'ready' && (
              <p className="admin-meta">{t('users.count', { n: accounts.length })}</p>
            )}
          </div>
          <button type="button" className="button" onClick={() => setSelected('new')}>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M7 2h2v5h5v2H9v5H7V9H2V7h5z" fill="currentColor" />
            </svg>
            {t('users.new')}
          </button>
        </div>
        {flash && (
          <p className="form-success" role="status">
            {flash}
          </p>
        )}
        {load.status === 'loading' && (
          <p className="panel-status">
            <span className="spinner" aria-hidden="true" /> {t('users.loading')}
          </p>
        )}
        {load.status === 'error' && (
          <p className="form-error" role="alert">
            {t('users.loadFailed', { message: load.message })}
          </p>
        )}
        {load.status === 'ready' && (
          <AccountTable
            accounts={accounts}
            currentUserId={currentUser.id}
            selected={selected}
            onSelect={setSelected}
          />
        )}
      </div>
      {selected === 'new' && (
        <NewAccountForm
          organisations={organisations}
          onClose={() => setSelected(null)}
          onCreated={(account) => {
            setFlash(t('users.created', { username: account.username }))
            setSelected(account.id)
            reload()
          }}
        />
      )}
      {chosen && (
        <AccountEditor
          key={chosen.id}
          account={chosen}
          accounts={accounts}
          organisations={organisations}
          isSelf={chosen.id === currentUser.id}
          onClose={() => setSelected(null)}
          onChanged={reload}
        />
      )}
    </div>
  )
}

function AccountTable({
  accounts,
  currentUserId,
  selected,
  onSelect,
}: {
  accounts: readonly AccountRow[]
  currentUserId: string
  selected: string | null
  onSelect: (id: string) => void
}) {
  const { t, term } = useI18n()
  return (
    <div className="table-wrap">
      <table className="admin-table" aria-labelledby="users-heading">
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.organisation')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col" className="numeric">
              {t('users.sessions')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('users.edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr
              key={account.id}
              data-username={account.username}
              className={`${account.disabled ? 'is-disabled' : ''}${selected === account.id ? ' is-selected' : ''}`}
            >
              <td>
                <span className="account-name">{account.displayName}</span>
                {account.id === currentUserId && <span className="self-tag">{t('users.you')}</span>}
              </td>
              <td className="mono">{account.username}</td>
              <td data-column="role">{term(roleTerms[account.role])}</td>
              <td data-column="organisation">{account.organisation?.name ?? '–'}</td>
              <td data-column="status">
                <span className={`status-pill ${account.disabled ? 'is-off' : 'is-on'}`}>
                  {account.disabled ? t('users.disabled') : t('users.active')}
                </span>
              </td>
              <td className="numeric" data-column="sessions">
                {account.liveSessions}
              </td>
              <td className="row-action">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => onSelect(account.id)}
                  aria-label={t('users.editing', { name: account.displayName })}
                >
                  {t('users.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  const { t, term } = useI18n()
  return (
    <label className="field">
      <span className="field-label">{t('users.role')}</span>
      <select name="role" value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {term(roleTerms[role])}
          </option>
        ))}
      </select>
    </label>
  )
}

function OrganisationSelect({
  value,
  organisations,
  onChange,
}: {
  value: string
  organisations: readonly Organisation[]
  onChange: (id: string) => void
}) {
  const { t } = useI18n()
  return (
    <label className="field">
      <span className="field-label">{t('users.organisation')}</span>
      <select name="organisation" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('users.noOrganisation')}</option>
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A new password for an account, with the rule it must follow. */
function NewPasswordField({
  name,
  value,
  onChange,
}: {
  name: string
  value: string
  onChange: (password: string) => void
}) {
  const { t } = useI18n()
  return (
    <label className="field">
      <span className="field-label">{t('users.password')}</span>
      <input
        name={name}
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="field-hint">{t('users.passwordHint')}</span>
    </label>
  )
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null
  return outcome.tone === 'ok' ? (
    <p className="form-success" role="status">
      {outcome.text}
    </p>
  ) : (
    <p className="form-error" role="alert">
      {outcome.text}
    </p>
  )
}

function EditorFrame({
  title,
  onClose,
  children,
}: {
  title: string
  onClose: () => void
  children: ReactNode
}) {
  const { t } = useI18n()
  const headingId = useId()
  return (
    <aside className="admin-editor" aria-labelledby={headingId}>
      <div className="admin-editor-header">
        <h3 id={headingId} className="admin-editor-title">
          {title}
        </h3>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('users.closeEditor')}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {children}
    </aside>
  )
}

function NewAccountForm({
  organisations,
  onClose,
  onCreated,
}: {
  organisations: readonly Organisation[]
  onClose: () => void
  onCreated: (account: Account) => void
}) {
  const { t } = useI18n()
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [organisationId, setOrganisationId] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const problem: MessageKey | null = !displayName.trim()
      ? 'users.nameMissing'
      : (usernameProblem(username) ?? passwordProblem(password))
    if (problem) {
      setOutcome({ tone: 'error', text: t(problem) })
      return
    }
    setBusy(true)
    setOutcome(null)
    try {
      const created = await api.createUser({
        username: normaliseUsername(username),
        displayName: displayName.trim(),
        role,
        organisationId: organisationId || null,
        password,
      })
      onCreated(created)
    } catch (err) {
      setBusy(false)
      setOutcome({
        tone: 'error',
        text:
          err instanceof ApiError && err.status === 409
            ? t('users.taken', { username: normaliseUsername(username) })
            : t('users.failed', { message: err instanceof Error ? err.message : String(err) }),
      })
    }
  }

  return (
    <EditorFrame title={t('users.new')} onClose={onClose}>
      <form className="admin-form" onSubmit={submit} noValidate data-testid="new-user-form">
        <label className="field">
          <span className="field-label">{t('users.name')}</span>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('users.username')}</span>
          <input
            name="username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <span className="field-hint">{t('users.usernameHint')}</span>
        </label>
        <RoleSelect value={role} onChange={setRole} />
        <OrganisationSelect
          value={organisationId}
          organisations={organisations}
          onChange={setOrganisationId}
        />
        <NewPasswordField name="password" value={password} onChange={setPassword} />
        <OutcomeView outcome={outcome} />
        <button type="submit" className="button" disabled={busy}>
          {t('users.create')}
        </button>
      </form>
    </EditorFrame>
  )
}

function AccountEditor({
  account,
  accounts,
  organisations,
  isSelf,
  onClose,
  onChanged,
}: {
  account: AccountRow
  accounts: readonly AccountRow[]
  organisations: readonly Organisation[]
  isSelf: boolean
  onClose: () => void
  onChanged: () => void
}) {
  const { t, lang } = useI18n()
  const [draft, setDraft] = useState<AccountDraft>(() => draftOf(account))
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcomes, setOutcomes] = useState<Record<'details' | 'access' | 'password', Outcome>>({
    details: null,
    access: null,
    password: null,
  })
  const say = (part: keyof typeof outcomes, outcome: Outcome) =>
    setOutcomes((prev) => ({ ...prev, [part]: outcome }))
  const change = useMemo(() => changeOf(account, draft), [account, draft])

  const failure = (err: unknown, lastAdmin: boolean): Outcome => {
    if (err instanceof ApiError && err.status === 409 && lastAdmin)
      return { tone: 'error', text: t('users.lastAdmin') }
    return {
      tone: 'error',
      text: t('users.failed', { message: err instanceof Error ? err.message : String(err) }),
    }
  }

  const act = async (part: keyof typeof outcomes, action: () => Promise<string>, lastAdmin = false) => {
    setBusy(true)
    say(part, null)
    try {
      say(part, { tone: 'ok', text: await action() })
      onChanged()
    } catch (err) {
      say(part, failure(err, lastAdmin))
    } finally {
      setBusy(false)
    }
  }

  const saveDetails = (event: FormEvent) => {
    event.preventDefault()
    if (Object.keys(change).length === 0) {
      say('details', { tone: 'ok', text: t('users.unchanged') })
      return
    }
    if (losesLastAdmin(accounts, account, change)) {
      say('details', { tone: 'error', text: t('users.lastAdmin') })
      return
    }
    void act(
      'details',
      async () => {
        await api.changeUser(account.id, change)
        return t('users.saved')
      },
      true,
    )
  }

  const setDisabled = (disabled: boolean) => {
    if (disabled && losesLastAdmin(accounts, account, { disabled })) {
      say('access', { tone: 'error', text: t('users.lastAdmin') })
      return
    }
    void act(
      'access',
      async () => {
        await api.changeUser(account.id, { disabled })
        return disabled ? t('users.disabledNow') : t('users.enabledNow')
      },
      true,
    )
  }

  const endSessions = () =>
    void act('access', async () => t('users.sessionsEnded', { n: await api.endSessions(account.id) }))

  const resetPassword = (event: FormEvent) => {
    event.preventDefault()
    const problem = passwordProblem(password)
    if (problem) {
      say('password', { tone: 'error', text: t(problem) })
      return
    }
    void act('password', async () => {
      await api.resetPassword(account.id, password)
      setPassword('')
      return t('users.passwordReset')
    })
  }

  return (
    <EditorFrame title={account.displayName} onClose={onClose}>
      <p className="admin-meta mono">{account.username}</p>
      <form className="admin-form" onSubmit={saveDetails} noValidate data-testid="edit-user-form">
        <h4 className="admin-form-title">{t('users.details')}</h4>
        <label className="field">
          <span className="field-label">{t('users.name')}</span>
          <input
            name="displayName"
            value={draft.displayName}
            onChange={(e) => setDraft((d) => ({ ...d, displayName: e.target.value }))}
          />
        </label>
        <RoleSelect value={draft.role} onChange={(role) => setDraft((d) => ({ ...d, role }))} />
        <OrganisationSelect
          value={draft.organisationId}
          organisations={organisations}
          onChange={(organisationId) => setDraft((d) => ({ ...d, organisationId }))}
        />
        <OutcomeView outcome={outcomes.details} />
        <button type="submit" className="button" disabled={busy}>
          {t('users.save')}
        </button>
      </form>

      <section className="admin-form" aria-label={t('users.access')} data-testid="user-access">
        <h4 className="admin-form-title">{t('users.access')}</h4>
        <p className="access-line">
          <span className={`status-pill ${account.disabled ? 'is-off' : 'is-on'}`}>
            {account.disabled ? t('users.disabled') : t('users.active')}
          </span>
          <span>
            {t('users.sessions')}: <strong>{account.liveSessions}</strong>
          </span>
        </p>
        {isSelf ? (
          <p className="field-hint">{t('users.selfDisable')}</p>
        ) : (
          <>
            <p className="field-hint">{t('users.disableHelp')}</p>
            <div className="button-row">
              <button
                type="button"
                className={`button ${account.disabled ? '' : 'button-danger'}`}
                disabled={busy}
                onClick={() => setDisabled(!account.disabled)}
              >
                {account.disabled ? t('users.enable') : t('users.disable')}
              </button>
              <button type="button" className="button button-secondary" disabled={busy} onClick={endSessions}>
                {t('users.endSessions')}
              </button>
            </div>
          </>
        )}
        <OutcomeView outcome={outcomes.access} />
      </section>

      <form className="admin-form" onSubmit={resetPassword} noValidate data-testid="reset-password-form">
        <h4 className="admin-form-title">{t('users.resetPassword')}</h4>
        <NewPasswordField name="newPassword" value={password} onChange={setPassword} />
        <OutcomeView outcome={outcomes.password} />
        <button type="submit" className="button button-secondary" disabled={busy}>
          {t('users.resetSubmit')}
        </button>
      </form>

      <p className="admin-history">
        {t('users.history', {
          created: formatAuditTime(account.createdAt, lang),
          createdBy: account.createdBy,
          updated: formatAuditTime(account.updatedAt, lang),
          updatedBy: account.updatedBy,
        })}
      </p>
    </EditorFrame>
  )
}
