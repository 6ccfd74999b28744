/**
 * The session: who is signed in. Until `/api/auth/me` names someone, the sign-in page is shown; a
 * 401 from any later request (the session expired, an administrator ended it or disabled the
 * account) returns there with a message, and signing in again opens the same picture, since the
 * address keeps the view.
 */
import {
  createContext,
  Fragment,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { ApiError, api, onSessionEnded, type SignedInUser } from '../api/api-client.ts'
import { BootFailure, BootLoading } from '../shell/boot-screen.tsx'
import { LoginPage, type SignedOutReason } from './login-page.tsx'

type SessionState =
  | { status: 'checking' }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-out'; reason: SignedOutReason }
  | { status: 'signed-in'; user: SignedInUser; generation: number }

export interface Session {
  user: SignedInUser
  signOut: () => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession must be used inside a signed-in <SessionGate>')
  return session
}

/** Shows the sign-in page until someone is signed in, then `children`, fresh for each sign-in. */
export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' })
  const [attempt, setAttempt] = useState(0)
  const generation = useRef(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's trigger.
  useEffect(() => {
    const controller = new AbortController()
    setState({ status: 'checking' })
    api
      .me(controller.signal)
      .then((user) => setState({ status: 'signed-in', user, generation: 0 }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return
        if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out', reason: 'none' })
        else setState({ status: 'unreachable', message: err instanceof Error ? err.message : String(err) })
      })
    return () => controller.abort()
  }, [attempt])

  useEffect(
    () =>
      onSessionEnded(() =>
        setState((prev) =>
          prev.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : prev,
        ),
      ),
    [],
  )

  const signOut = useCallback(async () => {
    try {
      await api.logout()
    } catch {
      // The session may already be gone; the sign-in page is the right place either way.
    }
    setState({ status: 'signed-out', reason: 'signed-out' })
  }, [])

  const signedIn = useCallback((user: SignedInUser) => {
    generation.current += 1
    setState({ status: 'signed-in', user, generation: generation.current })
  }, [])

  const session = useMemo<Session | null>(
    () => (state.status === 'signed-in' ? { user: state.user, signOut } : null),
    [state, signOut],
  )

  switch (state.status) {
    case 'checking':
      return <BootLoading />
    case 'unreachable':
      return <BootFailure message={state.message} onRetry={() => setAttempt((n) => n + 1)} />
    case 'signed-out':
      return <LoginPage reason={state.reason} onSignedIn={signedIn} />
    case 'signed-in':
      // Note: the key remounts the app on every sign-in, so nothing one user loaded (layers,
      // features, the audit log) is still on screen for the next.
      return (
        <SessionContext.Provider value={session}>
          <Fragment key={`${state.user.id}/${state.generation}`}>{children}</Fragment>
        </SessionContext.Provider>
      )
    default: {
      const unknown: never = state
      return unknown
    }
  }
}
