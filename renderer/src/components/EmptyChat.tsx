// The right-hand pane when no conversation is open.
import { useTranslation } from 'react-i18next'
import { Logo } from './Logo.tsx'

export function EmptyChat({ onAddContact }: { onAddContact: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="empty-chat" data-testid="empty-chat">
      <Logo size={64} />
      <h1>{t('chat.emptyTitle')}</h1>
      <p className="muted">{t('chat.emptyHint')}</p>
      <button type="button" className="button" onClick={onAddContact}>
        {t('sidebar.addContact')}
      </button>
    </div>
  )
}
