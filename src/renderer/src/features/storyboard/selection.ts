/**
 * Which shots are selected on the strip. One shot is the focus (the inspector shows it); Ctrl/⌘-click
 * adds or removes shots around it and Shift-click selects a run, for actions on several shots at once
 * (render, delete). Pure, so it is unit-tested.
 */
export interface ShotSelection {
  /** The focused shot. */
  focus: string | null;
  /** Every selected shot (the focus included) when more than one is; otherwise empty. */
  many: readonly string[];
}

export type SelectMode = 'only' | 'toggle' | 'range';

/** The selection after a click on `id` (plain, Ctrl/⌘, Shift). `order` is the storyboard's shot order. */
export function selectShot(sel: ShotSelection, id: string, mode: SelectMode, order: readonly string[]): ShotSelection {
  const current = selectedShots(sel, order);
  if (mode === 'only' || !sel.focus) return { focus: id, many: [] };
  if (mode === 'toggle') {
    if (current.includes(id)) {
      const rest = current.filter((s) => s !== id);
      if (rest.length === 0) return { focus: id, many: [] };
      return { focus: sel.focus === id ? rest[rest.length - 1]! : sel.focus, many: rest.length > 1 ? rest : [] };
    }
    return { focus: id, many: [...current, id] };
  }
  const a = order.indexOf(sel.focus);
  const b = order.indexOf(id);
  if (a < 0 || b < 0) return { focus: id, many: [] };
  const run = order.slice(Math.min(a, b), Math.max(a, b) + 1);
  return { focus: id, many: run.length > 1 ? run : [] };
}

/** The selected shots in storyboard order (just the focus when one is selected); gone shots are left out. */
export function selectedShots(sel: ShotSelection, order: readonly string[]): string[] {
  const ids = sel.many.length > 1 && sel.focus && sel.many.includes(sel.focus) ? sel.many : sel.focus ? [sel.focus] : [];
  return order.filter((id) => ids.includes(id));
}
