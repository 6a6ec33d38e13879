import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CSP, isAppUrl, resolveAppPath, serveAppRequest } from './app-protocol.ts'

let parent: string
let root: string

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'parley-app-protocol-'))
  root = join(parent, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<div id="root"></div>')
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(parent, 'secret.txt'), 'not for the UI')
})

afterAll(() => rm(parent, { recursive: true, force: true }))

describe('app:// protocol', () => {
  it('knows its own origin', () => {
    expect(isAppUrl('app://parley/index.html')).toBe(true)
    expect(isAppUrl('app://parley')).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('app://parley.evil/')).toBe(false)
    expect(isAppUrl('https://parley/')).toBe(false)
    expect(isAppUrl('file:///etc/passwd')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })

  it('maps paths into the renderer directory, the root to index.html', () => {
    expect(resolveAppPath(root, 'app://parley/')).toBe(join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://parley/assets/app.js?v=1#x')).toBe(
      join(root, 'assets', 'app.js'),
    )
  })

  it('refuses anything outside the renderer directory or on another origin', () => {
    for (const url of [
      'app://parley/..%2Fsecret.txt',
      'app://parley/assets/..%2F..%2Fsecret.txt',
      'app://parley/..%5Csecret.txt',
      'app://parley/index.html%00.png',
      'app://parley/%E0%A4%A',
      'app://elsewhere/index.html',
    ]) {
      expect(resolveAppPath(root, url), url).toBeUndefined()
    }
    // The URL parser already folds these back inside; they stay there.
    expect(resolveAppPath(root, 'app://parley/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'))
    expect(resolveAppPath(root, 'app://parley/%2Fetc%2Fpasswd')).toBe(join(root, 'etc', 'passwd'))
  })

  it('serves files with their type, and the CSP on every response', async () => {
    const page = await serveAppRequest(root, 'app://parley/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('content-security-policy')).toBe(CSP)
    expect(await page.text()).toContain('id="root"')

    const script = await serveAppRequest(root, 'app://parley/assets/app.js')
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)

    for (const url of [
      'app://parley/missing.js',
      'app://parley/assets',
      'app://parley/..%2Fsecret.txt',
    ]) {
      const res = await serveAppRequest(root, url)
      expect(res.status, url).toBe(404)
      expect(res.headers.get('content-security-policy')).toBe(CSP)
    }
  })

  it('has the CSP the brief asks for, with nothing inline or remote', () => {
    expect(CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'",
    )
  })
})
