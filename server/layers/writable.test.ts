import { describe, expect, it } from 'vitest'
import { layerIds } from '../../common/layers.ts'
import { layerEditors } from '../../common/permissions.ts'
import { layerWrites } from './writable.ts'

describe('editable layers', () => {
  it('a layer has editors exactly when an edit of it has columns to write', () => {
    for (const id of layerIds) {
      expect({ id, editors: layerEditors[id].length > 0 }).toEqual({ id, editors: layerWrites[id] !== null })
    }
  })
})
