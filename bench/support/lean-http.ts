import net from 'node:net'

/** One answer as the lean client saw it: status, the raw header block (lower-cased) and the time. */
export interface LeanResponse {
  status: number
  /** The response's header block, lower-cased, for the few headers a benchmark reads. */
  head: string
  ms: number
}

/**
 * A request prepared once as bytes (request line, headers, body): a benchmark sends the same
 * request many times, and building it per call would charge the load generator's CPU to the run.
 */
export function requestBytes(url: string, headers: Record<string, string>, body: string): Buffer {
  const { host, pathname, search } = new URL(url)
  const payload = Buffer.from(body)
  const lines = [
    `POST ${pathname}${search} HTTP/1.1`,
    `host: ${host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'content-type: application/json',
    `content-length: ${payload.length}`,
  ]
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload])
}

const HEAD_END = Buffer.from('\r\n\r\n')
const CRLF = Buffer.from('\r\n')

/**
 * A keep-alive HTTP/1.1 connection that sends one request at a time and reads just enough of the
 * answer to know where it ends (content-length or chunked framing): a load generator that spends
 * little CPU, so that on a small machine it takes as few cycles as possible from the server it
 * measures. Both sides of a comparison use it alike.
 */
export class LeanConnection {
  private buffer: Buffer = Buffer.alloc(0)
  private pending:
    | { resolve: (r: LeanResponse) => void; reject: (e: Error) => void; started: number }
    | undefined
  private head: { status: number; head: string; length: number | 'chunked' } | undefined
  /** False once the socket closed (a server drops idle keep-alive connections after a while). */
  open = true

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (error) => this.fail(error))
    socket.on('close', () => {
      this.open = false
      this.fail(new Error('the server closed the connection'))
    })
  }

  static open(url: string): Promise<LeanConnection> {
    const { hostname, port } = new URL(url)
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.off('error', reject)
        resolve(new LeanConnection(socket))
      })
      socket.once('error', reject)
    })
  }

  /** Sends the request and resolves once the whole answer (every streamed chunk) has arrived. */
  send(request: Buffer): Promise<LeanResponse> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'))
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, started: performance.now() }
      this.socket.write(request)
    })
  }

  close(): void {
    this.open = false
    this.socket.removeAllListeners('close')
    this.socket.end()
  }

  private fail(error: Error): void {
    const pending = this.pending
    this.pending = undefined
    pending?.reject(error)
  }

  private onData(chunk: Buffer): void {
    try {
      this.read(chunk)
    } catch (error) {
      this.fail(error as Error)
      this.socket.destroy()
    }
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk
    if (!this.head) {
      const end = this.buffer.indexOf(HEAD_END)
      if (end < 0) return
      const head = this.buffer.toString('latin1', 0, end).toLowerCase()
      this.buffer = this.buffer.subarray(end + HEAD_END.length)
      this.head = { status: Number(head.slice(9, 12)), head, length: bodyLength(head) }
    }
    const consumed = this.head.length === 'chunked' ? chunkedEnd(this.buffer) : this.head.length
    if (consumed < 0 || consumed > this.buffer.length) return
    this.buffer = this.buffer.subarray(consumed)
    const { status, head } = this.head
    this.head = undefined
    const pending = this.pending
    this.pending = undefined
    pending?.resolve({ status, head, ms: performance.now() - (pending.started as number) })
  }
}

/** The value of a (lower-case) header in a lower-cased header block, or undefined. */
export function headerValue(head: string, name: string): string | undefined {
  const at = head.indexOf(`\r\n${name}:`)
  if (at < 0) return undefined
  const start = at + name.length + 3
  const end = head.indexOf('\r\n', start)
  return head.slice(start, end < 0 ? undefined : end).trim()
}

function bodyLength(head: string): number | 'chunked' {
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) return 'chunked'
  const length = headerValue(head, 'content-length')
  if (length === undefined) throw new Error('an answer without content-length or chunked framing')
  return Number(length)
}

/** Where a complete chunked body ends in `buffer` (after `0\r\n\r\n`), or -1 while incomplete. */
export function chunkedEnd(buffer: Buffer): number {
  let at = 0
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at)
    if (lineEnd < 0) return -1
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16)
    if (Number.isNaN(size)) throw new Error('a malformed chunk size')
    if (size === 0) {
      // No trailers in these benchmarks: the last chunk is `0\r\n\r\n`.
      return buffer.length >= lineEnd + 4 ? lineEnd + 4 : -1
    }
    at = lineEnd + 2 + size + 2
    if (at > buffer.length) return -1
  }
}

/**
 * Keep-alive connections per URL origin, reused from run to run so that connection set-up (accept,
 * close) is not charged to every short run; connections the server closed meanwhile are replaced.
 */
export class LeanPool {
  private readonly idle = new Map<string, LeanConnection[]>()

  /** `count` open connections to the origin of `url`, for one run; give them back with `release`. */
  async take(url: string, count: number): Promise<LeanConnection[]> {
    const { origin } = new URL(url)
    const reused = (this.idle.get(origin) ?? []).filter((c) => c.open)
    const taken = reused.splice(0, count)
    this.idle.set(origin, reused)
    const fresh = await Promise.all(
      Array.from({ length: count - taken.length }, () => LeanConnection.open(url)),
    )
    return [...taken, ...fresh]
  }

  release(url: string, connections: LeanConnection[]): void {
    const { origin } = new URL(url)
    this.idle.set(origin, [...(this.idle.get(origin) ?? []), ...connections.filter((c) => c.open)])
  }

  close(): void {
    for (const connections of this.idle.values()) for (const c of connections) c.close()
    this.idle.clear()
  }
}
