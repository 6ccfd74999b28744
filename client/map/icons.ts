/**
 * Map symbols from Maki and Temaki, bundled with the client (no fetches at run time). Each SVG is
 * drawn white onto a canvas and registered with MapLibre as `icon-<name>`; the coloured badge under
 * it is a circle layer, so one white glyph serves every colour.
 */

import bank from '@mapbox/maki/icons/bank.svg?raw'
import building from '@mapbox/maki/icons/building.svg?raw'
import bus from '@mapbox/maki/icons/bus.svg?raw'
import car from '@mapbox/maki/icons/car.svg?raw'
import caution from '@mapbox/maki/icons/caution.svg?raw'
import circle from '@mapbox/maki/icons/circle.svg?raw'
import communicationsTower from '@mapbox/maki/icons/communications-tower.svg?raw'
import danger from '@mapbox/maki/icons/danger.svg?raw'
import doctor from '@mapbox/maki/icons/doctor.svg?raw'
import embassy from '@mapbox/maki/icons/embassy.svg?raw'
import entrance from '@mapbox/maki/icons/entrance-alt1.svg?raw'
import fireStation from '@mapbox/maki/icons/fire-station.svg?raw'
import fuel from '@mapbox/maki/icons/fuel.svg?raw'
import grocery from '@mapbox/maki/icons/grocery.svg?raw'
import heart from '@mapbox/maki/icons/heart.svg?raw'
import hospital from '@mapbox/maki/icons/hospital.svg?raw'
import industry from '@mapbox/maki/icons/industry.svg?raw'
import information from '@mapbox/maki/icons/information.svg?raw'
import marker from '@mapbox/maki/icons/marker.svg?raw'
import police from '@mapbox/maki/icons/police.svg?raw'
import roadAccident from '@mapbox/maki/icons/road-accident.svg?raw'
import roadblock from '@mapbox/maki/icons/roadblock.svg?raw'
import school from '@mapbox/maki/icons/school.svg?raw'
import shelter from '@mapbox/maki/icons/shelter.svg?raw'
import shop from '@mapbox/maki/icons/shop.svg?raw'
import star from '@mapbox/maki/icons/star.svg?raw'
import townHall from '@mapbox/maki/icons/town-hall.svg?raw'
import water from '@mapbox/maki/icons/water.svg?raw'
import wetland from '@mapbox/maki/icons/wetland.svg?raw'
import capitol from '@rapideditor/temaki/icons/capitol.svg?raw'
import pedestrian from '@rapideditor/temaki/icons/pedestrian.svg?raw'
import power from '@rapideditor/temaki/icons/power.svg?raw'
import socialFacility from '@rapideditor/temaki/icons/social_facility.svg?raw'
import truck from '@rapideditor/temaki/icons/truck.svg?raw'
import waterShutoff from '@rapideditor/temaki/icons/water_shutoff.svg?raw'
import waterTap from '@rapideditor/temaki/icons/water_tap.svg?raw'
import type { Map as MapLibreMap } from 'maplibre-gl'
import type { ActorType, HazardSiteKind, Sector } from '../../common/domain.ts'

const svgs = {
  bank,
  building,
  bus,
  car,
  caution,
  circle,
  'communications-tower': communicationsTower,
  danger,
  doctor,
  embassy,
  entrance,
  'fire-station': fireStation,
  fuel,
  grocery,
  heart,
  hospital,
  industry,
  information,
  marker,
  police,
  'road-accident': roadAccident,
  roadblock,
  school,
  shelter,
  shop,
  star,
  'town-hall': townHall,
  water,
  wetland,
  capitol,
  pedestrian,
  truck,
  'water-shutoff': waterShutoff,
  power,
  'social-facility': socialFacility,
  'water-tap': waterTap,
} as const

export type IconName = keyof typeof svgs
export const iconNames = Object.keys(svgs) as IconName[]

export const actorTypeIcons: Record<ActorType, IconName> = {
  municipal_department: 'town-hall',
  municipal_company: 'building',
  police: 'police',
  rescue: 'fire-station',
  region: 'hospital',
  county_board: 'capitol',
  utility: 'power',
  telecom: 'communications-tower',
  company: 'industry',
  volunteer: 'heart',
  other: 'circle',
}

export const sectorIcons: Record<Sector, IconName> = {
  energy: 'power',
  finance: 'bank',
  trade: 'shop',
  health: 'hospital',
  ict: 'communications-tower',
  municipal_tech: 'water-tap',
  food: 'grocery',
  public_order: 'police',
  protection: 'fire-station',
  social_insurance: 'social-facility',
  transport: 'bus',
  public_admin: 'town-hall',
}

export const hazardSiteIcons: Record<HazardSiteKind, IconName> = {
  seveso_upper: 'caution',
  seveso_lower: 'caution',
  petrol_station: 'fuel',
}

/**
 * Symbols crisis staff put on the shared map; a symbol not listed here falls back to a marker.
 * Keys are the `symbol` property of an annotation.
 */
export const annotationSymbolIcons: Record<string, IconName> = {
  fire: 'fire-station',
  police: 'police',
  rescue: 'fire-station',
  ambulance: 'hospital',
  hospital: 'hospital',
  medical: 'doctor',
  roadblock: 'roadblock',
  road_closed: 'roadblock',
  accident: 'road-accident',
  shelter: 'shelter',
  evacuation: 'shelter',
  assembly_point: 'star',
  water: 'water',
  power: 'power',
  electricity: 'power',
  warning: 'caution',
  danger: 'danger',
  info: 'information',
  information: 'information',
  school: 'school',
  command_post: 'star',
  command: 'star',
  fault: 'caution',
  generator: 'power',
  vehicle: 'car',
}

/** The SVG text of an icon, recoloured (Maki and Temaki draw with the default black fill). */
export function iconSvg(name: IconName, colour = '#ffffff', size = 15): string {
  return svgs[name].replace(/<\?xml[^>]*>\s*/, '').replace(/<svg\b([^>]*)>/, (_all, attrs: string) => {
    const cleaned = attrs.replace(/\s(width|height|fill)="[^"]*"/g, '')
    return `<svg${cleaned} width="${size}" height="${size}" fill="${colour}">`
  })
}

export function iconDataUrl(name: IconName, colour = '#ffffff'): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(iconSvg(name, colour))}`
}

const PIXEL_RATIO = 2
const ICON_PIXELS = 15 * PIXEL_RATIO

function rasterise(svg: string, pixels: number): Promise<ImageData> {
  return new Promise((resolve, reject) => {
    const image = new Image(pixels, pixels)
    image.onload = () => {
      const canvas = document.createElement('canvas')
      canvas.width = pixels
      canvas.height = pixels
      const context = canvas.getContext('2d')
      if (!context) return reject(new Error('no 2d canvas'))
      context.drawImage(image, 0, 0, pixels, pixels)
      resolve(context.getImageData(0, 0, pixels, pixels))
    }
    image.onerror = () => reject(new Error('icon could not be drawn'))
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  })
}

/** A diagonal hatch used as `fill-pattern` for consultation zones and other "take care here" areas. */
function hatch(colour: string, pixels = 16, lineWidth = 2.5): ImageData {
  const canvas = document.createElement('canvas')
  canvas.width = pixels
  canvas.height = pixels
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas')
  context.strokeStyle = colour
  context.lineWidth = lineWidth
  context.lineCap = 'square'
  context.beginPath()
  // Three strokes so the pattern tiles seamlessly across the cell's corners.
  for (const offset of [-pixels, 0, pixels]) {
    context.moveTo(offset, pixels)
    context.lineTo(offset + pixels, 0)
  }
  context.stroke()
  return context.getImageData(0, 0, pixels, pixels)
}

/**
 * A disc as a signed distance field (the encoding MapLibre's `sdf` images and TinySDF use: 191 on
 * the edge, falling by 255/8 per pixel outwards), so one image draws circles of any colour and size.
 */
function sdfDisc(pixels = 64, radius = 24): ImageData {
  const data = new Uint8ClampedArray(pixels * pixels * 4)
  const centre = pixels / 2
  for (let y = 0; y < pixels; y++) {
    for (let x = 0; x < pixels; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre) - radius
      const value = 255 - 255 * (distance / 8 + 0.25)
      data[(y * pixels + x) * 4 + 3] = Math.max(0, Math.min(255, Math.round(value)))
    }
  }
  return new ImageData(data, pixels, pixels)
}

export const DISC_IMAGE = 'sdf-disc'

export const patternIds = {
  consultation: 'pattern-hatch-consultation',
  crisis: 'pattern-hatch-crisis',
  noData: 'pattern-hatch-no-data',
} as const

/** Every image the styles refer to, drawn once and ready to hand to any map or style. */
export type MapImages = ReadonlyMap<string, ImageData>

export async function prepareMapImages(): Promise<MapImages> {
  const images = new Map<string, ImageData>()
  const drawn = await Promise.all(
    iconNames.map(
      async (name) => [name, await rasterise(iconSvg(name, '#ffffff', ICON_PIXELS), ICON_PIXELS)] as const,
    ),
  )
  for (const [name, data] of drawn) images.set(`icon-${name}`, data)
  images.set(patternIds.consultation, hatch('rgba(201, 42, 42, 0.75)'))
  images.set(patternIds.crisis, hatch('rgba(214, 51, 108, 0.55)', 20, 3))
  images.set(patternIds.noData, hatch('rgba(107, 114, 128, 0.6)', 10, 1.2))
  images.set(DISC_IMAGE, sdfDisc())
  return images
}

/** Adds the prepared images a map lacks; called on every style load, as `setStyle` drops them. */
export function addMapImages(map: MapLibreMap, images: MapImages, only?: string): void {
  for (const [id, data] of images) {
    if (only !== undefined && id !== only) continue
    if (!map.hasImage(id)) map.addImage(id, data, { pixelRatio: PIXEL_RATIO, sdf: id === DISC_IMAGE })
  }
}
