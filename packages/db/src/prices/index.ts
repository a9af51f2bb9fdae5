export * from './custom-price-cache'
export * from './custom-prices'
