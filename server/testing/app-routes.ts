/**
 * Test helper: the routes an app answers, read from the app itself, so a test over "every route"
 * covers the routes added after it was written.
 */
export interface AppRoute {
  method: string
  /** The route's pattern, as registered: `/api/users/:id`. */
  pattern: string
  /** The pattern with its parameters filled in: `/api/users/00000000-…`. */
  path: string
}

/** An id that is well-formed and names nothing. */
export const UNUSED_UUID = '00000000-0000-4000-8000-000000000000'

/**
 * Every method and path of the app's handlers, once each. Middleware (`use`, `all`) is left out: it
 * answers no route of its own. Parameters take the value in `samples` under their name, else a UUID.
 */
export function appRoutes(
  app: { routes: readonly { method: string; path: string }[] },
  samples: Record<string, string> = {},
): AppRoute[] {
  const seen = new Map<string, AppRoute>()
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => samples[name] ?? UNUSED_UUID)
    seen.set(`${route.method} ${route.path}`, { method: route.method, pattern: route.path, path })
  }
  return [...seen.values()]
}
