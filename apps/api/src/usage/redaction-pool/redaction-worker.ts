import { parentPort } from 'node:worker_threads'
import { redact } from '@tokenledger/domain'
import { configureRedactionFromEnv } from '../redaction-settings'
import type { RedactionJob, RedactionReply } from './messages'

// Redacts each job's texts and answers with the results (or the error) under the job's id.
const port = parentPort
if (!port) throw new Error('redaction-worker.ts runs as a worker thread')
// A worker thread has its own copy of the domain's settings: apply them here too.
configureRedactionFromEnv()
port.on('message', (job: RedactionJob) => {
  let reply: RedactionReply
  try {
    reply = { id: job.id, results: job.texts.map(redact) }
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) }
  }
  port.postMessage(reply)
})
