import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export interface ApiProcess {
  url: string
  pid: number
  close: () => Promise<void>
}

/**
 * Starts the real api (`startApiServer`, port 0, 127.0.0.1) in a child process on `databaseUrl`, so
 * the load generator and the server do not share an event loop (they still share the machine's CPUs).
 */
export async function startApiProcess(
  databaseUrl: string,
  poolMax = 10,
  /** Extra node flags for the child, e.g. `--cpu-prof` to profile the api alone. */
  nodeArgs: readonly string[] = [],
): Promise<ApiProcess> {
  const entry = fileURLToPath(new URL('./api-process.ts', import.meta.url))
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', entry, databaseUrl, String(poolMax)],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  )
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`the api process exited early (code ${code})`)))
  })
  return {
    url,
    pid: child.pid as number,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode != null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
