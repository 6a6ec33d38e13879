// How we reach a peer: LAN, direct, WebRTC, relayed or offline, as an icon and a word.
import { useTranslation } from 'react-i18next'
import type { Path } from '../../../protocol/api.ts'
import { DirectIcon, LanIcon, OfflineIcon, RelayedIcon } from './Icons.tsx'

export type PathName = Path | 'offline'

// WebRTC is peer to peer too (UDP through the NATs): the direct glyph, its own word.
const ICONS = {
  lan: LanIcon,
  direct: DirectIcon,
  webrtc: DirectIcon,
  relayed: RelayedIcon,
  offline: OfflineIcon,
}

export function PathIcon({ path, showLabel = true }: { path: Path | null; showLabel?: boolean }) {
  const { t } = useTranslation()
  const name: PathName = path ?? 'offline'
  const Glyph = ICONS[name]
  const word = t(`path.${name}`)
  return (
    <span className={`path path-${name}`} title={t('path.label', { path: word })}>
      <span
        role="img"
        aria-label={t('path.label', { path: word })}
        data-testid="path-icon"
        data-path={name}
        className="path-glyph"
      >
        <Glyph />
      </span>
      {showLabel && (
        <span className="path-word" aria-hidden="true">
          {word}
        </span>
      )}
    </span>
  )
}
