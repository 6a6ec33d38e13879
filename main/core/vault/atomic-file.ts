// Replacing a small file so that a crash at any moment leaves either the old file
// or the new one, complete: write a temporary file, flush it to disk, rename it
// over the old one, then flush the directory so the rename itself is durable.
import { open, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { pauseForTest } from './test-pause.ts'

export async function replaceFile(path: string, data: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp`)
  const file = await open(tmp, 'w', mode)
  try {
    await file.writeFile(data)
    await file.sync()
  } finally {
    await file.close()
  }
  await pauseForTest(`before-rename:${basename(path)}`)
  await rename(tmp, path)
  await syncDirectory(dirname(path))
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory to flush it; NTFS journals the rename itself.
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
