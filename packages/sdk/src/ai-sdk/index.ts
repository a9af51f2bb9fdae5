// The Vercel AI SDK integration. Not re-exported from the package root, so that importing the
// client never loads `ai`; a later release gives it the subpath `@tokenledger/sdk/ai-sdk`.
export { aiSdkUsage } from './ai-sdk-usage'
export {
  type MiddlewareBudget,
  type MiddlewareHost,
  type TokenledgerMiddlewareOptions,
  tokenledgerMiddleware,
} from './tokenledger-middleware'
