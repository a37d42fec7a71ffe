/** The library behind shm-writer and shm-reader: typed records in POSIX shared memory. */
export { ShmError, type ErrorDetails, type Reason, type ToolCode } from './model/errors';
export { SCALAR_TYPES, type FloatType, type IntType, type NumericType, type ScalarType } from './model/scalars';
export {
  MY_DATA,
  defineLayout,
  layout,
  type Field,
  type FieldKind,
  type FieldType,
  type Layout,
  type RecordInput,
  type RecordOf,
  type RecordValues,
  type TypedLayout,
  type Value,
  type ValueOf,
} from './model/layout';
export {
  layoutFromJson,
  layoutSpec,
  parseLayout,
  parseStoredLayout,
  sameLayout,
  storedLayoutText,
  type LayoutFile,
} from './model/layout-spec';
export { decodeRecord, encodeRecord } from './model/codec';
export { checkRecord, checkValue, fieldOf } from './model/values';
export { MAX_BYTES, NAME_MAX, parseName, parseSize, recordOffset } from './model/limits';
export { Segment, type CreatePolicy, type LockKind, type OpenOptions } from './shm/segment';
export { SHM_DIR } from './shm/shm-file';
export { LAYOUT_ATTRIBUTE } from './shm/layout-attribute';
export type { AttributeWrite } from './shm/libc';
export { writeRecord, type WriteOptions, type WriteResult } from './store/write-record';
export { readRecords, streamRecords, type RawBatch, type ReadOptions, type RecordBatch } from './store/read';
export { writeChunks, type BulkOptions, type BulkResult, type RecordChunk } from './store/bulk';
export { watchRecords, type Changes, type WatchOptions } from './store/watch';
export { listSegments, segmentInfo, shmSpace, type SegmentInfo, type ShmSpace } from './store/info';
export { removeSegments, type Removal, type RemoveOptions } from './store/remove';
export { SharedRecords, type SharedRecordsOptions } from './store/shared-records';
export {
  checkLayoutAgrees,
  describeSegment,
  lockedLayout,
  segmentLayout,
  type LayoutWrite,
  type LayoutSource,
  type SegmentLayout,
} from './store/segment-layout';
