import { main as runMain } from './run';
import { writerTool } from './writer';

/** The `shm-writer` bin's entry point; the build also calls it with several `argv` to warm the code cache. */
export function main(argv?: readonly string[]): Promise<void> {
  return runMain(writerTool, argv);
}
