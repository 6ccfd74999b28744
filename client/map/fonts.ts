/**
 * Fonts for map labels. Without a `glyphs` URL in the style MapLibre draws every glyph with the
 * browser's canvas, taking the CSS font family from the `text-font` stack and sniffing the weight
 * from its name ("Bold", "SemiBold", "Italic"). Registering Inter, bundled with the client, under
 * such names gives labels the interface's typeface, offline.
 */
import interItalic from '@fontsource-variable/inter/files/inter-latin-wght-italic.woff2?url'
import interNormal from '@fontsource-variable/inter/files/inter-latin-wght-normal.woff2?url'

export const mapFonts = {
  regular: ['Inter Map Regular'],
  semibold: ['Inter Map SemiBold'],
  bold: ['Inter Map Bold'],
  italic: ['Inter Map Italic'],
} as const satisfies Record<string, readonly string[]>

/** Loads the label fonts before the map draws its first glyph; a glyph drawn early stays in the fallback font. */
export async function loadMapFonts(): Promise<void> {
  if (typeof FontFace === 'undefined' || typeof document === 'undefined') return
  const faces = [
    new FontFace('Inter Map Regular', `url(${interNormal})`, { weight: '100 900' }),
    new FontFace('Inter Map SemiBold', `url(${interNormal})`, { weight: '100 900' }),
    new FontFace('Inter Map Bold', `url(${interNormal})`, { weight: '100 900' }),
    new FontFace('Inter Map Italic', `url(${interItalic})`, { weight: '100 900', style: 'italic' }),
  ]
  await Promise.all(
    faces.map(async (face) => {
      try {
        document.fonts.add(await face.load())
      } catch {
        // Labels fall back to the browser's sans-serif: uglier, still legible.
      }
    }),
  )
}
