import { matchVoice, type CameoSummary } from '../../../../shared/cameos';
import type { Character } from '../../../../shared/domain';
import { useSession } from '../../state/sessionStore';
import type { Studio } from '../../state/studio';

const USE_NOTE: Partial<Record<CameoSummary['useState'], string>> = {
  requested: 'waiting for the owner’s approval',
  denied: 'the owner said no',
  'not-allowed': 'renders will ask the owner first',
  revoked: 'revoked: renders are refused',
  guarded: 'needs likeness approval',
};

/**
 * Binds a character to a cameo: previz draws the cameo's cut-out with a lip-synced mouth, and the
 * voice can be matched to the cameo's voice profile (pitch and rate; voice matching, not cloning).
 */
export function CameoBinding({
  studio,
  character: c,
  cameos,
  onBind,
}: {
  studio: Studio;
  character: Character;
  cameos: CameoSummary[];
  onBind: (patch: Partial<Character>) => void;
}) {
  const toast = useSession((s) => s.toast);
  const bound = cameos.find((x) => x.id === c.cameoId);
  return (
    <div className="field">
      <label htmlFor={`cameo-${c.id}`}>Cameo</label>
      <select id={`cameo-${c.id}`} value={c.cameoId ?? ''} onChange={(e) => onBind({ cameoId: e.target.value || null })}>
        <option value="">None (drawn figure)</option>
        {cameos
          .filter((x) => x.status !== 'revoked' || x.id === c.cameoId)
          .map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} ({x.kind}, {x.ownerName})
            </option>
          ))}
      </select>
      {bound && USE_NOTE[bound.useState] && <p className="warning small">{USE_NOTE[bound.useState]}</p>}
      {bound && (
        <button
          className="link small"
          onClick={async () => {
            const r = await studio.api.cameos.get({ cameoId: bound.id });
            if (!r.ok) return toast('error', r.error.message);
            if (!r.value.voice) return toast('error', `${bound.name}'s capture has no voice to match.`);
            onBind({ voice: matchVoice(r.value.voice, c.voice) });
            toast(
              'info',
              `${c.name}'s voice now matches ${bound.name}'s pitch, formants and pace (a flite voice, shifted: voice matching, not cloning).`,
            );
          }}
        >
          Match voice to {bound.name}
        </button>
      )}
    </div>
  );
}
