// The narrow layout's way back from a conversation to the list.
import { useTranslation } from 'react-i18next'
import { BackIcon } from './Icons.tsx'

export function BackButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      className="icon-button back-button"
      aria-label={t('chat.back')}
      onClick={onClick}
    >
      <BackIcon />
    </button>
  )
}
