// Preloaded (`node --import`) into a server a benchmark starts with an IPC channel: answers
// `cpu-usage` with the process's CPU time (µs) and its GC count, so the benchmark can report
// the server's own CPU per call, a figure that does not depend on how busy the machine is.
import { PerformanceObserver } from 'node:perf_hooks'

if (process.send) {
  let gcs = 0
  new PerformanceObserver((list) => {
    gcs += list.getEntries().length
  }).observe({ entryTypes: ['gc'] })
  process.on('message', (message) => {
    if (message === 'cpu-usage') process.send({ cpuUsage: process.cpuUsage(), gcs })
  })
}
