/**
 * A type test, checked by `npm run typecheck` and never run: a layer id added to the union does not
 * compile until the catalogue, its source, what an edit of it may contain and who edits it all name
 * it. `heat-shelters` stands for the next layer someone adds.
 */
import { type LayerId, layerSpecs } from '../../common/layers.ts'
import { layerEditors } from '../../common/permissions.ts'
import { sourceRows } from './sources.ts'
import { layerWrites } from './writable.ts'

type WithNewLayer = LayerId | 'heat-shelters'

export const complete = [
  layerSpecs satisfies Record<LayerId, unknown>,
  sourceRows satisfies Record<LayerId, unknown>,
  layerWrites satisfies Record<LayerId, unknown>,
  layerEditors satisfies Record<LayerId, unknown>,
]

export const incomplete = [
  // @ts-expect-error the new layer has no entry in the catalogue
  layerSpecs satisfies Record<WithNewLayer, unknown>,
  // @ts-expect-error the new layer has no source
  sourceRows satisfies Record<WithNewLayer, unknown>,
  // @ts-expect-error the new layer does not say whether or how it is written
  layerWrites satisfies Record<WithNewLayer, unknown>,
  // @ts-expect-error the new layer does not say who edits it
  layerEditors satisfies Record<WithNewLayer, unknown>,
]
