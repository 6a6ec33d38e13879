// Between the connection and the profile: first-run passphrase set-up, the
// unlock screen, or (unlocked) the profile itself, with its lock for Settings.
import type { ReactNode } from 'react'
import type { RemoteParley } from '../../../protocol/rpc.ts'
import { LockContext, useLockStatus } from '../state/lock-status.tsx'
import { LoadingScreen } from './LoadingScreen.tsx'
import { LockSetup } from './LockSetup.tsx'
import { UnlockScreen } from './UnlockScreen.tsx'

export function LockGate({ api, children }: { api: RemoteParley; children: ReactNode }) {
  const { load, retry, update } = useLockStatus(api)
  if (load.status === 'failed') return <LoadingScreen status={load} onRetry={retry} />
  const lock = load.status === 'ready' ? load.lock : null
  if (lock?.state === 'new') return <LockSetup api={api} onDone={update} />
  if (lock?.state === 'locked') return <UnlockScreen api={api} onDone={update} />
  // Unlocked, or not known yet: most profiles are open, so the profile's data is
  // asked for along with its lock (one round trip less before the main screen);
  // a locked one's answers are dropped with the children.
  return <LockContext.Provider value={lock && { lock, update }}>{children}</LockContext.Provider>
}
