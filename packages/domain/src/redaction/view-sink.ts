/** Where decoders write: view characters `replacement` stand for original [start, end). */
export interface ViewSink {
  /** `joins`: whether the change can join or split values (see `NormalizedView.rawScanNeeded`). */
  replace(start: number, end: number, replacement: string, joins: boolean): void
}
