// Entry of a redaction worker thread. Plain JavaScript so node can start it without a loader; it
// registers tsx (the api runs from TypeScript sources) and loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./redaction-worker.ts')
