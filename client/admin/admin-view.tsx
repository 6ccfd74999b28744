/**
 * The administration, over the map: user accounts for those who manage users, the audit log for
 * those who read it. The map stays mounted underneath, so going back shows the same picture.
 */
import { useEffect, useState } from 'react'
import type { LayerInfo } from '../../common/layers.ts'
import { Capability, may } from '../../common/permissions.ts'
import { api, type SignedInUser } from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { AuditBrowser } from './audit-browser.tsx'
import { UsersAdmin } from './users-admin.tsx'

export type AdminTab = 'users' | 'audit'

const tabLabels: Record<AdminTab, MessageKey> = { users: 'admin.users', audit: 'admin.audit' }

/** The administration tabs a user may open; none means no administration for them. */
export function adminTabs(user: Pick<SignedInUser, 'role'>): AdminTab[] {
  const tabs: AdminTab[] = []
  if (may(user.role, Capability.manageUsers)) tabs.push('users')
  if (may(user.role, Capability.readAudit)) tabs.push('audit')
  return tabs
}

export interface AdminViewProps {
  user: SignedInUser
  layers: readonly LayerInfo[]
  onClose: () => void
}

export function AdminView({ user, layers, onClose }: AdminViewProps) {
  const { t } = useI18n()
  const tabs = adminTabs(user)
  const [tab, setTab] = useState<AdminTab>(tabs[0] ?? 'audit')
  const [usernames, setUsernames] = useState<ReadonlyMap<string, string>>(() => new Map())

  // The audit log names accounts by id; those who may list users see their usernames instead.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloaded when the audit tab is opened.
  useEffect(() => {
    if (tab !== 'audit' || !may(user.role, Capability.manageUsers)) return
    const controller = new AbortController()
    api
      .users(controller.signal)
      .then((users) => setUsernames(new Map(users.map((u) => [u.id, u.username]))))
      .catch(() => {
        // Ids stay as ids; the log itself is unaffected.
      })
    return () => controller.abort()
  }, [tab])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inField =
        event.target instanceof HTMLInputElement ||
        event.target instanceof HTMLSelectElement ||
        event.target instanceof HTMLTextAreaElement
      if (event.key === 'Escape' && !inField) onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])

  return (
    <section className="admin-view" aria-labelledby="admin-heading" data-testid="admin-view">
      <header className="admin-header">
        <h1 id="admin-heading" className="admin-heading">
          {t('admin.heading')}
        </h1>
        <div className="admin-tabs" role="tablist" aria-label={t('admin.heading')}>
          {tabs.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`admin-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`admin-panel-${id}`}
              className={`admin-tab${tab === id ? ' is-active' : ''}`}
              onClick={() => setTab(id)}
            >
              {t(tabLabels[id])}
            </button>
          ))}
        </div>
        <button type="button" className="button button-secondary button-small admin-back" onClick={onClose}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M10.5 2.5 5 8l5.5 5.5" stroke="currentColor" strokeWidth="2" fill="none" />
          </svg>
          {t('admin.close')}
        </button>
      </header>
      <div
        className="admin-body"
        role="tabpanel"
        id={`admin-panel-${tab}`}
        aria-labelledby={`admin-tab-${tab}`}
      >
        {tab === 'users' && <UsersAdmin currentUser={user} />}
        {tab === 'audit' && <AuditBrowser layers={layers} usernames={usernames} />}
      </div>
    </section>
  )
}
