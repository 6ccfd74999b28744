import type { Map as MapLibreMap } from 'maplibre-gl'

/**
 * Keeps an overlay's sources and layers on the map: `install` runs now, and again after every
 * style change (a new basemap style drops them). `install` must add only what is missing. Returns
 * the function that stops it.
 */
export function keepInstalled(map: MapLibreMap, install: () => void): () => void {
  map.on('style.load', install)
  // Note: isStyleLoaded() is false while tiles load, long after the style itself could take
  // layers; trying at once and otherwise waiting for the load covers both.
  try {
    install()
  } catch {
    map.once('load', install)
  }
  return () => {
    map.off('style.load', install)
    map.off('load', install)
  }
}
