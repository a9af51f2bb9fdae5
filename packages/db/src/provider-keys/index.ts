export * from './gateway-token'
export {
  deriveKey,
  loadMasterKey,
  MasterKeyError,
  parseMasterKey,
  SECRET_KEY_FILE,
  sharedMasterKey,
} from './master-key'
export * from './provider-key-text'
export * from './provider-keys'
export { SecretUnreadableError } from './seal'
