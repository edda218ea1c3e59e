import { useEffect, useRef } from 'react';
import { useSession } from '../state/sessionStore';

export const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ + Z', 'Undo'],
  ['Ctrl/⌘ + Shift + Z, Ctrl + Y', 'Redo'],
  ['N', 'New shot after the selected one'],
  ['Ctrl/⌘ + D', 'Duplicate the selected shot'],
  ['Delete', 'Delete the selected shot(s)'],
  ['← / →', 'Select the previous / next shot'],
  ['Alt + ← / →', 'Move the selected shot earlier / later'],
  ['Ctrl/⌘ + click, Shift + click', 'Select several shots / a run of shots'],
  ['Ctrl/⌘ + A, Escape', 'Select every shot / only the focused one'],
  ['R', 'Render takes of the selected shot(s)'],
  ['Q', 'Show or hide the render queue'],
  ['Ctrl/⌘ + Enter', 'Render all shots and export an MP4'],
  ['Space on a card, then arrows, then Space', 'Drag a shot with the keyboard'],
  ['?', 'Show this list'],
];

/** Modal dialogs (confirmations, shortcuts) and toasts. Focus moves into a dialog and Escape closes it. */
export function Overlays() {
  const { dialog, toasts, set, dismiss } = useSession();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (dialog) ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [dialog]);
  const close = () => set({ dialog: null });
  return (
    <>
      {dialog && (
        <div className="modal-backdrop" onMouseDown={close}>
          <div
            ref={ref}
            className="modal"
            role="dialog"
            aria-modal="true"
            aria-labelledby="modal-title"
            onMouseDown={(e) => e.stopPropagation()}
            onKeyDown={(e) => {
              if (e.key === 'Escape') close();
            }}
          >
            {dialog.kind === 'confirm' ? (
              <>
                <h2 id="modal-title">{dialog.title}</h2>
                <p>{dialog.body}</p>
                <div className="modal-actions">
                  <button onClick={close}>Cancel</button>
                  <button
                    className="danger"
                    data-autofocus
                    onClick={() => {
                      close();
                      dialog.onConfirm();
                    }}
                  >
                    {dialog.confirmLabel}
                  </button>
                </div>
              </>
            ) : (
              <>
                <h2 id="modal-title">Keyboard shortcuts</h2>
                <table className="shortcuts">
                  <tbody>
                    {SHORTCUTS.map(([keys, what]) => (
                      <tr key={keys}>
                        <td>
                          <kbd>{keys}</kbd>
                        </td>
                        <td>{what}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="modal-actions">
                  <button data-autofocus onClick={close}>
                    Close
                  </button>
                </div>
              </>
            )}
          </div>
        </div>
      )}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            <span>{t.message}</span>
            <button aria-label="Dismiss message" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
