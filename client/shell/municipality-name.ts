/** "Norrköpings kommun", "Borås kommun", "Norrköping Municipality": the name as the municipality writes it. */
export function municipalityTitle(name: string, lang: 'sv' | 'en'): string {
  if (lang === 'en') return `${name} Municipality`
  // Swedish genitive: no extra s after s, x or z (Borås kommun, Kramfors kommun).
  return /[sxz]$/i.test(name) ? `${name} kommun` : `${name}s kommun`
}
