// How we reach a peer: LAN, direct, WebRTC, WebRTC through a TURN server, relayed
// or offline, as an icon and a word, with the round trip when it is known.
import { useTranslation } from 'react-i18next'
import type { Path } from '../../../protocol/api.ts'
import { DirectIcon, LanIcon, OfflineIcon, RelayedIcon } from './Icons.tsx'

export type PathName = Path | 'turn' | 'offline'

// WebRTC is peer to peer too (UDP through the NATs): the direct glyph, its own word.
// Through TURN it goes by way of a server, as a relayed chat does.
const ICONS = {
  lan: LanIcon,
  direct: DirectIcon,
  webrtc: DirectIcon,
  turn: RelayedIcon,
  relayed: RelayedIcon,
  offline: OfflineIcon,
}

export function PathIcon({
  path,
  turn = false,
  rttMs = null,
  showLabel = true,
  showRtt = false,
}: {
  path: Path | null
  /** A WebRTC path through a TURN server. */
  turn?: boolean
  /** The round trip on that path, when measured: always in the tooltip, shown with showRtt. */
  rttMs?: number | null
  showLabel?: boolean
  showRtt?: boolean
}) {
  const { t } = useTranslation()
  const name: PathName = path === 'webrtc' && turn ? 'turn' : (path ?? 'offline')
  const Glyph = ICONS[name]
  const word = t(`path.${name}`)
  const known = path !== null && rttMs !== null
  const label = known
    ? t('path.labelRtt', { path: word, ms: rttMs })
    : t('path.label', { path: word })
  return (
    <span className={`path path-${name}`} title={label}>
      <span
        role="img"
        aria-label={label}
        data-testid="path-icon"
        data-path={name}
        data-rtt={known ? rttMs : undefined}
        className="path-glyph"
      >
        <Glyph />
      </span>
      {showLabel && (
        <span className="path-word" aria-hidden="true">
          {word}
        </span>
      )}
      {showRtt && known && (
        <span className="path-rtt" aria-hidden="true" data-testid="path-rtt">
          {t('path.rtt', { ms: rttMs })}
        </span>
      )}
    </span>
  )
}
