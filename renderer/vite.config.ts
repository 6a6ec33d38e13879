// Builds the UI once for both hosts: browser mode serves it over http from
// 127.0.0.1, the desktop app over its app:// protocol, so every URL is relative.
// Run from the repository root: `vite build --config renderer/vite.config.ts`.
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    // Both hosts forbid inline scripts and styles (CSP), so nothing may be inlined.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2024',
    sourcemap: true,
    // Loaded from disk or loopback, never over a real network: one chunk is fine.
    chunkSizeWarningLimit: 1024,
  },
})
