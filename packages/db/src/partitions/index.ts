export { ensureUsageLogPartitions, type PartitionRun, partitionNames } from './ensure-usage-log-partitions'
export { DEFAULT_PARTITION, type MonthPartition, monthPartition, monthsFrom } from './month-partition'
