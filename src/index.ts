/** The library behind shm-writer and shm-reader: segments, record layouts and typed errors. */
export { ShmError, type ToolCode } from './errors';
export { decodeRecord, encodeRecord, fieldOf } from './codec';
export { MY_DATA, defineLayout, parseLayout, type Field, type FieldType, type Layout, type LayoutFile, type RecordValues, type Value } from './layout';
export { Segment, type CreatePolicy, type OpenOptions } from './segment';
export { readRecords, writeRecord, recordOffset, type ReadOptions, type RecordBatch, type WriteOptions, type WriteResult } from './records';
export { parseCount, parseIndex, parseMode, parseName, parseSize } from './parse';
