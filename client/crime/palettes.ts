/** The council views' colour ramps, readable in greyscale and by the colour-blind (ColorBrewer). */

/** ColorBrewer's YlOrRd, five steps, light (few) to dark (many). */
const ylOrRd = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const

/** A colour for a share 0..1 of the largest value, interpolated along YlOrRd. */
export function sequentialColour(share: number): string {
  const x = Math.min(1, Math.max(0, share)) * (ylOrRd.length - 1)
  const i = Math.min(ylOrRd.length - 2, Math.floor(x))
  const f = x - i
  const a = Number.parseInt(ylOrRd[i]!.slice(1), 16)
  const b = Number.parseInt(ylOrRd[i + 1]!.slice(1), 16)
  const mix = (shift: number) => Math.round(((a >> shift) & 255) * (1 - f) + ((b >> shift) & 255) * f)
  return `#${[16, 8, 0].map((s) => mix(s).toString(16).padStart(2, '0')).join('')}`
}
