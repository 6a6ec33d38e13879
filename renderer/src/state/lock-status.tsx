// The profile's lock as the UI sees it: asked once per connection, then kept
// current by the core's 'lock' events (another window may unlock or lock it).
import { createContext, useCallback, useContext, useEffect, useState } from 'react'
import type { LockStatus } from '../../../protocol/api.ts'
import type { RemoteParley } from '../../../protocol/rpc.ts'
import { errorMessage } from './parley-context.tsx'

export type LockLoad =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; lock: LockStatus }

export function useLockStatus(api: RemoteParley): {
  load: LockLoad
  retry(): void
  /** What a lock call answered: the event says the same, but may come later. */
  update(lock: LockStatus): void
} {
  const [load, setLoad] = useState<LockLoad>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` changes to ask again
  useEffect(() => {
    let cancelled = false
    // Answers and events come over one port in the order the core sent them: the
    // last to arrive is the latest.
    const stop = api.on('lock', (lock) => setLoad({ status: 'ready', lock }))
    setLoad({ status: 'loading' })
    api.lockState({}).then(
      (lock) => {
        if (!cancelled) setLoad({ status: 'ready', lock })
      },
      (err: unknown) => {
        if (!cancelled) setLoad({ status: 'failed', message: errorMessage(err) })
      },
    )
    return () => {
      cancelled = true
      stop()
    }
  }, [api, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const update = useCallback((lock: LockStatus) => setLoad({ status: 'ready', lock }), [])
  return { load, retry, update }
}

interface LockContextValue {
  lock: LockStatus
  update(lock: LockStatus): void
}

export const LockContext = createContext<LockContextValue | null>(null)

/** The lock of the open profile, for Settings. */
export function useLock(): LockContextValue {
  const value = useContext(LockContext)
  if (!value) throw new Error('useLock outside LockContext')
  return value
}
