import { readerTool } from './reader';
import { main as runMain } from './run';

/** The `shm-reader` bin's entry point; the build also calls it with several `argv` to warm the code cache. */
export function main(argv?: readonly string[]): Promise<void> {
  return runMain(readerTool, argv);
}
