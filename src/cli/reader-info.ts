import type { Layout } from '../model/layout';
import { listSegments, type SegmentInfo } from '../store/info';
import { toJson } from '../text/json';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { dateTime, humanBytes, octalMode, permissions, safe, table } from './render';
import { styleFor, useColor } from './style';

/** The flags that shape `--info` and `--list`. */
interface InfoFlags {
  readonly json?: boolean;
  readonly color: boolean;
}

const INFO_HEADER = ['NAME', 'SIZE', 'USED', 'MODE', 'OWNER', 'GROUP', 'MODIFIED', 'RECORDS'];

function infoJson(i: SegmentInfo): string {
  const { name, size, allocated, uid, user, gid, group, records, recordSize } = i;
  return toJson({
    name,
    size,
    allocated,
    mode: octalMode(i.mode),
    uid,
    user,
    gid,
    group,
    modified: i.modified.toISOString(),
    changed: i.changed.toISOString(),
    records,
    recordSize,
  });
}

function infoRow(i: SegmentInfo): string[] {
  return [
    safe(i.name),
    humanBytes(i.size),
    humanBytes(i.allocated),
    `${octalMode(i.mode)} ${permissions(i.mode)}`,
    i.user ?? String(i.uid),
    i.group ?? String(i.gid),
    dateTime(i.modified),
    String(i.records),
  ];
}

/** `--info`: one segment described. */
export function info(i: SegmentInfo, layout: Layout, flags: InfoFlags, io: Io): number {
  if (flags.json) {
    io.out(`${infoJson(i)}\n`);
    return EXIT.OK;
  }
  const style = styleFor(useColor(io.stdoutIsTTY(), flags.color, io.env));
  const row = infoRow(i);
  const lines = [
    style.name(safe(i.name)),
    `  size      ${row[1]} (${i.size} bytes)`,
    `  occupies  ${row[2]} in /dev/shm`,
    `  mode      ${row[3]}`,
    `  owner     ${row[4]} (${i.uid}), group ${row[5]} (${i.gid})`,
    `  modified  ${row[6]}`,
    `  records   ${i.records} whole ${layout.size}-byte ${layout.name} records`,
  ];
  io.out(`${lines.join('\n')}\n`);
  return EXIT.OK;
}

/** `--list`: every segment described. */
export function list(layout: Layout, flags: InfoFlags, io: Io): number {
  const segments = listSegments(layout);
  if (flags.json) io.out(`[${segments.map(infoJson).join(',')}]\n`);
  else {
    const width = io.stdoutIsTTY() ? io.columns() || 80 : Infinity;
    io.out(`${table(INFO_HEADER, segments.map(infoRow), width)}\n`);
  }
  return EXIT.OK;
}
