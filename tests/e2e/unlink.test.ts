import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { bin, cleanUp, run, shmPath, uniqueName } from '../helpers';

const asRoot = process.getuid?.() === 0 ? it : it.skip;

afterEach(cleanUp);

const make = (...names: string[]) => names.forEach((n) => writeFileSync(shmPath(n), 'x'));
const exists = (...names: string[]) => names.map((n) => existsSync(shmPath(n)));

describe('shm-writer --unlink, as ipcrm removes', () => {
  it('removes several names, one line each', () => {
    const [a, b] = [uniqueName('ul'), uniqueName('ul')];
    make(a, b);
    const w = run('shm-writer', ['--unlink', a, `/${b}`]);
    expect([w.status, w.stdout, w.stderr]).toEqual([0, `removed /${a}\nremoved /${b}\n`, '']);
    expect(exists(a, b)).toEqual([false, false]);
  });

  it('matches a quoted pattern against the segments, and removes only those it matches', () => {
    const base = uniqueName('pat');
    const [one, two, other] = [`${base}-1`, `${base}-2`, `${base}-x`];
    make(one, two, other);
    try {
      const w = run('shm-writer', ['--unlink', `${base}-[0-9]`, '--json']);
      expect(w.status).toBe(0);
      expect(JSON.parse(w.stdout)).toEqual({ removed: [`/${one}`, `/${two}`], failed: [], dryRun: false });
      expect(exists(one, two, other)).toEqual([false, false, true]);
    } finally {
      run('shm-writer', ['--unlink', `${base}-*`, '-q']);
    }
    expect(exists(other)).toEqual([false]);
  });

  it('--dry-run says what would go, and removes nothing', () => {
    const base = uniqueName('dry');
    make(`${base}-a`, `${base}-b`);
    try {
      const w = run('shm-writer', ['--unlink', '--dry-run', `${base}-?`]);
      expect([w.status, w.stdout]).toEqual([0, `would remove /${base}-a\nwould remove /${base}-b\n`]);
      expect(exists(`${base}-a`, `${base}-b`)).toEqual([true, true]);
    } finally {
      run('shm-writer', ['--unlink', `${base}-*`, '-q']);
    }
  });

  it('goes on past a name that fails, says which, and exits with its code', () => {
    const [a, missing, b] = [uniqueName('ul'), uniqueName('ul'), uniqueName('ul')];
    make(a, b);
    const w = run('shm-writer', ['--unlink', a, missing, b, '--json']);
    expect(w.status).toBe(3);
    const out = JSON.parse(w.stdout) as { removed: string[]; failed: Array<{ name: string; code: string }> };
    expect(out.removed).toEqual([`/${a}`, `/${b}`]);
    expect(out.failed.map((f) => [f.name, f.code])).toEqual([[`/${missing}`, 'ENOENT']]);
    expect(w.stderr).toBe(`shm-writer: shm_unlink /${missing}: no such file or directory (ENOENT)\n`);
  });

  it.each<[string, string[], number, string]>([
    [
      'a pattern that matches nothing',
      ['--unlink', 'jest-no-such-*'],
      3,
      'shm-writer: no segment matches "jest-no-such-*"; see the segments there are with: shm-reader --list\n',
    ],
    [
      'a bad name among them: nothing removed',
      ['--unlink', 'KEEP', 'a/b'],
      2,
      `shm-writer: invalid segment name "a/b": only a leading '/' is allowed\n`,
    ],
    ['--dry-run without --unlink', ['--dry-run'], 2, 'shm-writer: --dry-run is for --unlink: it says what would be removed\n'],
    [
      'two names without --unlink',
      ['KEEP', 'other'],
      2,
      'shm-writer: one segment name only, not 2: "KEEP" "other" (several with --unlink) (see --help)\n',
    ],
  ])('%s', (_, args, status, stderr) => {
    const keep = uniqueName('keep');
    make(keep);
    const w = run(
      'shm-writer',
      args.map((a) => (a === 'KEEP' ? keep : a)),
    );
    expect([w.status, w.stderr.replace(keep, 'KEEP')]).toEqual([status, stderr]);
    expect(exists(keep)).toEqual([true]);
  });

  it('takes a target that is the exact name of a segment as that segment, and --name never as a pattern', () => {
    const base = uniqueName('lit');
    make(`${base}-[1]`, `${base}-1`);
    try {
      expect(run('shm-writer', ['--unlink', `${base}-[1]`]).stdout).toBe(`removed /${base}-[1]\n`);
      expect(exists(`${base}-1`)).toEqual([true]);
      make(`${base}-*`);
      expect(run('shm-writer', ['--unlink', '--name', `${base}-*`]).stdout).toBe(`removed /${base}-*\n`);
      expect(exists(`${base}-1`)).toEqual([true]);
    } finally {
      run('shm-writer', ['--unlink', `${base}-*`, '-q']);
    }
  });

  it('leaves hidden segments to patterns that start with a dot, and says each failure once', () => {
    const base = uniqueName('dot');
    make(`.${base}`, base);
    try {
      const w = run('shm-writer', ['--unlink', '--dry-run', `*${base.slice(1)}`]);
      expect(w.stdout).toBe(`would remove /${base}\n`);
      expect(run('shm-writer', ['--unlink', '--dry-run', `.*${base.slice(1)}`]).stdout).toBe(`would remove /.${base}\n`);
      const missing = uniqueName('dot');
      expect(run('shm-writer', ['--unlink', missing, missing, '-q']).stderr.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      rmSync(shmPath(`.${base}`), { force: true });
    }
  });

  it('removes a segment whose name is not UTF-8, and prints names with their control characters escaped', () => {
    const base = uniqueName('odd');
    const odd = Buffer.concat([Buffer.from(shmPath(base)), Buffer.from([0xff, 0x1b])]);
    writeFileSync(odd, 'x');
    try {
      const w = run('shm-writer', ['--unlink', `${base}*`]);
      expect([w.status, w.stdout, w.stderr]).toEqual([0, `removed /${base}\\xff\\u001b\n`, '']);
      expect(existsSync(odd)).toBe(false);
    } finally {
      rmSync(odd, { force: true });
    }
  });

  asRoot("--dry-run says what the real run would refuse: another user cannot remove root's segment", () => {
    const name = uniqueName('perm');
    make(name);
    const asNobody = (args: string[]) =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin('shm-writer'), ...args], {
        encoding: 'utf8',
      });
    const dry = asNobody(['--unlink', '--dry-run', name]);
    const real = asNobody(['--unlink', name]);
    expect([dry.status, dry.stdout]).toEqual([4, '']);
    expect(dry.stderr).toBe(real.stderr);
    expect(real.status).toBe(4);
    expect(exists(name)).toEqual([true]);
  });
});
