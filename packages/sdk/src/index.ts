export { type ClientOptions, createClient, type TokenledgerClient } from './client'
