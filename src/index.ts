/** The library behind shm-writer and shm-reader: typed records in POSIX shared memory. */
export { SharedRecords, type SharedRecordsOptions } from './shared-records';
export { ShmError, type ToolCode } from './errors';
export {
  MY_DATA,
  defineLayout,
  layout,
  parseLayout,
  type Field,
  type FieldType,
  type Layout,
  type LayoutFile,
  type RecordOf,
  type RecordValues,
  type TypedLayout,
  type Value,
  type ValueOf,
} from './layout';
export { decodeRecord, encodeRecord, fieldOf } from './codec';
export { Segment, type CreatePolicy, type OpenOptions } from './segment';
export { readRecords, streamRecords, writeRecord, type RawBatch, type ReadOptions, type RecordBatch, type WriteOptions, type WriteResult } from './records';
export { writeLines, type WriteLinesOptions, type WriteLinesResult } from './bulk';
export { parseCount, parseIndex, parseMode, parseName, parseSize } from './parse';
