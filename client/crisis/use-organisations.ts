import { useEffect, useState } from 'react'
import { api, type Organisation } from '../api/api-client.ts'

/**
 * The organisations a session can invite, loaded once. Empty until they arrive, and empty if they
 * cannot be had: a session can still be created and run, and organisations invited later.
 */
export function useOrganisations(): Organisation[] {
  const [organisations, setOrganisations] = useState<Organisation[]>([])
  useEffect(() => {
    const controller = new AbortController()
    api
      .organisations(controller.signal)
      .then(setOrganisations)
      .catch(() => {
        // Nothing to show: the forms offer no organisations, and everything else works.
      })
    return () => controller.abort()
  }, [])
  return organisations
}
