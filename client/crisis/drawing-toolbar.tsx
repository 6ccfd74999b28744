/**
 * The drawing toolbar over the session map: select, the crisis symbol, line, area, circle and text
 * tools, the laser pointer, the colour of new shapes, and undo, redo and delete. Those who may not
 * draw (observers, viewers, a closed session, a replay) get only selecting and the laser pointer.
 * The tools themselves live in the session map (crisis-map.ts); this is their buttons.
 */
import { useEffect, useRef, useState } from 'react'
import { type CrisisSymbol, crisisSymbolTerms } from '../../common/crisis.ts'
import type { MessageKey } from '../i18n/dictionary.ts'
import { useI18n } from '../i18n/i18n.tsx'
import { iconDataUrl } from '../map/icons.ts'
import { annotationPalette } from './annotation-style.ts'
import type { CrisisTool } from './crisis-map.ts'
import { crisisSymbols, symbolColour, symbolIcon } from './crisis-symbols.ts'

export interface DrawingToolbarProps {
  tool: CrisisTool
  onTool: (tool: CrisisTool) => void
  symbol: CrisisSymbol
  onSymbol: (symbol: CrisisSymbol) => void
  colour: string
  onColour: (colour: string) => void
  /** Drawing tools, colour, undo, redo and delete are offered only when true. */
  mayDraw: boolean
  canUndo: boolean
  canRedo: boolean
  hasSelection: boolean
  onUndo: () => void
  onRedo: () => void
  onDelete: () => void
}

const toolLabels: Record<CrisisTool, MessageKey> = {
  select: 'crisis.map.tool.select',
  point: 'crisis.map.tool.point',
  line: 'crisis.map.tool.line',
  polygon: 'crisis.map.tool.polygon',
  circle: 'crisis.map.tool.circle',
  text: 'crisis.map.tool.text',
  laser: 'crisis.map.tool.laser',
}

const toolIcons: Record<CrisisTool, string> = {
  select: 'M4 2l11 7-5 1.2 3 5.3-2 1.1-3-5.3L4 14z',
  point:
    'M10 1.5a6 6 0 0 0-6 6c0 4.4 6 11 6 11s6-6.6 6-11a6 6 0 0 0-6-6m0 3.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5',
  line: 'M3.5 15.1 8.2 7l4.1 4.5 4-7.3 1.8 1-5.4 9.8-4.1-4.5-3.3 5.6z',
  polygon: 'M10 2l8 5.8-3 9.7H5L2 7.8zm0 2.5L4.3 8.6l2.2 7h7l2.2-7z',
  circle:
    'M10 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16m0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12m0 4.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3',
  text: 'M3 3h14v4h-2V5h-4v10h2v2H7v-2h2V5H5v2H3z',
  laser: 'M10 7a3 3 0 1 1 0 6 3 3 0 0 1 0-6M9 0h2v4H9zm0 16h2v4H9zM0 9h4v2H0zm16 0h4v2h-4z',
}

const drawingTools: readonly CrisisTool[] = ['point', 'line', 'polygon', 'circle', 'text']

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
      <path d={path} fill="currentColor" fillRule="evenodd" />
    </svg>
  )
}

export function DrawingToolbar(props: DrawingToolbarProps) {
  const { t, lang } = useI18n()
  const [flyout, setFlyout] = useState<'symbol' | 'colour' | null>(null)
  const { tool, mayDraw } = props
  const tools: CrisisTool[] = ['select', ...(mayDraw ? drawingTools : []), 'laser']
  const bar = useRef<HTMLDivElement>(null)

  // A flyout closes when the user turns to the map (or anything else) or presses Escape.
  useEffect(() => {
    if (!flyout) return
    const onPointer = (e: PointerEvent) => {
      if (!bar.current?.contains(e.target as Node)) setFlyout(null)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setFlyout(null)
    }
    document.addEventListener('pointerdown', onPointer, true)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer, true)
      document.removeEventListener('keydown', onKey)
    }
  }, [flyout])

  const choose = (next: CrisisTool) => {
    props.onTool(next)
    setFlyout(next === 'point' && mayDraw ? 'symbol' : null)
  }

  return (
    <div
      ref={bar}
      className="drawing-toolbar"
      role="toolbar"
      aria-label={t('crisis.toolbar.label')}
      data-testid="drawing-toolbar"
    >
      <div className="tool-group">
        {tools.map((id) => (
          <button
            key={id}
            type="button"
            className={`tool-button${tool === id ? ' is-active' : ''}`}
            aria-pressed={tool === id}
            title={t(toolLabels[id])}
            onClick={() => choose(id)}
            data-tool={id}
          >
            {id === 'point' ? (
              <img
                className="tool-symbol"
                src={iconDataUrl(symbolIcon(props.symbol), '#ffffff')}
                alt=""
                style={{ background: symbolColour(props.symbol) }}
              />
            ) : (
              <Icon path={toolIcons[id]} />
            )}
            <span className="visually-hidden">{t(toolLabels[id])}</span>
          </button>
        ))}
      </div>
      {mayDraw && (
        <>
          <div className="tool-group">
            <button
              type="button"
              className="tool-button"
              title={t('crisis.toolbar.colour')}
              aria-expanded={flyout === 'colour'}
              onClick={() => setFlyout((f) => (f === 'colour' ? null : 'colour'))}
            >
              <span className="tool-colour" style={{ background: props.colour }} aria-hidden="true" />
              <span className="visually-hidden">{t('crisis.toolbar.colour')}</span>
            </button>
            <button
              type="button"
              className="tool-button"
              title={t('crisis.toolbar.symbol')}
              aria-expanded={flyout === 'symbol'}
              onClick={() => setFlyout((f) => (f === 'symbol' ? null : 'symbol'))}
            >
              <Icon path="M3 3h6v6H3zm8 0h6v6h-6zM3 11h6v6H3zm8 0h6v6h-6z" />
              <span className="visually-hidden">{t('crisis.toolbar.symbol')}</span>
            </button>
          </div>
          <div className="tool-group">
            <button
              type="button"
              className="tool-button"
              title={t('crisis.toolbar.undo')}
              disabled={!props.canUndo}
              onClick={props.onUndo}
            >
              <Icon path="M8 3 2.5 8.5 8 14v-3.5h4a4 4 0 0 1 0 8h-1v2h1a6 6 0 0 0 0-12H8z" />
              <span className="visually-hidden">{t('crisis.toolbar.undo')}</span>
            </button>
            <button
              type="button"
              className="tool-button"
              title={t('crisis.toolbar.redo')}
              disabled={!props.canRedo}
              onClick={props.onRedo}
            >
              <Icon path="M12 3l5.5 5.5L12 14v-3.5H8a4 4 0 0 0 0 8h1v2H8a6 6 0 0 1 0-12h4z" />
              <span className="visually-hidden">{t('crisis.toolbar.redo')}</span>
            </button>
            <button
              type="button"
              className="tool-button is-danger"
              title={t('crisis.toolbar.delete')}
              disabled={!props.hasSelection}
              onClick={props.onDelete}
            >
              <Icon path="M7 2h6v2h4v2H3V4h4zM4.5 7h11l-1 11h-9zm3 2v7h1.5V9zm3.5 0v7h1.5V9z" />
              <span className="visually-hidden">{t('crisis.toolbar.delete')}</span>
            </button>
          </div>
        </>
      )}
      {flyout === 'symbol' && mayDraw && (
        <fieldset className="tool-flyout symbol-flyout">
          <legend className="visually-hidden">{t('crisis.toolbar.symbol')}</legend>
          {crisisSymbols.map((symbol) => (
            <button
              key={symbol}
              type="button"
              className={`symbol-choice${props.symbol === symbol ? ' is-active' : ''}`}
              aria-pressed={props.symbol === symbol}
              onClick={() => {
                props.onSymbol(symbol)
                props.onTool('point')
                setFlyout(null)
              }}
            >
              <img
                src={iconDataUrl(symbolIcon(symbol), '#ffffff')}
                alt=""
                style={{ background: symbolColour(symbol) }}
              />
              <span>{crisisSymbolTerms[symbol][lang]}</span>
            </button>
          ))}
        </fieldset>
      )}
      {flyout === 'colour' && mayDraw && (
        <fieldset className="tool-flyout colour-flyout">
          <legend className="visually-hidden">{t('crisis.toolbar.colour')}</legend>
          {annotationPalette.map((colour) => (
            <button
              key={colour}
              type="button"
              className={`colour-choice${props.colour === colour ? ' is-active' : ''}`}
              style={{ background: colour }}
              aria-pressed={props.colour === colour}
              aria-label={t('crisis.toolbar.colourChoice', { colour })}
              onClick={() => {
                props.onColour(colour)
                setFlyout(null)
              }}
            />
          ))}
        </fieldset>
      )}
    </div>
  )
}
