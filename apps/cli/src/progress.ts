/**
 * Progress of a long command (a backfill over many days), on stderr: a redrawn bar on a terminal,
 * one plain line per step otherwise (logs, CI, pipes).
 */
export interface Progress {
  /** One step done; `detail` says what it did. */
  step: (label: string, detail: string) => void
  /** Closes the bar (a no-op for plain lines). */
  finish: () => void
}

export interface ProgressStream {
  write: (text: string) => unknown
  isTTY?: boolean
  columns?: number
}

export function createProgress(
  total: number,
  stream: ProgressStream = process.stderr,
  clock: () => number = () => performance.now(),
): Progress {
  const startedAt = clock()
  let done = 0
  if (!stream.isTTY) {
    const width = String(total).length
    return {
      step(label, detail) {
        done++
        stream.write(`[${String(done).padStart(width)}/${total}] ${label}: ${detail}\n`)
      },
      finish() {},
    }
  }
  let drawn = false
  return {
    step(label) {
      done++
      const elapsed = clock() - startedAt
      const eta = done < total ? ` eta ${formatDuration((elapsed / done) * (total - done))}` : ''
      const columns = stream.columns || 80
      const text = ` ${done}/${total} ${label}${eta}`
      const barWidth = Math.max(10, Math.min(40, columns - text.length - 3))
      const filled = Math.round((done / total) * barWidth)
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${text}\u001b[K`)
      drawn = true
    },
    finish() {
      if (drawn) stream.write('\n')
    },
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
}
