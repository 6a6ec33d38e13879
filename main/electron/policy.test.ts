import { describe, expect, it } from 'vitest'
import { allowPermission, externalUrl } from './policy.ts'

describe('external links', () => {
  it('passes plain http and https links', () => {
    expect(externalUrl('https://example.org/a?b=c#d')).toBe('https://example.org/a?b=c#d')
    expect(externalUrl('http://example.org')).toBe('http://example.org/')
  })

  it('refuses every other scheme, credentials and non-URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'app://parley/index.html',
      'smb://host/share',
      'ms-settings:',
      'https://user:pass@example.org/',
      'https://user@example.org/',
      '//example.org',
      'example.org',
      '',
    ]) {
      expect(externalUrl(url), url).toBeUndefined()
    }
  })
})

describe('permissions', () => {
  it('grants only clipboard writes, and only to the UI', () => {
    expect(allowPermission('clipboard-sanitized-write', 'app://parley/index.html')).toBe(true)
    expect(allowPermission('clipboard-sanitized-write', 'app://parley')).toBe(true)
    expect(allowPermission('clipboard-sanitized-write', 'https://example.org/')).toBe(false)
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      expect(allowPermission(permission, 'app://parley/'), permission).toBe(false)
    }
  })
})
