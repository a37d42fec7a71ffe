import { readerTool } from './reader';
import { main as runMain } from './run';

/** The `shm-reader` bin's entry point. */
export function main(): void {
  runMain(readerTool);
}
