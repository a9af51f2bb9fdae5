export { ALERT_CRONTAB, ALERT_TASK_NAMES } from './alert-tasks'
export {
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from './alerts/sign-webhook'
export { buildCronItems, CRONTAB } from './crontab'
export { createPartitionTaskList, PARTITION_CRONTAB, PARTITION_TASK_NAMES } from './partition-tasks'
export { createPriceTaskList, PRICE_CRONTAB, PRICE_TASK_NAMES } from './price-tasks'
export { createRepriceTaskList, REPRICE_TASK_NAME, watchRepriceRuns } from './reprice-task'
export { planDaily, planMonthly, planReset } from './targets'
export { createTaskList, TASK_NAMES, type TaskContext } from './tasks'
export { startWorker, TASKS, type TokenledgerWorker, type WorkerOptions } from './worker'
export { resolveTimeZone } from './zone'
