// For a host or the desktop app's main process: do something each time the
// profile opens (print its peer id, show the tray) and undo it when it locks.
import type { LockStatus } from './api.ts'
import type { Unsubscribe } from './emitter.ts'
import type { ParleyCore } from './rpc.ts'

export interface LockFollower {
  unlocked(): void
  locked?(): void
}

/** Calls `unlocked` now if the profile is open, then on every change between locked and unlocked. */
export async function followLock(
  core: Pick<ParleyCore, 'lockState' | 'on'>,
  follower: LockFollower,
): Promise<{ state: LockStatus['state']; stop: Unsubscribe }> {
  let { state } = await core.lockState({})
  // Nothing runs between the answer above and this subscription: no event is missed.
  const stop = core.on('lock', (status) => {
    const was = state
    state = status.state
    if (state === 'unlocked' && was !== 'unlocked') follower.unlocked()
    if (state !== 'unlocked' && was === 'unlocked') follower.locked?.()
  })
  if (state === 'unlocked') follower.unlocked()
  return { state, stop }
}
