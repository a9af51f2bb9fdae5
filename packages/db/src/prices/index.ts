export * from './custom-prices'
