// Automatic away: after a while with no input in the page, an 'online' status
// becomes 'away'; the next input makes it 'online' again. A status the user chose
// (busy, invisible, or away by hand) is never touched.
import { useCallback, useEffect, useRef } from 'react'
import type { OwnStatus, ParleyApi } from '../../protocol/api.ts'
import type { Action } from './state/app-state.ts'

export const AWAY_AFTER_MS = 5 * 60_000
const CHECK_EVERY_MS = 15_000
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/** Returns what to call when the user picks a status by hand. */
export function useAutoAway(
  api: Pick<ParleyApi, 'setPresence'>,
  status: OwnStatus,
  dispatch: (action: Action) => void,
): (chosen: OwnStatus) => void {
  const lastInput = useRef(Date.now())
  const autoAway = useRef(false)
  const current = useRef(status)
  current.current = status

  const set = useCallback(
    (next: OwnStatus) => {
      dispatch({ type: 'my-status', status: next })
      api.setPresence({ status: next }).catch((err: unknown) => console.warn('parley:', err))
    },
    [api, dispatch],
  )

  useEffect(() => {
    const onInput = () => {
      lastInput.current = Date.now()
      if (autoAway.current) {
        autoAway.current = false
        if (current.current === 'away') set('online')
      }
    }
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true })
    const timer = setInterval(() => {
      const idle = Date.now() - lastInput.current >= AWAY_AFTER_MS
      if (idle && current.current === 'online' && !autoAway.current) {
        autoAway.current = true
        set('away')
      }
    }, CHECK_EVERY_MS)
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput)
      clearInterval(timer)
    }
  }, [set])

  return useCallback((_chosen: OwnStatus) => {
    autoAway.current = false
  }, [])
}
