// Inline SVG icons (no icon font, nothing fetched). Decorative: the control that
// holds one carries the label.
import type { ReactNode } from 'react'

function Icon({ children, size = 20 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export const PlusIcon = () => (
  <Icon>
    <path d="M12 5v14M5 12h14" />
  </Icon>
)

export const PersonAddIcon = () => (
  <Icon>
    <circle cx="9" cy="8" r="4" />
    <path d="M2 21c0-4 3-7 7-7s7 3 7 7M19 8v6M16 11h6" />
  </Icon>
)

/** A group: two people. */
export const GroupIcon = ({ size = 20 }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5" />
    <path d="M16 4.7a3.5 3.5 0 0 1 0 6.6M18.5 14c1.8.9 3 2.9 3 6" />
  </Icon>
)

/** A group's announcement: a megaphone. */
export const MegaphoneIcon = () => (
  <Icon size={18}>
    <path d="M3 10v4h3l7 4V6L6 10z" />
    <path d="M17 9a4 4 0 0 1 0 6M6 14l1.5 5h2.5l-1-4.5" />
  </Icon>
)

export const GearIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </Icon>
)

export const CloseIcon = () => (
  <Icon>
    <path d="M6 6l12 12M18 6L6 18" />
  </Icon>
)

export const SendIcon = () => (
  <Icon>
    <path d="M4 12l16-8-6 16-2.5-6.5z" />
    <path d="M11.5 13.5L20 4" />
  </Icon>
)

export const SmileIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5c1 1.3 2.1 2 3.5 2s2.5-.7 3.5-2" />
    <path d="M9 9.5h.01M15 9.5h.01" strokeWidth="2.6" />
  </Icon>
)

export const CopyIcon = () => (
  <Icon size={18}>
    <rect x="9" y="9" width="12" height="12" rx="2" />
    <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
  </Icon>
)

export const BackIcon = () => (
  <Icon>
    <path d="M15 6l-6 6 6 6" />
  </Icon>
)

export const InfoIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 8h.01" />
  </Icon>
)

/** A verified contact: a shield with a tick. */
export const ShieldCheckIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />
    <path d="M8.5 12l2.5 2.5 4.5-5" />
  </Icon>
)

export const TrashIcon = () => (
  <Icon size={18}>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />
  </Icon>
)

const TWO_TICKS = 'M2 13l4 4 9-10M10 16l1 1 9-10'

/** Delivered: two ticks. */
export const DeliveredIcon = () => (
  <Icon size={16}>
    <path d={TWO_TICKS} />
  </Icon>
)

/** Read: the two ticks, bolder (and coloured by the stylesheet). */
export const ReadIcon = () => (
  <Icon size={16}>
    <path d={TWO_TICKS} strokeWidth="3" />
  </Icon>
)

/** Stored on a relay, waiting for the peer: a cloud. */
export const StoredIcon = () => (
  <Icon size={16}>
    <path d="M18 10h-1.26A8 8 0 1 0 9 20h9a5 5 0 0 0 0-10z" />
  </Icon>
)

/** Not delivered yet: a clock. */
export const PendingIcon = () => (
  <Icon size={14}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
)

export const LanIcon = () => (
  <Icon size={14}>
    <path d="M3 11l9-7 9 7v9H3z" />
    <path d="M10 20v-5h4v5" />
  </Icon>
)

export const DirectIcon = () => (
  <Icon size={14}>
    <circle cx="5" cy="12" r="2.5" />
    <circle cx="19" cy="12" r="2.5" />
    <path d="M7.5 12h9" />
  </Icon>
)

export const RelayedIcon = () => (
  <Icon size={14}>
    <circle cx="4" cy="17" r="2.2" />
    <circle cx="20" cy="17" r="2.2" />
    <circle cx="12" cy="6" r="2.2" />
    <path d="M5.5 15.3l5-7.4M18.5 15.3l-5-7.4" />
  </Icon>
)

export const OfflineIcon = () => (
  <Icon size={14}>
    <circle cx="12" cy="12" r="8" />
    <path d="M6.5 17.5l11-11" />
  </Icon>
)
