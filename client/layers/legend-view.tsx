/** The legend of one layer: small swatches drawn with the same colours and symbols as the map. */
import { useI18n } from '../i18n/i18n.tsx'
import { iconDataUrl } from '../map/icons.ts'
import type { Legend, Swatch } from './styles/style-kit.ts'

export function SwatchView({ swatch }: { swatch: Swatch }) {
  switch (swatch.kind) {
    case 'fill':
      return (
        <span
          className={`swatch swatch-fill${swatch.hatch ? ' swatch-hatch' : ''}`}
          style={{
            color: swatch.color,
            backgroundColor: swatch.hatch
              ? 'transparent'
              : hexWithOpacity(swatch.color, swatch.opacity ?? 0.8),
            borderColor: swatch.outline ?? 'rgba(0,0,0,0.15)',
            borderStyle: swatch.dashed ? 'dashed' : 'solid',
          }}
          aria-hidden="true"
        />
      )
    case 'line':
      return (
        <span className="swatch swatch-line" aria-hidden="true">
          <svg viewBox="0 0 28 12" width="28" height="12" role="presentation">
            {swatch.casing && (
              <line
                x1="2"
                y1="6"
                x2="26"
                y2="6"
                stroke={swatch.casing}
                strokeWidth={swatch.width + 3}
                strokeLinecap="round"
              />
            )}
            <line
              x1="2"
              y1="6"
              x2="26"
              y2="6"
              stroke={swatch.color}
              strokeWidth={swatch.width}
              strokeDasharray={swatch.dashed ? `${swatch.width * 2} ${swatch.width * 1.4}` : undefined}
              strokeLinecap={swatch.dashed ? 'butt' : 'round'}
            />
          </svg>
        </span>
      )
    case 'badge': {
      const size = swatch.size ?? 20
      return (
        <span className="swatch swatch-badge-wrap" aria-hidden="true">
          <span
            className="swatch-badge"
            style={{
              width: size,
              height: size,
              backgroundColor: swatch.color,
              boxShadow: swatch.ring
                ? swatch.color === '#ffffff'
                  ? `inset 0 0 0 3px ${swatch.ring}`
                  : `0 0 0 2px #fff, 0 0 0 4.5px ${swatch.ring}`
                : undefined,
            }}
          >
            {swatch.icon && (
              <img src={iconDataUrl(swatch.icon)} alt="" width={size * 0.62} height={size * 0.62} />
            )}
            {swatch.text && (
              <span
                className="swatch-badge-text"
                style={swatch.textColor ? { color: swatch.textColor } : undefined}
              >
                {swatch.text}
              </span>
            )}
          </span>
        </span>
      )
    }
  }
}

function hexWithOpacity(hex: string, opacity: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex)
  if (!m) return hex
  const n = Number.parseInt(m[1], 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${opacity})`
}

export function LegendView({ legend, layerTitle }: { legend: Legend; layerTitle: string }) {
  const { term, t } = useI18n()
  if (!legend.entries.length) return null
  return (
    <figure className="legend" aria-label={`${t('layers.legend')}: ${layerTitle}`}>
      {legend.title && <figcaption className="legend-title">{term(legend.title)}</figcaption>}
      <ul>
        {legend.entries.map((entry) => (
          <li key={entry.label.sv}>
            <SwatchView swatch={entry.swatch} />
            <span>{term(entry.label)}</span>
          </li>
        ))}
      </ul>
      {legend.note && <p className="legend-note">{term(legend.note)}</p>}
    </figure>
  )
}
