// Bundles the desktop app's three entry points into dist/electron:
//   main.mjs     the main process (ESM)
//   preload.cjs  the sandboxed preload: CommonJS, only `electron` may be required
//   core.mjs     the core's utility process (ESM)
// `npm run build:electron` (tsx main/electron/build.ts). The UI is built apart, by vite.
import { fileURLToPath } from 'node:url'
import { type BuildOptions, build } from 'esbuild'

/**
 * Left to node_modules at run time: native addons, which cannot be inlined.
 * classic-level's node-gyp-build finds them next to its own package.json
 * (prebuilds/<platform>-<arch>/); sharp requires its platform's @img/sharp-*
 * package, whose addon loads libvips from @img/sharp-libvips-* beside it;
 * node-datachannel (WebRTC) requires its platform's @node-datachannel/* by name;
 * libsignal-client loads prebuilds/<platform>-<arch>/ next to its own package.json.
 * Everything else is bundled.
 */
export const CORE_EXTERNALS = [
  'classic-level',
  'sharp',
  'node-datachannel',
  '@signalapp/libsignal-client',
]

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export async function buildElectron(outdir = here('../../dist/electron')): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node24', // Electron 45's Node
    external: ['electron'],
    logLevel: 'warning',
    legalComments: 'none',
  }
  const esm: BuildOptions = { ...common, format: 'esm', outExtension: { '.js': '.mjs' } }
  await Promise.all([
    build({ ...esm, entryPoints: { main: here('main.ts') }, outdir }),
    build({
      ...esm,
      entryPoints: { core: here('core-process.ts') },
      outdir,
      external: ['electron', ...CORE_EXTERNALS],
      // Bundled CommonJS dependencies (ws, multicast-dns, level) require() Node
      // built-ins and the externals; an ES module has no `require`, so give it one.
      banner: {
        js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);",
      },
    }),
    build({
      ...common,
      // Sandboxed preloads have no Node: `browser` makes any Node import a build error.
      platform: 'browser',
      target: 'chrome140',
      format: 'cjs',
      entryPoints: { preload: here('preload.ts') },
      outExtension: { '.js': '.cjs' },
      outdir,
    }),
  ])
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildElectron()
  console.log('built dist/electron')
}
