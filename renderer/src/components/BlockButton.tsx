// Blocking someone, after asking: from a request or from a contact's info.
import { useTranslation } from 'react-i18next'
import type { Contact } from '../../../protocol/api.ts'
import { shownName } from '../../../protocol/names.ts'
import { useParley } from '../state/parley-context.tsx'
import { ConfirmButton } from './ConfirmButton.tsx'

export function BlockButton({ contact, onBlocked }: { contact: Contact; onBlocked: () => void }) {
  const { t } = useTranslation()
  const { api, dispatch } = useParley()
  return (
    <ConfirmButton
      label={t('confirm.block')}
      title={t('confirm.blockTitle', { name: shownName(contact.peerId, contact) })}
      text={t('confirm.blockText')}
      testId="block-contact"
      onConfirm={async () => {
        dispatch({ type: 'contact', contact: await api.blockContact({ peerId: contact.peerId }) })
        onBlocked()
      }}
    />
  )
}
