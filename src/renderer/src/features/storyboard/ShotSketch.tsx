import type { Character, Shot, Style, TimeOfDay } from '../../../../shared/domain';

const SKY: Record<TimeOfDay, [string, string]> = {
  dawn: ['#3b4a7a', '#e9a48a'],
  morning: ['#6fa8dc', '#cfe3f3'],
  noon: ['#4a90d9', '#a9d1f5'],
  afternoon: ['#5b8fc7', '#e8d6a8'],
  'golden-hour': ['#c8713d', '#f4c46e'],
  dusk: ['#2e2a5a', '#d9704f'],
  night: ['#070a1a', '#1d2646'],
};
const GROUND: Record<Style, string> = {
  cinematic: '#1f2a2e',
  realistic: '#38402f',
  anime: '#3d6b4f',
  noir: '#151515',
  storybook: '#6b5a3a',
};
const X = { left: 0.18, 'center-left': 0.34, center: 0.5, 'center-right': 0.66, right: 0.82 } as const;
const DEPTH = { foreground: 1.25, midground: 0.9, background: 0.55 } as const;
const FRAME = {
  wide: 0.45,
  'two-shot': 0.7,
  medium: 0.85,
  aerial: 0.3,
  'over-the-shoulder': 1,
  insert: 1.4,
  'close-up': 1.6,
  'extreme-close-up': 2.2,
} as const;

/**
 * A schematic sketch of a shot for the storyboard card: sky and ground from time of day and style,
 * one silhouette per placed character. It is a layout aid, not a render; the previz renderer
 * draws real thumbnails once a shot has a take.
 */
export function ShotSketch({
  shot,
  characters,
  timeOfDay,
  style,
}: {
  shot: Shot;
  characters: Character[];
  timeOfDay: TimeOfDay;
  style: Style;
}) {
  const [top, bottom] = SKY[timeOfDay];
  const noir = style === 'noir';
  const zoom = FRAME[shot.shotType];
  const horizon = 62 - (zoom - 1) * 10;
  const gid = `sky-${shot.id}`;
  return (
    <svg
      viewBox="0 0 160 90"
      className={`sketch ${noir ? 'sketch-noir' : ''}`}
      role="img"
      aria-label={`Layout sketch: ${shot.shotType}, ${timeOfDay}`}
    >
      <defs>
        <linearGradient id={gid} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor={top} />
          <stop offset="1" stopColor={bottom} />
        </linearGradient>
      </defs>
      <rect width="160" height="90" fill={`url(#${gid})`} />
      <rect y={horizon} width="160" height={90 - horizon} fill={GROUND[style]} />
      {timeOfDay === 'night' &&
        [12, 40, 77, 101, 133, 150].map((x, i) => <circle key={x} cx={x} cy={8 + ((i * 13) % 30)} r="0.8" fill="#fff" opacity="0.8" />)}
      {shot.characters.map((b) => {
        const c = characters.find((ch) => ch.id === b.characterId);
        if (!c) return null;
        const s = Math.min(DEPTH[b.depth] * zoom * 14, 30);
        const cx = X[b.position] * 160;
        // Keep the head in frame: tight shots crop the figure at the bottom instead.
        const feet = Math.max(horizon + 18 * DEPTH[b.depth], 30 + 2.5 * s);
        return (
          <g key={b.characterId} opacity={b.depth === 'background' ? 0.8 : 1}>
            <rect x={cx - s * 0.45} y={feet - s * 2.1} width={s * 0.9} height={s * 1.6} rx={s * 0.35} fill={c.color} />
            <circle cx={cx} cy={feet - s * 2.5} r={s * 0.45} fill={c.color} />
          </g>
        );
      })}
      <rect width="160" height="90" fill="none" stroke="#0006" />
    </svg>
  );
}
