import { describe, expect, it } from 'vitest'
import type { Account } from '../api/api-client.ts'
import { changeOf, draftOf, losesLastAdmin, passwordProblem, usernameProblem } from './account-form.ts'

const account: Account = {
  id: 'u1',
  username: 'lasare',
  displayName: 'Lars Läsare',
  role: 'viewer',
  organisation: { id: 'o1', name: 'Socialförvaltningen' },
  disabled: false,
  createdAt: '2025-01-01T00:00:00Z',
  createdBy: 'seed',
  updatedAt: '2025-01-01T00:00:00Z',
  updatedBy: 'seed',
}

describe('account form rules', () => {
  it('checks usernames and passwords as the server does', () => {
    expect(usernameProblem(' Kim.Berg ')).toBeNull()
    expect(usernameProblem('k')).toBe('users.usernameHint')
    expect(usernameProblem('kim berg')).toBe('users.usernameHint')
    expect(usernameProblem('-kim')).toBe('users.usernameHint')
    expect(passwordProblem('123456789')).toBe('users.passwordTooShort')
    expect(passwordProblem('1234567890')).toBeNull()
  })

  it('sends only what changed', () => {
    expect(changeOf(account, draftOf(account))).toEqual({})
    expect(changeOf(account, { displayName: ' Lars L ', role: 'planner', organisationId: '' })).toEqual({
      displayName: 'Lars L',
      role: 'planner',
      organisationId: null,
    })
    expect(
      changeOf({ ...account, organisation: null }, { ...draftOf(account), organisationId: 'o2' }),
    ).toEqual({
      organisationId: 'o2',
    })
  })

  it('knows when the last active administrator would lose the role', () => {
    const admin = { id: 'a1', role: 'admin' as const, disabled: false }
    const other = { id: 'a2', role: 'admin' as const, disabled: true }
    expect(losesLastAdmin([admin, other], admin, { role: 'viewer' })).toBe(true)
    expect(losesLastAdmin([admin, { ...other, disabled: false }], admin, { disabled: true })).toBe(false)
    expect(losesLastAdmin([admin], admin, { displayName: 'x' })).toBe(false)
    expect(losesLastAdmin([admin], { ...account, id: 'u1' }, { role: 'viewer' })).toBe(false)
  })
})
