export { ensureUsageLogPartitions, type PartitionRun, partitionNames } from './ensure-usage-log-partitions'
export {
  DEFAULT_PARTITION,
  type MonthPartition,
  monthPartition,
  monthsBetween,
  monthsFrom,
} from './month-partition'
export { recentWindows } from './recent-windows'
