/**
 * A date and time field in the app's format ("2026-11-20 14:05", see date-time-text.ts) whatever
 * language the browser runs in, with a button that opens the browser's own calendar for those who
 * would rather pick. The form keeps a `datetime-local` value; text that is no date is marked and
 * given to the form as empty.
 */
import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../i18n/i18n.tsx'
import { localToText, textToLocal } from './date-time-text.ts'

export interface DateTimeFieldProps {
  /** A `datetime-local` value ("2026-11-20T14:05") or "". */
  value: string
  onChange: (local: string) => void
  name?: string
  /** The visible label's text, for the calendar button's name. */
  label: string
}

export function DateTimeField({ value, onChange, name, label }: DateTimeFieldProps) {
  const { t } = useI18n()
  const [text, setText] = useState(localToText(value))
  const picker = useRef<HTMLInputElement>(null)
  // A value set from outside (a reset, the calendar) replaces the text unless it already says it.
  useEffect(() => {
    setText((current) => (textToLocal(current) === value ? current : localToText(value)))
  }, [value])
  const invalid = textToLocal(text) === null

  return (
    <span className="date-time-field">
      <input
        type="text"
        name={name}
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('dateTime.placeholder')}
        value={text}
        aria-invalid={invalid || undefined}
        title={invalid ? t('dateTime.invalid') : undefined}
        onChange={(e) => {
          setText(e.target.value)
          onChange(textToLocal(e.target.value) ?? '')
        }}
      />
      <button
        type="button"
        className="icon-button date-time-pick"
        aria-label={t('dateTime.pick', { field: label })}
        title={t('dateTime.pick', { field: label })}
        onClick={() => {
          const input = picker.current
          if (!input) return
          input.value = textToLocal(text) || ''
          try {
            input.showPicker()
          } catch {
            input.focus()
          }
        }}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path
            d="M3 3h10v10H3zM3 6h10M6 1.5v3M10 1.5v3"
            stroke="currentColor"
            strokeWidth="1.5"
            fill="none"
          />
        </svg>
      </button>
      <input
        ref={picker}
        type="datetime-local"
        className="date-time-picker"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          setText(localToText(e.target.value))
          onChange(e.target.value)
        }}
      />
    </span>
  )
}
