import { main as runMain } from './run';
import { writerTool } from './writer';

/** The `shm-writer` bin's entry point. */
export function main(): void {
  runMain(writerTool);
}
