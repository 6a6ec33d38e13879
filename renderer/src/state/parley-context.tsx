// The connection to the core and the shared state, for every component below.
import {
  createContext,
  type Dispatch,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useReducer,
  useState,
} from 'react'
import {
  ApiError,
  type Contact,
  type Conversation,
  type Group,
  type NearbyPeer,
  type NetworkStatus,
  type OwnStatus,
  type PeerPresence,
} from '../../../protocol/api.ts'
import type { RemoteParley } from '../../../protocol/rpc.ts'
import { type Action, type AppState, initialState, reducer } from './app-state.ts'

interface ParleyContextValue {
  api: RemoteParley
  state: AppState
  dispatch: Dispatch<Action>
}

const ParleyContext = createContext<ParleyContextValue | null>(null)

export function useParley(): ParleyContextValue {
  const value = useContext(ParleyContext)
  if (!value) throw new Error('useParley outside ParleyProvider')
  return value
}

type Root = { loaded: AppState } | { loaded: null; early: Action[] }
type RootAction = Action | { type: 'init'; state: AppState }

function rootReducer(root: Root, action: RootAction): Root {
  if (action.type === 'init') {
    const early = root.loaded ? [] : root.early
    return { loaded: early.reduce(reducer, action.state) }
  }
  // Events that arrive while loading are applied once the state is there.
  if (!root.loaded) return { loaded: null, early: [...root.early, action] }
  const next = reducer(root.loaded, action)
  return next === root.loaded ? root : { loaded: next }
}

export type LoadStatus = { status: 'loading' } | { status: 'failed'; message: string }

/** Loads the state from `api`, keeps it current from its events, and provides both. */
export function ParleyProvider({
  api,
  children,
  fallback,
}: {
  api: RemoteParley
  children: ReactNode
  fallback: (status: LoadStatus, retry: () => void) => ReactNode
}) {
  const [root, dispatch] = useReducer(rootReducer, { loaded: null, early: [] })
  const [status, setStatus] = useState<LoadStatus>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const stops = [
      api.on('message', (message) => {
        dispatch({ type: 'message', message })
        // A notice the core made itself came by no path.
        if (message.path) dispatch({ type: 'seen', peerId: message.peerId, path: message.path })
      }),
      api.on('delivered', (d) => dispatch({ type: 'seen', peerId: d.peerId, path: d.path })),
      api.on('path', (peer) => dispatch({ type: 'path', peer })),
      api.on('network', (network) => dispatch({ type: 'network', network })),
      api.on('contact', (contact) => dispatch({ type: 'contact', contact })),
      api.on('contactRemoved', ({ peerId }) => dispatch({ type: 'contact-removed', peerId })),
      api.on('group', (group) => dispatch({ type: 'group', group })),
      api.on('conversation', (conversation) => dispatch({ type: 'conversation', conversation })),
      api.on('presence', (presence) => dispatch({ type: 'presence', presence })),
      api.on('typing', (typing) => dispatch({ type: 'typing', ...typing })),
      api.on('nearby', (nearby) => dispatch({ type: 'nearby', nearby })),
    ]
    return () => {
      for (const stop of stops) stop()
    }
  }, [api])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` changes to load again
  useEffect(() => {
    let cancelled = false
    setStatus({ status: 'loading' })
    // Only the profile is essential; the rest degrades to empty.
    const optional = <T,>(p: Promise<T>, empty: T): Promise<T> =>
      p.catch((err: unknown) => {
        console.warn('parley:', err)
        return empty
      })
    Promise.all([
      api.profile({}),
      optional<Contact[]>(api.contacts({}), []),
      optional<Conversation[]>(api.conversations({}), []),
      optional<Group[]>(api.groups({}), []),
      optional<NetworkStatus | null>(api.network({}), null),
      optional<{ status: OwnStatus; contacts: PeerPresence[] } | null>(api.presence({}), null),
      optional<NearbyPeer[]>(api.nearby({}), []),
    ]).then(
      ([profile, contacts, conversations, groups, network, presence, nearby]) => {
        if (cancelled) return
        dispatch({
          type: 'init',
          state: initialState({
            profile,
            contacts,
            conversations,
            groups,
            network,
            presence,
            nearby,
          }),
        })
      },
      (err: unknown) => {
        // Asked for before the lock was known: the lock's gate shows the unlock screen.
        if (err instanceof ApiError && err.code === 'locked') return
        if (!cancelled) setStatus({ status: 'failed', message: errorMessage(err) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [api, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])

  if (!root.loaded) return fallback(status, retry)
  return (
    <ParleyContext.Provider value={{ api, state: root.loaded, dispatch }}>
      {children}
    </ParleyContext.Provider>
  )
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
