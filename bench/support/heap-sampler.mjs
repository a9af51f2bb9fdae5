// Preloaded (`node --import`) into a server a benchmark starts, when BENCH_HEAP_PROFILE names a
// file: V8's sampling heap profiler runs for the process's life, keeping the samples of objects
// the GC already collected (short-lived per-call garbage is what a hot path allocates), and the
// profile is written to that file (.heapprofile, opens in Chrome DevTools) when the process exits.
import fs from 'node:fs'
import inspector from 'node:inspector'

const file = process.env.BENCH_HEAP_PROFILE
if (file) {
  const session = new inspector.Session()
  session.connect()
  session.post('HeapProfiler.enable')
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  })
  // A session on the main thread answers synchronously, so this still runs inside 'exit'.
  process.on('exit', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error) console.error(`heap profile: ${error.message}`)
      else fs.writeFileSync(file, JSON.stringify(result.profile))
    })
  })
}
