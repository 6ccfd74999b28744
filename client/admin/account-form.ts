/**
 * The rules the user forms check before asking the server, so a mistake is explained in the
 * user's language at once: the same username pattern and minimum password length the server holds
 * (`server/users/routes.ts`), and the change an edit amounts to.
 */
import type { Role } from '../../common/domain.ts'
import type { Account, AccountChange } from '../api/api-client.ts'
import type { MessageKey } from '../i18n/dictionary.ts'

export const MIN_PASSWORD_LENGTH = 10
const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/

/** The form's username as the server will store it: trimmed, lower case. */
export const normaliseUsername = (text: string) => text.trim().toLowerCase()

export function usernameProblem(text: string): MessageKey | null {
  return usernamePattern.test(normaliseUsername(text)) ? null : 'users.usernameHint'
}

export function passwordProblem(password: string): MessageKey | null {
  return password.length >= MIN_PASSWORD_LENGTH ? null : 'users.passwordTooShort'
}

export interface AccountDraft {
  displayName: string
  role: Role
  /** An organisation's id, or '' for none. */
  organisationId: string
}

export const draftOf = (account: Account): AccountDraft => ({
  displayName: account.displayName,
  role: account.role,
  organisationId: account.organisation?.id ?? '',
})

/** Only what the draft changes, so the audit log records exactly that. */
export function changeOf(account: Account, draft: AccountDraft): AccountChange {
  const change: AccountChange = {}
  const displayName = draft.displayName.trim()
  if (displayName && displayName !== account.displayName) change.displayName = displayName
  if (draft.role !== account.role) change.role = draft.role
  const organisationId = draft.organisationId || null
  if (organisationId !== (account.organisation?.id ?? null)) change.organisationId = organisationId
  return change
}

/**
 * Whether a change would take the administrator role from its last active holder, which the server
 * refuses (409); knowing it here lets the form say why.
 */
export function losesLastAdmin(
  accounts: readonly Pick<Account, 'id' | 'role' | 'disabled'>[],
  target: Pick<Account, 'id' | 'role' | 'disabled'>,
  change: AccountChange,
): boolean {
  if (target.role !== 'admin' || target.disabled) return false
  const losing = (change.role !== undefined && change.role !== 'admin') || change.disabled === true
  if (!losing) return false
  return accounts.filter((a) => a.role === 'admin' && !a.disabled && a.id !== target.id).length === 0
}
