/** The library behind shm-writer and shm-reader: segments, record layouts and typed errors. */
export { ShmError, type ToolCode } from './errors';
export { MY_DATA, defineLayout, decodeRecord, encodeRecord, fieldOf, type Field, type FieldType, type Layout, type RecordValues } from './codec';
export { Segment, type CreatePolicy, type OpenOptions } from './segment';
export { readRecords, writeRecord, recordOffset, type ReadOptions, type RecordBatch, type WriteOptions, type WriteResult } from './records';
export { parseCount, parseIndex, parseMode, parseName, parseSize, parseValue } from './parse';
