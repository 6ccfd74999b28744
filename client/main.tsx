/**
 * The browser entry point: fonts and styles, then the sign-in page or, once signed in, the app; in
 * Swedish unless the user chose English.
 */
// Note: first, so zod is configured before the shared schemas in common/ are built.
import './csp-safe-zod.ts'
import '@fontsource-variable/inter'
import 'maplibre-gl/dist/maplibre-gl.css'
import './shell/app.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { SessionGate } from './auth/session.tsx'
import { I18nProvider, storedLanguage } from './i18n/i18n.tsx'
import { App } from './shell/app.tsx'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')
document.documentElement.lang = storedLanguage()
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionGate>
        <App />
      </SessionGate>
    </I18nProvider>
  </StrictMode>,
)
