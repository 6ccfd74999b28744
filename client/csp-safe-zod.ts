/**
 * Zod compiles fast object parsers with `new Function` unless told not to, and probes whether it
 * may by calling it once. Under the app's Content-Security-Policy (`script-src 'self'`, no
 * 'unsafe-eval') that probe is reported as a violation even though zod catches the refusal, so the
 * client runs zod without its compiler. It must run before any schema is built, hence its own
 * module, imported first.
 */
import { z } from 'zod'

z.config({ jitless: true })
