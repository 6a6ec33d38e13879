// i18next set-up: English and Simplified Chinese. The language follows the
// system (navigator.languages) until the user picks one in Settings, which is
// remembered in localStorage.
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en.ts'
import { zhCN } from './zh-CN.ts'

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const

export type Language = (typeof LANGUAGES)[number]['code']

const STORAGE_KEY = 'parley.language'

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value)
}

/** zh, zh-CN, zh-Hans… → zh-CN; everything else → en. */
export function languageFor(locales: readonly string[]): Language {
  for (const locale of locales) {
    const lower = locale.toLowerCase()
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN'
    if (lower === 'en' || lower.startsWith('en-')) return 'en'
  }
  return 'en'
}

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : null
  } catch {
    return null
  }
}

export function initialLanguage(): Language {
  return storedLanguage() ?? languageFor(navigator.languages ?? [navigator.language])
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // storage unavailable: the choice lasts for this session only
  }
  await i18next.changeLanguage(language)
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en'
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language
})

// Resources are bundled, so initialisation completes synchronously.
void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
})
document.documentElement.lang = i18next.language

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof en }
  }
}

export { i18next }
