import { describe, expect, it } from 'vitest';
import { selectedShots, selectShot, type ShotSelection } from '../../../src/renderer/src/features/storyboard/selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const one = (id: string): ShotSelection => ({ focus: id, many: [] });

describe('shot selection on the strip', () => {
  it('a plain click selects one shot', () => {
    expect(selectedShots(selectShot({ focus: 'a', many: ['a', 'c'] }, 'd', 'only', order), order)).toEqual(['d']);
  });

  it('Ctrl/⌘-click adds and removes shots, keeping storyboard order', () => {
    let s = selectShot(one('d'), 'b', 'toggle', order);
    expect(s.focus).toBe('b');
    s = selectShot(s, 'e', 'toggle', order);
    expect(selectedShots(s, order)).toEqual(['b', 'd', 'e']);
    s = selectShot(s, 'd', 'toggle', order);
    expect(selectedShots(s, order)).toEqual(['b', 'e']);
    // Removing the focused shot moves the focus to one still selected.
    s = selectShot(s, 'e', 'toggle', order);
    expect(s).toEqual({ focus: 'b', many: [] });
    expect(selectedShots(s, order)).toEqual(['b']);
  });

  it('Shift-click selects the run from the focus to the shot, either way', () => {
    expect(selectedShots(selectShot(one('b'), 'd', 'range', order), order)).toEqual(['b', 'c', 'd']);
    expect(selectedShots(selectShot(one('d'), 'a', 'range', order), order)).toEqual(['a', 'b', 'c', 'd']);
    expect(selectShot(one('c'), 'c', 'range', order)).toEqual({ focus: 'c', many: [] });
  });

  it('focusing a shot outside the selection (a plain set of the focus) means that shot alone; deleted shots drop out', () => {
    expect(selectedShots({ focus: 'a', many: ['c', 'd'] }, order)).toEqual(['a']);
    expect(selectedShots({ focus: 'c', many: ['c', 'x', 'd'] }, order)).toEqual(['c', 'd']);
    expect(selectedShots({ focus: null, many: [] }, order)).toEqual([]);
  });
});
