// Preloaded (`node --import`) into a server a benchmark starts with an IPC channel: answers
// `cpu-usage` with the process's CPU time (µs), its GC count and the bytes it allocated on the V8
// heap so far, so the benchmark can report the server's own cost per call, figures that do not
// depend on how busy the machine is. Allocated bytes = heap in use now − heap in use at start +
// what every GC freed (v8.GCProfiler); Buffer contents live outside the V8 heap and are not counted.
import { PerformanceObserver } from 'node:perf_hooks'
import v8 from 'node:v8'

if (process.send) {
  let gcs = 0
  new PerformanceObserver((list) => {
    gcs += list.getEntries().length
  }).observe({ entryTypes: ['gc'] })
  const heapAtStart = v8.getHeapStatistics().used_heap_size
  let freed = 0
  let profiler = new v8.GCProfiler()
  profiler.start()
  process.on('message', (message) => {
    if (message !== 'cpu-usage') return
    for (const gc of profiler.stop()?.statistics ?? [])
      freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize
    profiler = new v8.GCProfiler()
    profiler.start()
    const allocatedBytes = v8.getHeapStatistics().used_heap_size - heapAtStart + freed
    process.send({ cpuUsage: process.cpuUsage(), gcs, allocatedBytes })
  })
}
