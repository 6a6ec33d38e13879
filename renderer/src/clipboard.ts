/** Copies text; falls back to the old selection-based way where the API is missing. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    return
  } catch {
    // not a secure context, or no permission: try the old way
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'offscreen'
  // Inside an open modal dialog, elements outside it are inert: append there.
  ;(document.querySelector('dialog[open]') ?? document.body).append(area)
  area.select()
  const ok = document.execCommand('copy')
  area.remove()
  if (!ok) throw new Error('copy failed')
}
