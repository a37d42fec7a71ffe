import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers';

// What a signal does to work that must not be cut in two: it waits for the work, then ends the
// process as it would have. Run in a child process, as the signal ends it.
describe('uninterrupted', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('holds %s back until the work is done, then raises it', (signal) => {
    const script = `const { uninterrupted } = require(${JSON.stringify(join(ROOT, 'dist/cli/run.js'))});
      const done = uninterrupted(() => { process.kill(process.pid, '${signal}'); for (let i = 0; i < 1e6; i++); process.stdout.write('work done\\n'); return 1; });
      process.stdout.write('after ' + done + '\\n');
      setTimeout(() => process.stdout.write('not ended\\n'), 1000);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stdout.startsWith('work done\n')).toBe(true);
    expect(r.stdout).not.toContain('not ended');
    expect(r.signal).toBe(signal);
  });
});
