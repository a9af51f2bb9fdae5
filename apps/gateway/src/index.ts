export { ConfigError, gatewayOptionsFromEnv } from './config'
export { DEFAULT_UPSTREAMS, type Gateway, type GatewayOptions, startGateway } from './server'
