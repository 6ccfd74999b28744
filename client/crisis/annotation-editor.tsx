/**
 * The selected annotation: what it is, who drew it and when, who changed it last; for those who may
 * draw, its label, note, colour, symbol, text and line width to change (each sent when the field is
 * left, not at every keystroke) and the way to delete it.
 */
import { useEffect, useState } from 'react'
import {
  type AnnotationProperties,
  type AnnotationRecord,
  type CrisisSymbol,
  crisisSymbolTerms,
} from '../../common/crisis.ts'
import { annotationColour, isCrisisSymbol } from '../../common/crisis-report.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { annotationPalette } from './annotation-style.ts'
import { crisisSymbols } from './crisis-symbols.ts'
import { formatWhen } from './session-format.ts'

export interface AnnotationEditorProps {
  annotation: AnnotationRecord
  names: ReadonlyMap<string, string>
  editable: boolean
  pending: boolean
  onChange: (patch: Partial<Record<keyof AnnotationProperties, unknown>>) => void
  onDelete: () => void
  onClose: () => void
}

export function AnnotationEditor({
  annotation,
  names,
  editable,
  pending,
  onChange,
  onDelete,
  onClose,
}: AnnotationEditorProps) {
  const { t, lang } = useI18n()
  const p = annotation.properties
  const [label, setLabel] = useState(p.label ?? '')
  const [note, setNote] = useState(p.note ?? '')
  const [text, setText] = useState(p.text ?? '')
  // Someone else's change replaces what is shown, unless the user is typing in that field.
  useEffect(() => setLabel(p.label ?? ''), [p.label])
  useEffect(() => setNote(p.note ?? ''), [p.note])
  useEffect(() => setText(p.text ?? ''), [p.text])

  const commit = (key: 'label' | 'note' | 'text', value: string) => {
    const trimmed = value.trim()
    if (trimmed === (p[key] ?? '')) return
    onChange({ [key]: trimmed || undefined })
  }
  const who = (username: string) => names.get(username) ?? username
  const kindName = t(`crisis.annotation.${annotation.kind}`)
  const title = p.label || p.text || (p.symbol ? crisisSymbolTerms[p.symbol][lang] : kindName)
  const colour = annotationColour(annotation.kind, p)
  // A symbol's colour is part of its meaning: a point with one offers no colour of its own.
  const ownColour = !(annotation.kind === 'point' && isCrisisSymbol(p.symbol))

  return (
    <section
      className="annotation-editor"
      aria-labelledby="annotation-editor-title"
      data-testid="annotation-editor"
    >
      <div className="composer-head">
        <h2 id="annotation-editor-title" className="annotation-editor-title">
          <span className="colour-dot" style={{ background: colour }} aria-hidden="true" />
          {title}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('crisis.editor.close')}>
          ×
        </button>
      </div>
      <p className="annotation-meta">
        {kindName}
        {p.symbol && annotation.kind === 'point' ? ` · ${crisisSymbolTerms[p.symbol][lang]}` : ''}
        {p.radius !== undefined ? ` · ${t('crisis.report.radius', { m: Math.round(p.radius) })}` : ''}
      </p>
      <p className="annotation-meta">
        {t('crisis.map.drawnBy', {
          name: who(annotation.createdBy),
          time: formatWhen(annotation.createdAt, lang),
        })}
        {(annotation.updatedAt !== annotation.createdAt || annotation.updatedBy !== annotation.createdBy) && (
          <>
            <br />
            {t('crisis.map.changedBy', {
              name: who(annotation.updatedBy),
              time: formatWhen(annotation.updatedAt, lang),
            })}
          </>
        )}
        {pending && <span className="pending-tag">{t('crisis.map.pending')}</span>}
      </p>
      {!editable ? (
        p.note && <p className="annotation-note">{p.note}</p>
      ) : (
        <div className="annotation-fields">
          {annotation.kind === 'text' ? (
            <label className="field">
              <span className="field-label">{t('crisis.map.textLabel')}</span>
              <input
                value={text}
                maxLength={200}
                onChange={(e) => setText(e.target.value)}
                onBlur={() => commit('text', text)}
                onKeyDown={(e) => e.key === 'Enter' && commit('text', text)}
              />
            </label>
          ) : (
            <label className="field">
              <span className="field-label">{t('crisis.editor.label')}</span>
              <input
                value={label}
                maxLength={200}
                onChange={(e) => setLabel(e.target.value)}
                onBlur={() => commit('label', label)}
                onKeyDown={(e) => e.key === 'Enter' && commit('label', label)}
              />
            </label>
          )}
          <label className="field">
            <span className="field-label">{t('crisis.editor.note')}</span>
            <textarea
              rows={2}
              maxLength={4000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => commit('note', note)}
            />
          </label>
          {annotation.kind === 'point' && (
            <label className="field">
              <span className="field-label">{t('crisis.toolbar.symbol')}</span>
              <select
                value={p.symbol ?? ''}
                onChange={(e) => onChange({ symbol: (e.target.value as CrisisSymbol) || undefined })}
              >
                {crisisSymbols.map((s) => (
                  <option key={s} value={s}>
                    {crisisSymbolTerms[s][lang]}
                  </option>
                ))}
              </select>
            </label>
          )}
          {ownColour && (
            <fieldset className="colour-field">
              <legend className="field-label">{t('crisis.toolbar.colour')}</legend>
              {annotationPalette.map((c) => (
                <button
                  key={c}
                  type="button"
                  className={`colour-choice${colour === c ? ' is-active' : ''}`}
                  style={{ background: c }}
                  aria-pressed={colour === c}
                  aria-label={t('crisis.toolbar.colourChoice', { colour: c })}
                  onClick={() => onChange({ color: c })}
                />
              ))}
            </fieldset>
          )}
          {(annotation.kind === 'line' || annotation.kind === 'polygon' || annotation.kind === 'circle') && (
            <label className="field">
              <span className="field-label">{t('crisis.editor.width', { n: p.width ?? 3 })}</span>
              <input
                type="range"
                min={1}
                max={12}
                step={1}
                value={p.width ?? 3}
                onChange={(e) => onChange({ width: Number(e.target.value) })}
              />
            </label>
          )}
          <button
            type="button"
            className="button button-secondary button-small button-delete"
            onClick={onDelete}
          >
            {t('crisis.toolbar.delete')}
          </button>
        </div>
      )}
    </section>
  )
}
