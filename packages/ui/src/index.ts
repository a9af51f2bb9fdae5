export * from './budget-override-modal'
