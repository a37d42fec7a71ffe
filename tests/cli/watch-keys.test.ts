import fc from 'fast-check';
import { keyActions, type KeyAction } from '../../src/cli/watch-keys';

const ACTIONS: KeyAction[] = ['up', 'down', 'page-up', 'page-down', 'home', 'end', 'follow', 'quit', 'suspend'];

describe('keyActions', () => {
  it.each<[string, KeyAction[]]>([
    ['q', ['quit']],
    ['\x03', ['quit']],
    ['\x1a', ['suspend']],
    ['\x1b[A\x1bOB', ['up', 'down']],
    ['\x1b[5~\x1b[6~', ['page-up', 'page-down']],
    ['\x1b[H\x1b[F\x1b[1~\x1b[4~', ['home', 'end', 'home', 'end']],
    ['kjgGf b', ['up', 'down', 'home', 'end', 'follow', 'page-down', 'page-up']],
    // Keys it has no use for, and sequences taken whole: keypad 1 (`ESC O q`) is no quit.
    ['x\x1b[15~\x1b[1;5C\x1bOqé😀', []],
    ['\x1b', []],
    ['\x1b[', []],
  ])('%j: %j', (input, actions) => {
    expect(keyActions(input)).toEqual(actions);
  });

  it('reads any input without failing, and keys typed one after another as each alone', () => {
    const keys = ['q', 'f', 'j', 'k', ' ', '\x1b[A', '\x1b[6~', '\x1bOH', '\x1b[1;2B', 'x', '\x03'];
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        for (const action of keyActions(input)) expect(ACTIONS).toContain(action);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...keys)), (typed) => {
        expect(keyActions(typed.join(''))).toEqual(typed.flatMap((k) => keyActions(k)));
      }),
    );
  });
});
