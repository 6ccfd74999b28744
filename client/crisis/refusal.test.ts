import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/api-client.ts'
import { refusalOf, refusalText } from './refusal.ts'

describe('refusals', () => {
  it('reads an API error, an acknowledgement and anything thrown', () => {
    expect(refusalOf(new ApiError(403, 'forbidden', 'no'))).toEqual({ code: 'forbidden', message: 'no' })
    expect(refusalOf({ ok: false, error: { code: 'conflict', message: 'the session is closed' } })).toEqual({
      code: 'conflict',
      message: 'the session is closed',
    })
    expect(refusalOf(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' })
    expect(refusalOf('odd')).toEqual({ code: 'internal', message: 'odd' })
  })

  it('says what a refusal means', () => {
    expect(refusalText({ code: 'forbidden', message: '' }).key).toBe('crisis.error.forbidden')
    expect(refusalText({ code: 'conflict', message: 'the session is closed' }).key).toBe(
      'crisis.error.closed',
    )
    expect(refusalText({ code: 'conflict', message: 'deleted meanwhile' })).toEqual({
      key: 'crisis.error.conflict',
      params: { message: 'deleted meanwhile' },
    })
    expect(refusalText({ code: 'validation_failed', message: 'title: too long' })).toEqual({
      key: 'crisis.error.invalid',
      params: { message: 'title: too long' },
    })
    expect(refusalText(new ApiError(0, 'network', 'x')).key).toBe('crisis.error.network')
    expect(
      refusalText({
        code: 'validation_failed',
        message: 'The geometry lies more than 25 km outside the municipality',
      }).key,
    ).toBe('crisis.error.outside')
    expect(refusalText({ code: 'validation_failed', message: 'Self-intersection at 16.1 58.5' }).key).toBe(
      'crisis.error.geometry',
    )
  })
})
