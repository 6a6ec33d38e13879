// The top of the tree: the connection to the core, the profile's lock, then
// first-run set-up or the main screen. The open conversation lives here so that
// it survives a reconnection.
import { useRef, useState, useSyncExternalStore } from 'react'
import type { Platform } from '../platform.ts'
import { ParleyProvider, useParley } from '../state/parley-context.tsx'
import { ConnectionScreen } from './ConnectionScreen.tsx'
import { LoadingScreen } from './LoadingScreen.tsx'
import { LockGate } from './LockGate.tsx'
import { MainScreen } from './MainScreen.tsx'
import { ProfileSetup } from './ProfileSetup.tsx'

export function App({ platform }: { platform: Platform }) {
  const state = useSyncExternalStore(platform.subscribe, platform.getState)
  const [selected, setSelected] = useState<string | null>(null)
  const lostConnection = useRef(false)
  if (state.status === 'disconnected') lostConnection.current = true
  if (state.status === 'connected') lostConnection.current = false

  if (state.status !== 'connected') {
    return (
      <ConnectionScreen
        state={state}
        platform={platform.kind}
        // Once a connection failed, a new attempt still reads as "disconnected".
        failed={lostConnection.current}
        onRetry={() => platform.retryNow()}
      />
    )
  }
  return (
    <LockGate api={state.api}>
      <ParleyProvider
        api={state.api}
        fallback={(status, retry) => <LoadingScreen status={status} onRetry={retry} />}
      >
        <ProfileGate selected={selected} onSelect={setSelected} />
      </ParleyProvider>
    </LockGate>
  )
}

function ProfileGate(props: {
  selected: string | null
  onSelect: (peerId: string | null) => void
}) {
  const { state } = useParley()
  return state.profile.displayName === null ? <ProfileSetup /> : <MainScreen {...props} />
}
