// Bundles Parley's Node code with esbuild; the UI is built apart, by vite.
//   dist/node/      the programs people run: host.mjs (browser mode), cli.mjs (the
//                   terminal client), relay.mjs (the relay), and the chunks they share
//   dist/electron/  the desktop app: main.mjs (main process, ESM), preload.cjs (the
//                   sandboxed preload: CommonJS, only `electron` may be required),
//                   core.mjs (the core's utility process, ESM)
// `node main/build.ts [node|electron]` (npm run build:node, build:electron; both
// by default). Every output sits two folders below the package root, as the code
// bundled into it expects: browser mode finds the UI at ../../dist/renderer from
// its own URL, and @achingbrain/ssdp (UPnP) requires ../../package.json.

import { realpathSync } from 'node:fs'
import { access, readdir, readFile, rm } from 'node:fs/promises'
import { builtinModules, createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BuildOptions, build, type Plugin } from 'esbuild'

/**
 * Left to node_modules at run time, where they find their native parts: sharp
 * requires its platform's @img/sharp-* package, whose addon loads libvips from
 * @img/sharp-libvips-* beside it; node-datachannel (WebRTC) requires its
 * platform's @node-datachannel/* by name. Both load only when first used.
 */
export const CORE_EXTERNALS = ['sharp', 'node-datachannel']

/**
 * Bundled, although their addon stays in node_modules: the core loads them before
 * it opens a profile, and Node's loader took some 60 ms of every start to resolve,
 * read and link libsignal-client's hundred-odd modules. Each finds its prebuilt
 * addon with node-gyp-build (prebuilds/<platform>-<arch>/ in its package), from a
 * folder given in the expression named here, which the build points at the
 * package as installed.
 */
const ADDON_LOADERS: Record<string, { file: string; finds: string; call: string }> = {
  '@signalapp/libsignal-client': {
    file: 'dist/Native.js',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the package's source text, as it is
    finds: 'load(`${import.meta.dirname}/../`)',
    call: 'load',
  },
  'classic-level': {
    file: 'binding.js',
    finds: "require('node-gyp-build')(__dirname)",
    call: "require('node-gyp-build')",
  },
}

/** Packages bundled whose addon the bundles find at run time (require.resolve). */
export const ADDON_PACKAGES = Object.keys(ADDON_LOADERS)

const addonLoaders: Plugin = {
  name: 'addon-loaders',
  setup(b) {
    // Where each package is installed, as esbuild sees it (symbolic links resolved).
    const require = createRequire(join(root, 'package.json'))
    const byPath = new Map(
      Object.entries(ADDON_LOADERS).map(([name, l]) => [
        join(dirname(realpathSync(require.resolve(`${name}/package.json`))), l.file),
        { name, ...l },
      ]),
    )
    const files = [...new Set(Object.values(ADDON_LOADERS).map((l) => basename(l.file)))]
    const filter = new RegExp(`[\\\\/](${files.join('|').replaceAll('.', '\\.')})$`)
    b.onStart(async () => {
      for (const [path, { name, file }] of byPath) {
        await access(path).catch(() => {
          throw new Error(`${name} has no ${file}: where does it load its addon now?`)
        })
      }
    })
    b.onLoad({ filter }, async (args) => {
      const loader = byPath.get(args.path)
      if (!loader) {
        // Another copy of one of them (nested, or linked): left as it is, it would look
        // for its addon beside the bundle.
        const other = Object.entries(ADDON_LOADERS).find(([name, l]) =>
          args.path.replaceAll('\\', '/').endsWith(`/node_modules/${name}/${l.file}`),
        )
        if (other) throw new Error(`a second copy of ${other[0]} at ${args.path}`)
        return undefined
      }
      const code = await readFile(args.path, 'utf8')
      if (!code.includes(loader.finds)) {
        throw new Error(
          `${loader.name}: ${loader.file} no longer loads its addon with ${loader.finds}`,
        )
      }
      // The banner's `require` resolves from the bundle, as an import of the package would.
      const dir = `require('node:path').dirname(require.resolve(${JSON.stringify(`${loader.name}/package.json`)}))`
      return { contents: code.replace(loader.finds, `${loader.call}(${dir})`), loader: 'js' }
    })
  },
}

/** The programs, by the name of their bundle in dist/node. */
export const PROGRAMS = {
  host: 'main/browser/host.ts',
  cli: 'main/cli.ts',
  relay: 'relay/cli.ts',
} as const

export type Program = keyof typeof PROGRAMS

const root = fileURLToPath(new URL('..', import.meta.url))

/** Where a program's bundle is (it exists once built). */
export function programPath(name: Program, outdir = join(root, 'dist/node')): string {
  return join(outdir, `${name}.mjs`)
}

const common: BuildOptions = { bundle: true, logLevel: 'warning', legalComments: 'none' }

/** An ES module for Node (or Electron's Node). */
const nodeModule: BuildOptions = {
  ...common,
  platform: 'node',
  target: 'node24', // Electron 45's Node too
  format: 'esm',
  outExtension: { '.js': '.mjs' },
}

/** A module running the core (or the relay): it loads the native addons from node_modules. */
const withAddons: BuildOptions = {
  ...nodeModule,
  external: CORE_EXTERNALS,
  // Bundled CommonJS dependencies (ws, multicast-dns, level) require() Node
  // built-ins and the externals; an ES module has no `require`, so give it one.
  banner: {
    js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);",
  },
}

/**
 * Each program's entry file is a launcher: it turns on Node's compile cache, then
 * imports the program, which code splitting puts in a chunk of its own. The cache
 * (in the OS's temporary folder, or NODE_COMPILE_CACHE) keeps V8's compiled code,
 * so every start after a build's first skips parsing the megabytes of the bundle.
 */
const launchers: Plugin = {
  name: 'launchers',
  setup(b) {
    b.onResolve({ filter: /^launch:/ }, (args) => ({
      path: args.path.slice('launch:'.length),
      namespace: 'launch',
    }))
    b.onLoad({ filter: /.*/, namespace: 'launch' }, (args) => ({
      contents: [
        "import { enableCompileCache, flushCompileCache } from 'node:module'",
        'enableCompileCache()',
        `await import(${JSON.stringify(`./${args.path}`)})`,
        // Written now rather than at exit, which a killed process never reaches.
        'flushCompileCache()',
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    }))
  },
}

/**
 * Bundled code gets Node's built-in modules through require(). Node makes an ES
 * module facade of each one imported, reading every export: node:http's include
 * WebSocket, which loads undici, and node:assert's load its diff printer, some
 * 50 ms of every start. Imports of a built-in resolve to a CommonJS module that
 * requires it (with the banner's `require`), which esbuild's interop exports by name.
 */
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(b) {
    const names = builtinModules.map((m) => m.replace(/^node:/, '').replace(/[/]/g, '\\/'))
    const filter = new RegExp(`^(node:)?(${names.join('|')})$`)
    b.onResolve({ filter }, (args) =>
      args.kind === 'require-call'
        ? undefined
        : { path: args.path, namespace: 'builtin-by-require' },
    )
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/** Builds the programs into `outdir` (dist/node), and removes the chunks of earlier builds. */
export async function buildPrograms(outdir = join(root, 'dist/node')): Promise<void> {
  const { metafile } = await build({
    ...withAddons,
    entryPoints: Object.fromEntries(
      Object.entries(PROGRAMS).map(([name, source]) => [name, `launch:${source}`]),
    ),
    // Modules the programs import lazily (import()) load only when first used.
    splitting: true,
    plugins: [launchers, builtinsByRequire, addonLoaders],
    outdir,
    absWorkingDir: root,
    metafile: true,
  })
  const written = new Set(Object.keys(metafile.outputs).map((file) => join(root, file)))
  for (const file of await readdir(outdir)) {
    if (!written.has(join(outdir, file))) await rm(join(outdir, file), { force: true })
  }
}

/** Builds the desktop app into `outdir` (dist/electron). */
export async function buildElectron(outdir = join(root, 'dist/electron')): Promise<void> {
  const here = (path: string) => join(root, 'main/electron', path)
  await Promise.all([
    build({
      ...nodeModule,
      entryPoints: { main: here('main.ts') },
      external: ['electron'],
      outdir,
    }),
    build({
      ...withAddons,
      entryPoints: { core: here('core-process.ts') },
      external: ['electron', ...CORE_EXTERNALS],
      plugins: [builtinsByRequire, addonLoaders],
      outdir,
    }),
    build({
      ...common,
      // Sandboxed preloads have no Node: `browser` makes any Node import a build error.
      platform: 'browser',
      target: 'chrome140',
      format: 'cjs',
      entryPoints: { preload: here('preload.ts') },
      outExtension: { '.js': '.cjs' },
      external: ['electron'],
      outdir,
    }),
  ])
}

const targets = { node: buildPrograms, electron: buildElectron }

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const asked = process.argv.slice(2)
  const unknown = asked.filter((t) => !(t in targets))
  if (unknown.length > 0) {
    console.error(`usage: node main/build.ts [${Object.keys(targets).join('|')}]...`)
    process.exit(2)
  }
  const chosen = asked.length > 0 ? asked : Object.keys(targets)
  await Promise.all(chosen.map((t) => targets[t as keyof typeof targets]()))
}
