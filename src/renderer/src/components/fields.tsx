import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { labelOf } from '../../../shared/domain';

/**
 * Text that is edited locally and committed to the document on blur, Enter (single line), or
 * after a pause in typing, so each commit is one undo step and nothing typed is lost.
 */
export function TextField(props: {
  label: string;
  value: string;
  onCommit(value: string): void;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  maxLength?: number;
  hint?: ReactNode;
  dir?: 'auto';
  className?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(props.value);
  const committed = useRef(props.value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { value, onCommit } = props;
  // A new value from the document (an undo, another window) replaces the draft.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  useEffect(() => {
    committed.current = value;
  }, [value]);

  const commit = (next: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (next !== committed.current) {
      committed.current = next;
      onCommit(next);
    }
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const common = {
    id,
    value: draft,
    placeholder: props.placeholder,
    dir: props.dir ?? 'auto',
    'aria-describedby': props.hint ? `${id}-hint` : undefined,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      if (timer.current) clearTimeout(timer.current);
      const next = e.target.value;
      timer.current = setTimeout(() => commit(next), 800);
    },
    onBlur: () => commit(draft),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape') {
        setDraft(committed.current);
        if (timer.current) clearTimeout(timer.current);
      } else if (e.key === 'Enter' && (!props.multiline || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        commit(draft);
      }
    },
  };
  const over = props.maxLength !== undefined && draft.length > props.maxLength;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? <textarea rows={props.rows ?? 3} {...common} /> : <input type="text" {...common} />}
      {(props.hint || over) && (
        <div id={`${id}-hint`} className={`hint ${over ? 'hint-error' : ''}`}>
          {over ? `${draft.length.toLocaleString()} / ${props.maxLength!.toLocaleString()} characters — too long to save` : props.hint}
        </div>
      )}
    </div>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T | null;
  options: readonly T[];
  onChange(value: T | null): void;
  /** Offered as the first option when the field may inherit its value. */
  inheritLabel?: string;
  labels?: Partial<Record<T, string>>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value === '' ? null : (e.target.value as T))}>
        {props.inheritLabel !== undefined && <option value="">{props.inheritLabel}</option>}
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.labels?.[o] ?? labelOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A number committed on blur or Enter; invalid text is shown as an error and not committed. */
export function NumberField(props: {
  label: string;
  value: number;
  onCommit(value: number): void;
  min?: number;
  max?: number;
  step?: number;
  suffix?: string;
  hint?: ReactNode;
}) {
  const id = useId();
  const [draft, setDraft] = useState(String(props.value));
  const [shown, setShown] = useState(props.value);
  if (props.value !== shown) {
    setShown(props.value);
    setDraft(String(props.value));
  }
  const parsed = Number(draft);
  const invalid =
    draft.trim() === '' ||
    !Number.isFinite(parsed) ||
    (props.min !== undefined && parsed < props.min) ||
    (props.max !== undefined && parsed > props.max);
  const commit = () => {
    if (!invalid && parsed !== props.value) props.onCommit(parsed);
  };
  return (
    <div className="field field-number">
      <label htmlFor={id}>{props.label}</label>
      <div className="input-suffix">
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={draft}
          min={props.min}
          max={props.max}
          step={props.step ?? 1}
          aria-invalid={invalid}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(String(props.value));
          }}
        />
        {props.suffix && <span className="suffix">{props.suffix}</span>}
      </div>
      {invalid ? (
        <div className="hint hint-error">
          Enter a number{props.min !== undefined ? ` from ${props.min}` : ''}
          {props.max !== undefined ? ` to ${props.max}` : ''}.
        </div>
      ) : (
        props.hint && <div className="hint">{props.hint}</div>
      )}
    </div>
  );
}

export function Section(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel-section" aria-label={props.title}>
      <header>
        <h3>{props.title}</h3>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}
