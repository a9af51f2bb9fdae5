export { type ApiServer, createApiHandler, MAX_BODY_BYTES, type ServerDeps, startApiServer } from './server'
export { configureRedactionFromEnv } from './usage/redaction-settings'
